#!/usr/bin/env bash
# `npm test`: everything CI checks, in the order that fails fastest, ending with one line
# "N passed, N failed, N skipped" over both test runners.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "typecheck"; npm run --silent typecheck
step "lint"; npm run --silent lint
step "build"; npx electron-vite build >/dev/null
step "security: electronegativity over the built app"; npx tsx test/security/electronegativity.ts --no-build

reports=test-results/reports
rm -rf "$reports"; mkdir -p "$reports"
# Unit, integration and browser tests share one private D-Bus session with a real keychain.
# Both runners run even when the first fails, so one report tells everything.
step "vitest + playwright (inside a private Secret Service session)"
status=0
bash test/with-keyring.sh bash -c "
  rc=0
  npx vitest run --reporter=default --reporter=json --outputFile.json=$reports/vitest.json || rc=1
  PLAYWRIGHT_JSON_OUTPUT_NAME=$reports/playwright.json npx playwright test --reporter=list,json || rc=1
  exit \$rc
" || status=1

step "summary"
npx tsx test/summarize-results.ts "$reports/vitest.json" "$reports/playwright.json"
exit $status
