#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Accessibility page end to end: the real `startline` on a demo event
with needs, driven over the accessibility bus as an accessibility officer
would (Alt+3, Ctrl+F, Enter, Show Detail), then checked against the event
with startline-cli. Fails when a need's detail is anywhere in the
accessible tree before the officer asks for it, and on a control without a
real name; keeps a screenshot of each step in $STARTLINE_ARTIFACTS_DIR.
Then allocates the need listed to a facility (Alt+F): the preview's counts
read over the bus, nothing written until Allocate (Alt+A), the booking
checked with the command line.

Signing in: the command line as the demo's officer (`--as`, with
STARTLINE_PASSPHRASE); the window through its "Sign In…" button.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L, KEY_ESCAPE, KEY_RETURN,  # noqa: E402
                    Scenario, app_env, check_names, cli, find, find_all, find_app, find_window,
                    new_event, poll, press, screenshot, set_text, sign_in, text_of, type_text,
                    wait_for, walk)
import pyatspi  # noqa: E402

PLANNED = 23
ENTRANTS = 5000
# Unique, so that it can be looked for anywhere in the tree.
SECRET = 'E2E-SECRET-0d41 uses a white cane'
COLUMNS = ['Bib', 'Name', 'Type', 'Status', 'Race', 'Start area', 'Markers', 'Updated']
# Sorts first among the facilities, so the allocation dialog offers it first.
FACILITY = 'A calm room e2e'
COUNTS = re.compile(r'^(\d+) fits?, (\d+) to the waiting list, (\d+) already booked$')


OFFICER = {}


def officer_cli(db, *args):
    """startline-cli as the demo's officer."""
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


def holds(root, text):
    """Whether any object's name, description or text under root holds text."""
    for node, _ in walk(root):
        try:
            if text in (node.name or '') or text in (node.description or ''):
                return True
            if node.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_LABEL) \
                    and text in text_of(node):
                return True
        except Exception:
            continue
    return False


def pick_bib(db):
    """An entrant who has no need yet, to record one for."""
    listed = {line.split('\t')[1] for line in officer_cli(db, 'need', 'list').splitlines()}
    for line in cli(db, 'search', 'smi', '--limit', '50').splitlines():
        bib, name = line.split('\t')[:2]
        if bib not in listed:
            return bib, name
    raise RuntimeError('no entrant without needs found')


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'demo')
    for line in cli(db, 'demo', '--entrants', str(ENTRANTS)).splitlines():
        key, _, value = line.partition(': ')
        if key in ('officer', 'passphrase'):
            OFFICER['name' if key == 'officer' else 'passphrase'] = value
    bib, name = pick_bib(db)
    need_id = officer_cli(db, 'need', 'add', bib, '--type', 'visual-impairment',
                          '--detail', SECRET).strip()
    tap.ok(need_id.isdigit(), f'a need recorded for {name} (bib {bib}): id {need_id}')
    officer_cli(db, 'facility', 'add', '--kind', 'quiet-space', '--name', FACILITY,
                '--capacity', '3', '--opens', '08:30', '--closes', '10:30', '--slot-minutes', '30',
                '--location', 'Finish')

    app = run.start(db, env=app_env())
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)
    signed_in = sign_in_as_officer(root)
    tap.ok(signed_in, f'signed in through Sign In… as the officer {OFFICER["name"]}')
    if not signed_in:
        raise TimeoutError('could not sign in')

    press(ord('3'), KEYCODE_ALT_L)
    table = wait_for(lambda: find(root, pyatspi.ROLE_TREE_TABLE, name='Needs') or
                     find(root, pyatspi.ROLE_TABLE, name='Needs'), 'the needs table', 30)
    time.sleep(0.5)
    screenshot(tap, 'accessibility-list')
    headings = find(table, pyatspi.ROLE_TABLE_ROW, name='Column headings')
    headers = [child.name for child in headings] if headings is not None else []
    tap.ok(headers == COLUMNS, f'the needs table has its column headers: {headers}')
    check_names(tap, root, 'the Accessibility page')
    tap.ok(not holds(root, 'E2E-SECRET'), 'no detail anywhere on the page')

    # Ctrl+F, the bib, Enter to the need found, Enter to open it.
    press(ord('f'), KEYCODE_CONTROL_L)
    search = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY, name='Search needs'),
                      'the search field')
    wait_for(lambda: search.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')
    type_text(bib)
    row = poll(lambda: find(root, pyatspi.ROLE_TABLE_ROW, contains=f'bib {bib}'))
    if row is None:
        for node in find_all(root, pyatspi.ROLE_TABLE_ROW):
            tap.diag(f'row {node.name!r}')
    tap.ok(row is not None and 'Visual impairment' in row.name,
           f'searching {bib} lists {row.name if row else None!r}')
    press(KEY_RETURN)
    time.sleep(0.3)
    press(KEY_RETURN)
    dialog = poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, contains=name.split()[-1]), 15)
    tap.ok(dialog is not None, f'Enter opens the need editor: {dialog.name if dialog else None!r}')
    if dialog is None:
        return
    time.sleep(0.5)
    screenshot(tap, 'need-editor')
    tap.ok(not holds(root, 'E2E-SECRET'), 'the editor holds no detail before Show Detail')
    check_names(tap, dialog, 'the need editor')
    audit_before = officer_cli(db, 'audit').count('read-detail')

    show = wait_for(lambda: find(dialog, pyatspi.ROLE_PUSH_BUTTON, name='Show Detail'),
                    'the Show Detail button')
    show.queryAction().doAction(0)
    detail = poll(lambda: holds(dialog, SECRET), 15)
    tap.ok(detail, 'Show Detail shows the detail')
    time.sleep(0.5)
    screenshot(tap, 'need-editor-detail')
    audit_after = poll(lambda: officer_cli(db, 'audit').count('read-detail') > audit_before, 10)
    tap.ok(audit_after, 'showing the detail is in the audit log')

    press(KEY_ESCAPE)
    gone = poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, contains=name.split()[-1]) is None, 10)
    tap.ok(gone and not holds(root, 'E2E-SECRET'),
           'closed, the detail is gone from the tree')

    # A new type of need, by the keyboard: Alt+T, the label (the code
    # follows it), Alt+A to add; the command line lists it.
    press(ord('t'), KEYCODE_ALT_L)
    type_dialog = poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='New Need Type'), 15)
    tap.ok(type_dialog is not None, 'Alt+T opens New Need Type')
    if type_dialog is None:
        return
    label = wait_for(lambda: find(type_dialog, pyatspi.ROLE_TEXT, name='Label') or
                     find(type_dialog, pyatspi.ROLE_ENTRY, name='Label'), 'the Label field')
    wait_for(lambda: label.getState().contains(pyatspi.STATE_FOCUSED), 'focus on the label')
    type_text('Quiet start e2e')
    time.sleep(0.5)
    screenshot(tap, 'need-type-dialog')
    check_names(tap, type_dialog, 'New Need Type')
    press(ord('a'), KEYCODE_ALT_L)
    added = poll(lambda: 'quiet-start-e2e' in officer_cli(db, 'need', 'types'), 15)
    tap.ok(added and poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='New Need Type') is None,
                          10),
           'Alt+A adds the type (the command line lists quiet-start-e2e) and closes the dialog')

    # The planning meeting's counts.
    press(ord('u'), KEYCODE_ALT_L)
    summary = poll(lambda: find(root, name='Needs by type and status'), 15)
    time.sleep(0.5)
    screenshot(tap, 'accessibility-summary')
    tap.ok(summary is not None and find(root, name='Needs by start area and status') is not None,
           'the summary has its two named tables')
    check_names(tap, root, 'the summary')

    allocate(tap, root, db, bib, name)


