#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Facilities page end to end: the real `startline` on a demo event,
driven over the accessibility bus as an accessibility officer would
(Alt+4, New Facility… by the keyboard, Alt+S to the timeline and the arrows
along it, Door Mode… and a scan), with bookings made meanwhile by
startline-cli, which the page follows. The timeline's figures are read as
text, as a screen reader reads them; a control without a real name fails.
Keeps a screenshot of each step in $STARTLINE_ARTIFACTS_DIR.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (Announcements, KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L,  # noqa: E402
                    KEY_RETURN, KEY_TAB, Scenario, app_env, check_names, cli, describe, find,
                    find_all, find_app, find_window, focused, focused_field, frames, new_event,
                    poll, press, screenshot, sign_in, type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 17
ENTRANTS = 400
KEY_RIGHT = 0xff53
KEY_HOME = 0xff50
OFFICER = {}
NAME = 'Quiet Tent E2E'


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


def people(db, n):
    """n entrants' (bib, name) from a search."""
    found = []
    for line in cli(db, 'search', 'a', '--limit', str(n * 2)).splitlines():
        bib, name = line.split('\t')[:2]
        found.append((bib, name))
    return found[:n]


def focused_name(root):
    node = focused(root)
    try:
        return node.name if node is not None else None
    except Exception:
        return None


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'demo')
    for line in cli(db, 'demo', '--entrants', str(ENTRANTS)).splitlines():
        key, _, value = line.partition(': ')
        if key in ('officer', 'passphrase'):
            OFFICER['name' if key == 'officer' else 'passphrase'] = value

    said = Announcements()
    app = run.start(db, env=app_env())
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)
    signed_in = sign_in_as_officer(root)
    tap.ok(signed_in, f'signed in through Sign In… as the officer {OFFICER["name"]}')
    if not signed_in:
        raise TimeoutError('could not sign in')

    # Alt+4: the page with the demo's facilities; Alt+N: New Facility… by
    # the keyboard.
    press(ord('4'), KEYCODE_ALT_L)
    listed = poll(lambda: find(root, pyatspi.ROLE_LIST_BOX, name='Facilities') or
                  find(root, pyatspi.ROLE_LIST, name='Facilities'), 15)
    demo = find_all(listed, pyatspi.ROLE_LIST_ITEM) if listed is not None else []
    tap.ok(len(demo) > 0, f'Alt+4 shows the Facilities page with the demo\'s {len(demo)} '
                          f'facilities: {demo[0].name if demo else None!r}')
    press(ord('n'), KEYCODE_ALT_L)
    dialog = poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='New Facility'), 15)
    tap.ok(dialog is not None, 'Alt+N opens New Facility')
    if dialog is None:
        return
    # Tab only once the dialog has the keyboard: pressed before, it would
    # go to the window behind.
    kind = poll(lambda: focused(dialog), 10)
    tap.diag(f'the focus in New Facility: {describe(kind)}')
    press(KEY_TAB)
    name_field = poll(lambda: focused_field(dialog, 'Name'), 10)
    tap.ok(name_field is not None, f'Tab from the kind goes to the Name field: '
                                   f'{describe(focused(dialog))}')
    type_text(NAME)
    press(KEY_TAB)
    type_text('Finish')
    screenshot(tap, 'facility-dialog')
    check_names(tap, dialog, 'New Facility')
    press(ord('s'), KEYCODE_CONTROL_L)
    listed = poll(lambda: NAME in officer_cli(db, 'facility', 'list'), 15)
    tap.ok(listed and poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='New Facility') is None,
                           10),
           'Ctrl+S adds the facility (the command line lists it) and closes the dialog')

    # Bookings from the command line: 08:30 full (6 + 3 + 1 of 10), two waiting.
    who = people(db, 5)
    for (bib, _), party in zip(who, (6, 3, 1, 1, 2)):
        officer_cli(db, 'book', NAME, bib, '--slot', '08:30', '--party', str(party))
    row = poll(lambda: next((node for node in find_all(root, pyatspi.ROLE_LIST_ITEM,
                                                        contains=NAME)
                             if '10 confirmed · 3 waiting' in node.name), None), 15)
    tap.ok(row is not None, f'the page follows the command line\'s bookings: '
                            f'{row.name if row else None!r}')

    # Alt+S: the focus on the timeline's selected slot (the time chosen
    # before stays chosen); Home to the first, the arrows along them.
    press(ord('s'), KEYCODE_ALT_L)
    on_slot = poll(lambda: ' booked' in (focused_name(root) or ''), 10)
    press(KEY_HOME)
    first = on_slot and poll(lambda: focused_name(root) == '08:00–08:30: 0 of 10 booked', 10)
    tap.ok(first, f'Alt+S puts the focus on a slot, Home on the first: '
                  f'{describe(focused(root))}')
    press(KEY_RIGHT)
    full = '08:30–09:00: 10 of 10 booked, 3 waiting, full'
    moved = poll(lambda: focused_name(root) == full, 10)
    tap.ok(moved, f'Right reads the next slot\'s figures as text: {describe(focused(root))}')
    booked = poll(lambda: find(root, pyatspi.ROLE_LIST_ITEM, contains=f'bib {who[0][0]}'), 10)
    waiting = poll(lambda: find(root, pyatspi.ROLE_LIST_ITEM,
                                contains=f'1. {who[3][1]}'), 10)
    tap.ok(booked is not None and waiting is not None,
           f'the slot\'s bookings and its waiting list (first: {who[3][1]}) are listed')
    time.sleep(0.5)
    screenshot(tap, 'facilities-page')
    check_names(tap, root, 'the Facilities page')
    bookings = officer_cli(db, 'bookings', NAME, '--slot', '08:30')
    tap.ok(bookings.count('\tconfirmed') == 3 and bookings.count('\twaiting') == 2,
           'the command line agrees: three confirmed, two waiting')

    # Door Mode…: a scan counts the person in, read and said.
    press(ord('d'), KEYCODE_ALT_L)
    door = poll(lambda: find_window(root, pyatspi.ROLE_FRAME, name=f'Door: {NAME}'), 15)
    tap.ok(door is not None, 'Alt+D opens door mode for the selected facility')
    if door is None:
        button = find(root, pyatspi.ROLE_PUSH_BUTTON, contains='Door Mode')
        tap.diag(f'windows: {frames(root)}; focus: {describe(focused(root))}; '
                 f'Door Mode… enabled: '
                 f'{button is not None and button.getState().contains(pyatspi.STATE_ENABLED)}')
        screenshot(tap, 'door-mode-missing')
        return
    bib_field = poll(lambda: focused_field(door, 'Bib'), 10)
    tap.ok(bib_field is not None, f'the bib field has the focus: {describe(focused(door))}')
    mark = len(said.said)
    type_text(who[2][0])
    press(KEY_RETURN)
    counted = poll(lambda: find(door, name='1 / 10 inside'), 15)
    spoken = poll(lambda: said.spoken(f'In: {who[2][1]}', mark), 10)
    tap.ok(counted is not None and spoken is not None,
           f'the scan counts {who[2][1]} in, shown as "1 / 10 inside" and said: {spoken}')
    time.sleep(0.5)
    screenshot(tap, 'door-mode')
    check_names(tap, door, 'door mode')
    said.close()
    occupancy = officer_cli(db, 'occupancy', NAME)
    tap.ok('inside: 1' in occupancy, f'the command line agrees: {occupancy.strip()!r}')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
