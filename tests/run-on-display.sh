#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a test that needs a display and a session bus: on its own Xvfb, then
# with its own D-Bus session (in that order, so the AT-SPI registry sees
# DISPLAY). Xvfb picks a free display itself (-displayfd), so tests can run
# in parallel without racing for a display number as xvfb-run -a does.
set -eu
if [ -n "${STARTLINE_TEST_HAS_DISPLAY:-}" ]; then
  exec "$@"
fi
export STARTLINE_TEST_HAS_DISPLAY=1

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "Bail out! Xvfb is not installed (apt-get install xvfb)"
  exit 1
fi

dir=$(mktemp -d)
trap 'kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; rm -rf "$dir"' EXIT INT TERM
mkfifo "$dir/displayfd"
Xvfb -displayfd 4 -screen 0 1280x800x24 -nolisten tcp -noreset 4>"$dir/displayfd" \
  >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
read -r display <"$dir/displayfd"
export DISPLAY=":$display"
unset XAUTHORITY

dbus-run-session -- "$@" && status=0 || status=$?
exit $status
