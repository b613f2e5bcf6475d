#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The desk and health data: a runner with a need whose detail is a unique
string, a marker and a linked guide runner is selected at the desk. The
card shows the marker as text, the support flag and the guide with whether
they are checked in; the detail and the need's type appear nowhere in the
window's whole accessible tree (names, descriptions, texts), before and
after an officer signs in through the Sign In dialog, which is driven by
the keyboard alone. Locking (Ctrl+L) takes the window back to a desk.
The runner's facility booking is on the card as text (facility and
location, slot and status), and still nothing of the need.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (CLI, KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L, KEY_ESCAPE,  # noqa: E402
                    KEY_RETURN, Scenario, check_names, cli, find, find_app, new_event, poll,
                    press, screenshot, signed_in, type_text, wait_for, walk)
import pyatspi  # noqa: E402

PLANNED = 13
KEY_L = ord('l')


def cli_as(db, name, passphrase, *args):
    env = dict(os.environ, STARTLINE_PASSPHRASE=passphrase)
    return subprocess.run([CLI, '--db', db, '--as', name, *args], check=True,
                          capture_output=True, text=True, env=env).stdout


def texts_of(node):
    """Everything a screen reader can read of node."""
    out = []
    try:
        out += [node.name or '', node.description or '']
    except Exception:
        return out
    try:
        text = node.queryText()
        out.append(text.getText(0, text.characterCount))
    except Exception:
        pass
    return out


def leaks(root, secrets):
    found = []
    for node, _ in walk(root):
        for text in texts_of(node):
            for secret in secrets:
                if secret.lower() in text.lower():
                    found.append((secret, text))
    return found


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'demo')
    demo = cli(db, 'demo', '--entrants', '2000')
    lines = dict(line.split(': ', 1) for line in demo.splitlines() if ': ' in line)
    officer, passphrase = lines['officer'], lines['passphrase']
    bibs = [line.split('\t')[0] for line in cli(db, 'search', 'a', '--limit', '200').splitlines()
            if line.endswith('\tregistered')]
    runner, guide = bibs[0], bibs[1]
    secret = f'ZQX-{uuid.uuid4().hex[:12]}'
    # Recorded as a desk would (no --as): sealed, unreadable back.
    need_id = cli(db, 'need', 'add', runner, '--type', 'medical-condition',
                  '--detail', f'{secret} epilepsy').strip()
    cli_as(db, officer, passphrase, 'need', 'set', need_id, '--status', 'approved')
    cli_as(db, officer, passphrase, 'need', 'set', need_id, '--status', 'arranged')
    cli_as(db, officer, passphrase, 'marker', runner, '--add', 'deaf')
    cli_as(db, officer, passphrase, 'link', runner, '--guide', guide)
    cli_as(db, officer, passphrase, 'facility', 'add', '--kind', 'quiet-space',
           '--name', 'Calm room e2e', '--capacity', '4', '--opens', '08:30', '--closes', '10:30',
           '--slot-minutes', '30', '--location', 'Finish')
    cli_as(db, officer, passphrase, 'book', 'Calm room e2e', runner, '--slot', '08:30',
           '--party', '2')

    app = run.start(db)
    root = find_app(app.pid)
    entry = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the search field', 30)
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')
    type_text(runner)
    press(KEY_RETURN)
    marker = poll(lambda: find(root, contains='Deaf / hard of hearing'))
    tap.ok(marker is not None, f'the card shows the marker as text: {marker.name if marker else None!r}')
    flag = poll(lambda: find(root, contains='Accessibility Point'))
    tap.ok(flag is not None, f'and the support flag: {flag.name if flag else None!r}')
    link = poll(lambda: find(root, contains=f'bib {guide}'))
    tap.ok(link is not None and 'not checked in' in (link.name + (link.description or '')).lower(),
           f'and the guide runner, not yet checked in: {link.name if link else None!r}')
    place = poll(lambda: find(root, contains='Calm room e2e, Finish'))
    when = poll(lambda: find(root, contains='08:30–09:00, confirmed'))
    tap.ok(place is not None and when is not None,
           'and the booking as text, facility and slot: '
           f'{place.name if place else None!r}, {when.name if when else None!r}')
    screenshot(tap, 'desk-privacy-card')
    found = leaks(root, [secret, 'epilepsy', 'Medical condition', 'medical-condition'])
    tap.ok(not found, f'no detail or need type anywhere in the desk\'s tree: {found[:3]}')

    # Record a Need… (Alt+R): a dialog, every control named; Escape closes.
    press(ord('r'), KEYCODE_ALT_L)
    dialog = poll(lambda: next((node for node in root if node is not None
                                and node.name == 'Record a Need'), None))
    tap.ok(dialog is not None and dialog.getRole() == pyatspi.ROLE_DIALOG,
           f'Alt+R opens Record a Need, a dialog: {dialog.getRoleName() if dialog else None!r}')
    if dialog is None:
        raise TimeoutError('no Record a Need dialog')
    screenshot(tap, 'desk-record-need')
    check_names(tap, dialog, 'Record a Need')
    press(KEY_ESCAPE)
    gone = poll(lambda: all(node is None or node.name != 'Record a Need' for node in root))
    tap.ok(gone, 'Escape closes it')

    press(KEY_L, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L)
    name_field = poll(lambda: find(root, pyatspi.ROLE_TEXT, name='Name')
                      or find(root, pyatspi.ROLE_ENTRY, name='Name'))
    tap.ok(name_field is not None, 'Ctrl+Shift+L opens Sign In with the name field')
    wait_for(lambda: name_field.getState().contains(pyatspi.STATE_FOCUSED), 'focus on the name')
    type_text(officer)
    press(KEY_RETURN)
    type_text(passphrase)
    press(KEY_RETURN)
    account = signed_in(root, officer)
    tap.ok(account is not None, f'the header bar says who is signed in: {account.name if account else None!r}')
    screenshot(tap, 'desk-privacy-signed-in')
    found = leaks(root, [secret, 'epilepsy'])
    tap.ok(not found, f'signed in, the desk still shows no detail: {found[:3]}')

    press(KEY_L, KEYCODE_CONTROL_L)
    back = poll(lambda: find(root, pyatspi.ROLE_PUSH_BUTTON, name='Sign In…'))
    tap.ok(back is not None, 'Ctrl+L locks: Sign In… is back')
    out = subprocess.run([CLI, '--db', db, 'need', 'list', '--with-detail'],
                         capture_output=True, text=True)
    tap.ok(out.returncode == 1 and secret not in out.stdout,
           f'without an officer the command line refuses the details: {out.stderr.strip()!r}')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
