#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The check-in that was lost: the app has an event open; its Open dialog
lists the event's folder (GIO opens and closes the event's files there to
sniff their types); startline-cli runs on the same event; the desk checks
someone in, the toast confirms it. That check-in must be in the file as
every other process sees it, and still there after the app is killed with
SIGKILL.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (KEYCODE_CONTROL_L, KEY_ESCAPE, KEY_RETURN, Scenario, cli,  # noqa: E402
                    find, find_app, frames, make_demo, poll, press, screenshot, stats,
                    type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 7


def registered_bib(db, prefix):
    for line in cli(db, 'search', prefix, '--limit', '50').splitlines():
        bib, name, race, wave, status = line.split('\t')
        if status == 'registered':
            return bib, name
    raise RuntimeError('no registered entrant found')


def status_of(db, bib):
    line = cli(db, 'search', bib, '--limit', '1').strip()
    return line.split('\t')[-1] if line else None


def deleted_files(pid):
    """The app's open files that no longer have a name."""
    found = []
    fd_dir = f'/proc/{pid}/fd'
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.endswith(' (deleted)'):
            found.append(target)
    return found


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = os.path.join(workdir, 'demo.startline')
    make_demo(db, 2000)
    bib, name = registered_bib(db, 'a')
    before = int(stats(db)['checked_in'])

    app = run.start(db)
    root = find_app(app.pid)
    entry = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the search field', 30)
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')

    # Ctrl+O, then the event's folder typed into the chooser.
    press(ord('o'), KEYCODE_CONTROL_L)
    wait_for(lambda: len(frames(root)) == 2, 'the Open dialog')
    time.sleep(0.5)
    type_text(workdir + '/')
    time.sleep(0.5)
    press(KEY_RETURN)
    listed = poll(lambda: find(root, contains=os.path.basename(workdir)), timeout=15)
    tap.ok(listed is not None, f'the Open dialog lists the event\'s folder: {workdir}')
    screenshot(tap, 'file-chooser-on-event-folder')
    # Long enough for GIO to have sniffed every file there.
    time.sleep(2)

    # Any command on the same event, while the dialog is open.
    tap.ok(stats(db)['entrants'] == '2000', 'startline-cli stats runs meanwhile')
    press(KEY_ESCAPE)
    wait_for(lambda: len(frames(root)) == 1, 'the dialog to close')

    # Closing the dialog gives the focus back to where a scan goes; the
    # desk scans the runner and checks them in from the keyboard.
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'the focus back in the search field')
    type_text(bib)
    press(KEY_RETURN)
    wait_for(lambda: find(root, pyatspi.ROLE_LABEL, name=name), f'{name} on the card')
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    toast = poll(lambda: find(root, contains=f'(bib {bib}) checked in'))
    screenshot(tap, 'file-chooser-then-check-in')
    tap.ok(toast is not None, f'the desk confirms it: {toast.name if toast else None!r}')

    gone = deleted_files(app.pid)
    tap.ok(not gone, f'the app writes into no deleted file: {gone}')
    tap.ok(status_of(db, bib) == 'checked-in',
           f'another process sees the check-in: {status_of(db, bib)!r}')

    os.kill(app.pid, signal.SIGKILL)
    app.wait()
    tap.ok(status_of(db, bib) == 'checked-in',
           f'after kill -9 of the app it is still there: {status_of(db, bib)!r}')
    after = int(stats(db)['checked_in'])
    tap.ok(after == before + 1, f'startline-cli stats: checked_in {before} -> {after}')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
