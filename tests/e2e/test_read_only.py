#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An event opened for reading only (`startline --read-only`, as the app
does by itself for a file or folder it cannot write): the window says so
where a person and a screen reader meet the event first, searching works,
a check-in is refused with a message saying why, and the file is byte for
byte unchanged.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (KEYCODE_CONTROL_L, KEY_RETURN, Scenario, cli, find, find_app,  # noqa: E402
                    make_demo, poll, press, screenshot, stats, type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 6


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = os.path.join(workdir, 'demo.startline')
    make_demo(db, 2000)
    bib = next(line.split('\t')[0] for line in cli(db, 'search', 'a', '--limit', '50').splitlines()
               if line.endswith('\tregistered'))
    before = sha256(db)

    app = run.start('--read-only', db)
    root = find_app(app.pid)
    frame = wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)
    tap.ok(frame.name.endswith('(Read Only)'), f'the window says so: {frame.name!r}')
    subtitle = poll(lambda: find(root, pyatspi.ROLE_LABEL, contains='Read Only'))
    tap.ok(subtitle is not None, f'so does the header: {subtitle.name if subtitle else None!r}')

    entry = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the search field')
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')
    type_text(bib)
    press(KEY_RETURN)
    row = poll(lambda: find(root, pyatspi.ROLE_LIST_ITEM, contains=f'bib {bib}'))
    tap.ok(row is not None, f'searching works: {row.name if row else None!r}')

    press(KEY_RETURN, KEYCODE_CONTROL_L)
    refusal = poll(lambda: find(root, contains='open for reading only'))
    tap.ok(refusal is not None,
           f'a check-in is refused, saying why: {refusal.name if refusal else None!r}')
    screenshot(tap, 'read-only')
    tap.ok(stats(db)['checked_in'] == '0', 'startline-cli stats: nobody checked in')
    run.stop()
    tap.ok(sha256(db) == before, 'the file is byte for byte unchanged (sha256)')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
