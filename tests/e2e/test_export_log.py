#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Export Log page end to end: an export through a profile by
startline-cli, then the real `startline` on that event, signed in as the
demo's officer (an admin too) by the keyboard; Alt+6 shows the Export
Log, whose row for the export is read as a screen reader reads it (when,
who, profile, rows) with its reason in a cell; a control without a real
name fails. A scenario of its own: it signs in and changes the window's
pages, which no other scenario should inherit.
Keeps a screenshot in $STARTLINE_ARTIFACTS_DIR.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L, KEY_RETURN, Scenario,  # noqa: E402
                    app_env, check_names, cli, find, find_all, find_app, new_event, poll, press,
                    screenshot, sign_in, type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 5
ENTRANTS = 300
OFFICER = {}
REASON = 'E2E finish line check'


def officer_cli(db, *args):
    """startline-cli as the demo's officer (an admin too)."""
    saved = os.environ.get('STARTLINE_PASSPHRASE')
    os.environ['STARTLINE_PASSPHRASE'] = OFFICER['passphrase']
    try:
        return cli(db, '--as', OFFICER['name'], *args)
    finally:
        if saved is None:
            del os.environ['STARTLINE_PASSPHRASE']
        else:
            os.environ['STARTLINE_PASSPHRASE'] = saved


def sign_in_as_officer(root):
    """Signs in as the demo's officer; True once the header bar says so."""
    return sign_in(root, OFFICER['name'], OFFICER['passphrase']) is not None


def export_row(root):
    """The log's row for the export: named "when, who, profile, N rows"."""
    for row in find_all(root, pyatspi.ROLE_TABLE_ROW):
        name = row.name or ''
        if ', full, ' in name and name.endswith(f', {ENTRANTS} rows'):
            return row
    return None


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'demo')
    for line in cli(db, 'demo', '--entrants', str(ENTRANTS)).splitlines():
        key, _, value = line.partition(': ')
        if key in ('officer', 'passphrase'):
            OFFICER['name' if key == 'officer' else 'passphrase'] = value

    out = os.path.join(workdir, 'everyone.csv')
    said = officer_cli(db, 'export', out, '--profile', 'full', '--reason', REASON)
    logged = officer_cli(db, 'exports')
    tap.ok(os.path.exists(out) and REASON in logged,
           f'startline-cli exports through the full profile and logs it: {said.strip()!r}')

    app = run.start(db, env=app_env())
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)

    signed_in = sign_in_as_officer(root)
    tap.ok(signed_in, f'signed in through Sign In… as {OFFICER["name"]}')
    if not signed_in:
        raise TimeoutError('could not sign in')

    # Alt+6: the Export Log, the export's row read as a screen reader would.
    press(ord('6'), KEYCODE_ALT_L)
    row = poll(lambda: export_row(root), 20)
    tap.ok(row is not None, f'Alt+6 shows the Export Log with the export\'s row: '
                            f'{row.name if row is not None else None!r}')
    if row is None:
        for node in find_all(root, contains='full'):
            tap.diag(f'{node.getRoleName()}: {node.name!r}')
    reason = row is not None and find(row, pyatspi.ROLE_TABLE_CELL, name=REASON)
    cells = [cell.name for cell in find_all(row, pyatspi.ROLE_TABLE_CELL)] if row else []
    tap.ok(bool(reason) and OFFICER['name'] in row.name and 'everyone.csv' in cells,
           f'the row holds the reason, who and the file: {cells!r}')
    time.sleep(0.5)
    screenshot(tap, 'export-log-page')
    check_names(tap, root, 'the Export Log page')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
