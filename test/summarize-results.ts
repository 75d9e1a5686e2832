// Prints one closing line for `npm test`, summing Vitest's and Playwright's JSON reports:
// "N passed, N failed, N skipped". Either report may be missing when its runner crashed; that
// is said, and counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitest(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
  };
  // A file whose set-up threw (beforeAll) fails with none of its tests failed: Vitest reports
  // them as skipped. Count each such file as a failure and its tests as not skipped, and name it.
  const broken = r.testResults.filter(
    (t) => t.status === 'failed' && !t.assertionResults.some((a) => a.status === 'failed'),
  );
  for (const t of broken) console.log(`Vitest: ${t.name} failed before its tests ran (see its error above).`);
  const notRun = broken.reduce(
    (n, t) => n + t.assertionResults.filter((a) => a.status === 'skipped').length,
    0,
  );
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + broken.length,
    skipped: r.numPendingTests + r.numTodoTests - notRun,
  };
}

function playwright(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const { stats } = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const [vitestFile, playwrightFile] = process.argv.slice(2) as [string, string];
const parts = [
  ['Vitest', vitest(vitestFile)],
  ['Playwright', playwright(playwrightFile)],
] as const;
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, counts] of parts) {
  if (!counts) {
    console.log(`${name} wrote no report: counted as one failure.`);
    total.failed += 1;
    continue;
  }
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
