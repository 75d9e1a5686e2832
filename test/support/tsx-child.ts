// A TypeScript script run as a child process (npx runs tsx, which runs node) in a process group
// of its own, so that a kill -9 of the group reaches all three, with what it prints collected.
// The crash tests use it to kill the app's code at random moments.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function spawnTsxChild(script: string, env: Record<string, string>) {
  const child = spawn('npx', ['tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (b: Buffer) => (output.stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output.stderr += b.toString()));
  // 'close', not 'exit': every line the child wrote has been read by then.
  const closed = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('close', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output, closed, killGroup: () => process.kill(-child.pid!, 'SIGKILL') };
}