def labels(root):
    """The text of every label under root."""
    found = []
    for node in find_all(root, pyatspi.ROLE_LABEL):
        try:
            found.append(text_of(node))
        except Exception:
            found.append(node.name or '')
    return found


def booking_lines(db, bib):
    """The command line's bookings of the e2e facility for bib."""
    return [line for line in officer_cli(db, 'bookings', FACILITY).splitlines()
            if line.split('\t')[0] == bib]


def allocate(tap, root, db, bib, name):
    """The needs listed narrowed to the e2e entrant's; Alt+F opens the
    allocation preview, whose counts are read before anything is written;
    Alt+A allocates."""
    press(ord('l'), KEYCODE_ALT_L)
    search = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY, name='Search needs'),
                      'the search field')
    set_text(search, bib)
    poll(lambda: find(root, pyatspi.ROLE_TABLE_ROW, contains=f'bib {bib}'))
    press(ord('f'), KEYCODE_ALT_L)
    dialog = poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='Allocate to a Facility'), 15)
    tap.ok(dialog is not None, 'Alt+F opens Allocate to a Facility')
    if dialog is None:
        screenshot(tap, 'allocation-missing')
        button = find(root, pyatspi.ROLE_PUSH_BUTTON, contains='Allocate')
        tap.diag(f'button {button.name if button else None!r} '
                 f'{button.getState().getStates() if button else None}')
        return
    summary = poll(lambda: next((text for text in labels(dialog) if COUNTS.match(text)), None),
                   15)
    counts = COUNTS.match(summary) if summary else None
    tap.ok(counts is not None and [int(n) for n in counts.groups()] == [1, 0, 0]
           and any(f'{FACILITY}, Finish' in text for text in labels(dialog)),
           f'the preview of {FACILITY} reads its counts: {summary!r}')
    tap.ok(holds(dialog, name) and holds(dialog, 'Fits'),
           f'the preview names {name}, who fits')
    tap.ok(not booking_lines(db, bib), 'the preview wrote nothing')
    time.sleep(0.5)
    screenshot(tap, 'allocation-preview')
    check_names(tap, dialog, 'Allocate to a Facility')
    press(ord('a'), KEYCODE_ALT_L)
    written = poll(lambda: any(text.startswith(f'Allocated to {FACILITY}')
                               for text in labels(dialog)), 15)
    lines = poll(lambda: booking_lines(db, bib), 10) or []
    tap.ok(written and len(lines) == 1 and '\tconfirmed' in lines[0],
           f'Alt+A allocates: the command line lists {lines!r}')
    press(KEY_ESCAPE)


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
