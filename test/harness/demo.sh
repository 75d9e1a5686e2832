#!/usr/bin/env bash
# `npm run demo`: the preview inside a private keychain (test/with-keyring.sh). With
# `--data-dir D` that keychain lives in D/keyring and is kept, so the next run with the same D
# finds its accounts still signed in.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --data-dir) [ $((i + 1)) -lt ${#args[@]} ] && export DATAFINITI_KEYRING_HOME="$(realpath -m "${args[$((i + 1))]}")/keyring" ;;
    --data-dir=*) export DATAFINITI_KEYRING_HOME="$(realpath -m "${args[$i]#--data-dir=}")/keyring" ;;
  esac
done
exec bash "$here/../with-keyring.sh" npx tsx "$here/preview.ts" "$@"
