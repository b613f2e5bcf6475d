#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Charities page end to end: the real `startline` on a demo event,
driven over the accessibility bus as staff would (a desk has no such page;
signed in, Alt+5 shows it; New Charity… by the keyboard; Alt+R to the
runners), with a fundraising import by startline-cli meanwhile, which the
page follows. Places over an allocation are read as text, as a screen
reader reads them; a control without a real name fails.
Keeps a screenshot of each step in $STARTLINE_ARTIFACTS_DIR.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L, KEY_RETURN, KEY_TAB,  # noqa: E402
                    Scenario, app_env, check_names, cli, describe, find, find_all, find_app,
                    find_window, focused, focused_field, new_event, poll, press, screenshot,
                    sign_in, type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 9
ENTRANTS = 400
OFFICER = {}
NAME = 'Lifeboats E2E'


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


def charities_list(root):
    return (find(root, pyatspi.ROLE_LIST_BOX, name='Charities') or
            find(root, pyatspi.ROLE_LIST, name='Charities'))


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

    app = run.start(db, env=app_env())
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)

    # A desk: Alt+5 does nothing; the page is hidden and reads nothing.
    press(ord('5'), KEYCODE_ALT_L)
    time.sleep(1.0)
    hidden = charities_list(root)
    tap.ok(hidden is None or not find_all(hidden, pyatspi.ROLE_LIST_ITEM),
           'a desk has no Charities page (Alt+5 shows no charity)')

    signed_in = sign_in_as_officer(root)
    tap.ok(signed_in, f'signed in through Sign In… as {OFFICER["name"]}')
    if not signed_in:
        raise TimeoutError('could not sign in')

    press(ord('5'), KEYCODE_ALT_L)
    listed = poll(lambda: charities_list(root), 15)
    rows = find_all(listed, pyatspi.ROLE_LIST_ITEM) if listed is not None else []
    over = [row.name for row in rows if 'over allocation' in row.name]
    tap.ok(len(rows) > 5 and over, f'Alt+5 shows {len(rows)} charities, places over an '
                                   f'allocation said in words: {over[0] if over else None!r}')

    # Alt+R: the focus on the selected charity's runners, read as text.
    press(ord('r'), KEYCODE_ALT_L)
    on_runner = poll(lambda: (focused_name(root) or '').startswith('Bib '), 10)
    runner = focused_name(root) or ''
    tap.ok(on_runner and ' · target £' in runner and ' · raised £' in runner,
           f'Alt+R puts the focus on a runner with target, raised and check-in: {runner!r}')
    time.sleep(0.5)
    screenshot(tap, 'charities-page')
    check_names(tap, root, 'the Charities page')

    # The command line imports fundraising; the page follows.
    if not on_runner:
        first = find(root, pyatspi.ROLE_LIST_ITEM, contains=' · target £')
        runner = first.name if first is not None else 'Bib 0'
    bib = runner.split(' · ')[0][len('Bib '):]
    sheet = os.path.join(workdir, 'raised.csv')
    with open(sheet, 'w', encoding='utf-8') as out:
        out.write(f'Bib,Amount raised\n{bib},"£1,234.56"\n')
    imported = officer_cli(db, 'fundraising', 'import', sheet)

    def shows_raised():
        row = find(root, pyatspi.ROLE_LIST_ITEM, contains=f'Bib {bib} · ')
        return row is not None and 'raised £1234.56' in row.name
    followed = poll(shows_raised, 15)
    tap.ok('changed: 1' in imported and followed,
           f'the page follows startline-cli fundraising import: {imported.split()!r}')

    # Alt+N: New Charity… by the keyboard; Ctrl+S saves it.
    press(ord('n'), KEYCODE_ALT_L)
    dialog = poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='New Charity'), 15)
    name_field = dialog is not None and poll(lambda: focused_field(dialog, 'Name'), 10)
    tap.ok(bool(name_field), f'Alt+N opens New Charity with the focus on its name: '
                             f'{describe(focused(dialog)) if dialog else None}')
    if dialog is None:
        return
    type_text(NAME)
    press(KEY_TAB)
    type_text('1234567')
    time.sleep(0.3)
    screenshot(tap, 'charity-dialog')
    check_names(tap, dialog, 'New Charity')
    press(ord('s'), KEYCODE_CONTROL_L)
    added = poll(lambda: NAME in officer_cli(db, 'charities'), 15)
    tap.ok(added and poll(lambda: find_window(root, pyatspi.ROLE_DIALOG, name='New Charity') is None,
                          10) and poll(lambda: find(root, pyatspi.ROLE_LIST_ITEM,
                                                    contains=NAME), 10),
           'Ctrl+S adds the charity (the command line lists it), closes the dialog, and the '
           'page lists it')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
