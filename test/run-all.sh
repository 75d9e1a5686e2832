#!/usr/bin/env bash
# `npm test`: everything CI checks, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

step() { printf '\n=== %s\n' "$*"; }

step "typecheck"; npm run --silent typecheck
step "lint"; npm run --silent lint
step "build"; npx electron-vite build >/dev/null
step "security: electronegativity over the built app"; npx tsx test/security/electronegativity.ts
# Unit, integration and browser tests share one private D-Bus session with a real keychain.
step "vitest + playwright (inside a private Secret Service session)"
bash test/with-keyring.sh bash -c 'npx vitest run && npx playwright test'
