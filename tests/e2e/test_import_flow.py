#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Importing entrants with the keyboard alone, as a screen reader hears it:
Ctrl+I, a typed path in the file chooser, the preview, Check (Alt+H) and its
report of bad rows, Alt+Left back to the preview, "good rows only" (Alt+G),
Import (Alt+I), Enter to close, and the window's toast. Every page of the
dialog has every control named; startline-cli stats agrees with the report.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (Announcements, KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEY_RETURN, Scenario,  # noqa: E402
                    check_names, cli, find, find_app, frames, new_event, press, screenshot,
                    stats, type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 9
KEY_LEFT = 0xff51
TITLE = 'Import Entrants'
# Two good rows and five bad ones (a date that does not exist, broken
# quotes, a short row, a bib used twice, an unknown gender).
BAD_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'import',
                        'entrants-bad.csv')


def visible(node):
    # GTK 4.8 sets no "showing" state; "visible" follows the widget.
    return node is not None and node.getState().contains(pyatspi.STATE_VISIBLE)


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'event')
    cli(db, 'init', '--event', 'Riverside 10K', '--date', '2026-05-10')
    app = run.start(db)
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the check-in page')

    # The dialog opens its file chooser at once; Ctrl+L takes a path.
    press(ord('i'), KEYCODE_CONTROL_L)
    wait_for(lambda: len(frames(root)) == 3, 'the file chooser')
    press(ord('l'), KEYCODE_CONTROL_L)
    type_text(os.path.abspath(BAD_FILE))
    press(KEY_RETURN)
    described = wait_for(lambda: find(root, pyatspi.ROLE_LABEL,
                                      contains='entrants-bad.csv: UTF-8'), 'the preview')
    dialog = [node for node in root if node is not None and node.name == TITLE][0]
    tap.ok(frames(root) == [('frame', 'Riverside 10K'), ('dialog', TITLE)],
           f'a typed path opens the preview: {described.name!r}')
    check_names(tap, dialog, 'the preview')

    press(ord('h'), KEYCODE_ALT_L)
    report = wait_for(lambda: find(dialog, pyatspi.ROLE_LABEL, contains='Check finished'),
                      'the check report')
    rows = [find(dialog, pyatspi.ROLE_LIST_ITEM, contains=f'Line {n}') for n in range(3, 8)]
    problems = [node.name for node in rows if node is not None]
    tap.diag(f'{report.name!r}: {problems}')
    tap.ok('5 rejected' in report.name and len(problems) == 5,
           'Alt+H checks: the report lists the 5 bad rows by line')
    check_names(tap, dialog, 'the report')
    screenshot(tap, 'import-report')

    # The Back button is there only on the report.
    def back():
        return find(dialog, pyatspi.ROLE_PUSH_BUTTON, name='Back to the preview')
    tap.diag(f'on the report, Back is visible: {visible(back())}')
    press(KEY_LEFT, KEYCODE_ALT_L)
    try:
        wait_for(lambda: not visible(back()), 'the preview again', 5)
    except TimeoutError:
        pass
    tap.ok(not visible(back()) and stats(db)['entrants'] == '0',
           'Alt+Left goes back to the preview; nothing was written')

    press(ord('g'), KEYCODE_ALT_L)
    switch = find(dialog, pyatspi.ROLE_CHECK_BOX, name='Import good rows only')
    try:
        wait_for(lambda: switch.getState().contains(pyatspi.STATE_CHECKED), 'the switch', 5)
    except TimeoutError:
        pass
    tap.ok(switch is not None and switch.getState().contains(pyatspi.STATE_CHECKED),
           'Alt+G turns on "good rows only"')
    press(ord('i'), KEYCODE_ALT_L)
    done = wait_for(lambda: find(dialog, pyatspi.ROLE_LABEL, contains='Imported:'),
                    'the import report')
    tap.ok(done.name.startswith('Imported: 2 new, 0 updated, 5 rejected')
           and stats(db)['entrants'] == '2',
           f'Alt+I imports the good rows: {done.name!r}; startline-cli stats: entrants: 2')
    check_names(tap, dialog, 'the finished report')

    # Only Close is left, with the focus: Enter closes. The toast is heard
    # from the events a screen reader gets: it is gone after five seconds, and
    # a walk of the tree on a loaded machine can begin after that.
    said = Announcements()
    press(KEY_RETURN)
    wait_for(lambda: len(frames(root)) == 1, 'the dialog to close')
    spoken = wait_for(lambda: said.spoken('Import finished'), 'the toast to be said')
    said.close()
    tap.ok(spoken[2] == 'Import finished. New: 2, updated: 0, unchanged: 0, '
                        'skipped for problems: 5',
           f'Enter closes the dialog; the toast says {spoken[2]!r}')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
