#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs an end-to-end test script on a display with a session bus. The TAP
# stream goes to descriptor 3 (the real stdout); everything else, including
# the output of daemons the session bus starts, goes to stderr.
exec 3>&1 1>&2
export STARTLINE_TAP_FD=3
exec "$(dirname "$0")/../run-on-display.sh" "$@"
