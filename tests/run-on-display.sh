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

# Under set -e a failing command here would become the test's exit status.
# Services the session bus started outlive it by a moment (the document
# portal keeps $XDG_RUNTIME_DIR/doc busy), so removing $dir may take retries.
cleanup() {
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  tries=0
  until rm -rf "$dir" 2>/dev/null || [ "$tries" -ge 20 ]; do
    tries=$((tries + 1))
    sleep 0.1
  done
}
xvfb_pid=""
dir=$(mktemp -d)
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkfifo "$dir/displayfd"
Xvfb -displayfd 4 -screen 0 1280x800x24 -nolisten tcp -noreset 4>"$dir/displayfd" \
  >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
read -r display <"$dir/displayfd"
export DISPLAY=":$display"
unset XAUTHORITY

# From a Wayland desktop session GTK would pick the user's compositor over
# this Xvfb: the windows would open on their screen and AT-SPI cannot
# synthesise input there (the e2e test crashes). Force X11.
unset WAYLAND_DISPLAY
export GDK_BACKEND=x11

# The same on a developer's machine as on CI: no settings of theirs (a GTK
# settings.ini, a font) reach the tests, and the sockets and caches the tests
# make (the accessibility bus, Mesa's shader cache, recent files) stay out of
# their home and runtime dir and go away with $dir.
mkdir -m 700 "$dir/runtime" "$dir/cache" "$dir/config" "$dir/data"
export XDG_RUNTIME_DIR="$dir/runtime"
export XDG_CACHE_HOME="$dir/cache"
export XDG_CONFIG_HOME="$dir/config"
export XDG_DATA_HOME="$dir/data"

dbus-run-session -- "$@" && status=0 || status=$?
exit $status
