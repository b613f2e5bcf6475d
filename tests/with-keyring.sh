#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command with a desktop keyring of its own: a D-Bus session bus
# (dbus-run-session) on which gnome-keyring-daemon serves the Secret
# Service, its login keyring made and unlocked in a temporary folder
# (XDG_DATA_HOME), removed afterwards. The exit status is the command's.
#
#   tests/with-keyring.sh CMD ARGS...
set -eu
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "Bail out! gnome-keyring-daemon is not installed (apt-get install gnome-keyring)"
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -m 700 "$dir/data" "$dir/runtime"
export XDG_DATA_HOME="$dir/data"
export XDG_RUNTIME_DIR="$dir/runtime"
dbus-run-session -- sh -c '
  printf "%s" "startline tests" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$@" && status=0 || status=$?
exit $status
