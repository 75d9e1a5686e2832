#!/usr/bin/env bash
# Runs a command with a real Secret Service (gnome-keyring on a private D-Bus session), so
# keytar talks to the same kind of keychain a Linux desktop has. Used by `npm test`.
# Outside Linux, or when the tools are missing, the command runs as it is and the keychain
# tests say loudly that they were skipped.
set -euo pipefail
if [ "${DATAFINITI_IN_KEYRING:-}" = "1" ]; then exec "$@"; fi
if [ "$(uname)" != "Linux" ] || ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session or gnome-keyring-daemon not found; keychain tests will be skipped" >&2
  exec "$@"
fi
export DATAFINITI_IN_KEYRING=1
# Temp HOME for the keyring files so a developer's own keychain is never touched. The demo
# with --data-dir D passes DATAFINITI_KEYRING_HOME=D/keyring instead, kept between runs.
if [ -n "${DATAFINITI_KEYRING_HOME:-}" ]; then
  keyring_home="$DATAFINITI_KEYRING_HOME"
  mkdir -p "$keyring_home"
  chmod 700 "$keyring_home"
else
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
fi
exec_inner='
  set -euo pipefail
  export XDG_DATA_HOME="$KEYRING_HOME/data" XDG_RUNTIME_DIR="$KEYRING_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  # --unlock with a password on stdin creates and unlocks the login keyring without a prompt.
  eval "$(printf "datafiniti-test" | gnome-keyring-daemon --daemonize --unlock --components=secrets)" >/dev/null
  export DATAFINITI_KEYRING=gnome-keyring
  "$@"
'
KEYRING_HOME="$keyring_home" dbus-run-session -- bash -c "$exec_inner" with-keyring "$@"
