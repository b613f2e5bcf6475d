#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a test that needs a display and a session bus: under Xvfb with its
# own D-Bus session (in that order, so the AT-SPI registry sees DISPLAY).
# When a display is already there (a developer's desktop), runs as is.
set -e
if [ -n "$STARTLINE_TEST_HAS_DISPLAY" ]; then
  exec "$@"
fi
export STARTLINE_TEST_HAS_DISPLAY=1
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "1..0 # SKIP xvfb-run is not installed"
  exit 0
fi
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$@"
