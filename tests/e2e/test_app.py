#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The application shell end to end: bad files are refused with a dialog
that names the problem and left byte for byte as they were; a second
`startline` forwards its file to the first instance (one window per
event); and the primary menu, the shortcuts window and Preferences open and
close from the keyboard alone. In every window (and About) each control,
list, table, tab and menu has a name a screen reader can say.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (APP, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L, KEY_ESCAPE, KEY_F10,  # noqa: E402
                    KEY_RETURN,
                    KEY_TAB, Scenario, app_env, check_names, cli, click, describe, find,
                    find_all, find_app, find_short, find_window, focused,
                    focused_field, frames, make_demo, poll, press, screenshot, sign_in, start_app,
                    stop_app, text_of, type_text, wait_for, walk, walk_short)
import pyatspi  # noqa: E402

PLANNED = 51


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def windows(root):
    return [name for role, name in frames(root)]


def focused_name(root):
    """The name of what has the focus, looked for outside tables and lists
    (see find_short)."""
    for node in walk_short(root):
        try:
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return node.name
        except Exception:
            continue
    return None


def refuse_bad_file(tap, path, what, expect):
    """`startline BAD`: a dialog names the problem; the bytes stay the same."""
    before = sha256(path)
    app = start_app(path)
    try:
        root = find_app(app.pid)
        heading = wait_for(lambda: find(root, pyatspi.ROLE_LABEL, name='Cannot Open Event'),
                           'the error dialog')
        dialog = heading
        while dialog.parent is not None and dialog.parent.getRole() != pyatspi.ROLE_APPLICATION:
            dialog = dialog.parent
        message = wait_for(lambda: find(dialog, pyatspi.ROLE_LABEL,
                                        contains=os.path.basename(path)),
                           'a message that names the file')
        tap.diag(f'{what}: {dialog.getRoleName()} {dialog.name!r}: {message.name!r}')
        tap.ok(path in message.name and expect in message.name,
               f'{what}: the dialog names the file and says {expect!r}')
        check_names(tap, dialog, f'{what}: the dialog')
        screenshot(tap, f'bad-file-{os.path.splitext(os.path.basename(path))[0]}')
    finally:
        stop_app(app)
    tap.ok(sha256(path) == before, f'{what}: the file is byte for byte unchanged (sha256)')


def scenario(run):
    tap, workdir = run.tap, run.workdir
    # 1. Bad files.
    text = os.path.join(workdir, 'notes.sqlite')
    with open(text, 'w') as f:
        f.write('Bib,First name,Last name\n1,Ann,Smith\n' * 50)
    foreign = os.path.join(workdir, 'foreign.sqlite')
    with sqlite3.connect(foreign) as conn:
        conn.execute('CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)')
        conn.execute("INSERT INTO recipes (title) VALUES ('Flapjack')")
    refuse_bad_file(tap, text, 'a text file named .sqlite', 'not an SQLite database')
    refuse_bad_file(tap, foreign, 'a foreign SQLite database',
                    'not a Startline event file')

    # 2. One instance, one window per event.
    event_a = os.path.join(workdir, 'a.startline')
    event_b = os.path.join(workdir, 'b.startline')
    demo = dict(line.split(': ', 1) for line in make_demo(event_a).splitlines() if ': ' in line)
    cli(event_b, 'init', '--event', 'Riverside 10K', '--date', '2026-05-10')
    app = run.start(event_a)
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the check-in page')
    name_a = windows(root)[0]
    started = time.monotonic()
    second = subprocess.run([APP, event_b], env=app_env(), timeout=30)
    elapsed = time.monotonic() - started
    tap.ok(second.returncode == 0 and elapsed < 10,
           f'a second `startline B` exits {second.returncode} after {elapsed:.1f} s')
    wait_for(lambda: 'Riverside 10K' in windows(root), 'a window for B')
    tap.ok(sorted(windows(root)) == sorted([name_a, 'Riverside 10K']),
           f'the first instance now has a window per event: {windows(root)}')
    again = subprocess.run([APP, event_a], env=app_env(), timeout=30)
    time.sleep(1.0)
    tap.ok(again.returncode == 0 and sorted(windows(root)) == sorted([name_a, 'Riverside 10K']),
           f'`startline A` again presents the open window: {windows(root)}')
    run.stop()

    # 3. The keyboard alone, from launch.
    app = run.start(event_a)
    root = find_app(app.pid)
    wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the check-in page')
    entry = find(root, pyatspi.ROLE_ENTRY)
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')

    press(KEY_F10)
    # Menu items are looked for outside tables and lists (find_short): a
    # look begun before the menu opened walked every row of every page and
    # outlasted the wait on a loaded machine.
    item = wait_for(lambda: find_short(root, pyatspi.ROLE_MENU_ITEM, contains='Preferences'),
                    'the primary menu')
    menu = [node.name for node in [find_short(root, pyatspi.ROLE_MENU_ITEM, contains=label)
                                   for label in ('Open Event', 'Connect to Server',
                                                 'New Event', 'Import', 'Export',
                                                 'Preferences', 'Keyboard Shortcuts', 'About')]
            if node is not None]
    tap.ok(item is not None and len(menu) == 8, f'F10 opens the primary menu: {menu}')
    screenshot(tap, 'primary-menu')
    check_names(tap, root, 'the primary menu')
    press(KEY_ESCAPE)
    # While the menu is open its items have the focus; GtkMenuButton is
    # a button around a button: the inner one gets it back.
    back = poll(lambda: focused_name(root) in ('Main Menu', entry.name), 5)
    tap.ok(back, f'Escape closes the menu: the focus is back in the window,'
                 f' on {focused_name(root)!r}')

    press(ord('?'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L)
    wait_for(lambda: 'Keyboard Shortcuts' in windows(root), 'the shortcuts window')
    shortcuts = [node for node in root
                 if node is not None and node.name == 'Keyboard Shortcuts'][0]
    section = find(shortcuts, contains='Check in the selected entrant')
    tap.ok(section is not None, f'Ctrl+? opens the shortcuts window: {windows(root)}')
    screenshot(tap, 'shortcuts')
    # Its pages' tabs were "_1" and "_2" to a screen reader.
    tap.diag(f'its tabs: {[node.name for node in find_all(shortcuts, pyatspi.ROLE_PAGE_TAB)]}')
    check_names(tap, shortcuts, 'the shortcuts window')
    press(KEY_ESCAPE)
    wait_for(lambda: 'Keyboard Shortcuts' not in windows(root),
             'the shortcuts window to close')
    tap.ok(windows(root) == [name_a], f'Escape closes it: {windows(root)}')

    press(ord(','), KEYCODE_CONTROL_L)
    wait_for(lambda: 'Preferences' in windows(root), 'Preferences')
    prefs = [node for node in root if node is not None and node.name == 'Preferences'][0]
    desk = find(prefs, name='Desk name')
    tap.ok(desk is not None, f'Ctrl+comma opens Preferences: {windows(root)}')
    check_names(tap, prefs, 'Preferences')
    # Preferences opens in its first field, and Tab goes to the next: a
    # screen reader is told each has the focus, and reads what is typed.
    desk_field = poll(lambda: focused_field(prefs, 'Desk name'), 5)
    press(KEY_TAB)
    field = poll(lambda: focused_field(prefs, 'Operator name'), 5)
    typed = None
    if field is not None:
        type_text('Ann')
        typed = poll(lambda: text_of(field) if text_of(field) == 'Ann' else None, 5)
    tap.ok(desk_field is not None and field is not None and typed == 'Ann',
           f'Preferences opens in Desk name ({describe(desk_field)}), Tab goes to'
           f' {describe(focused(prefs))}, reading {typed!r} after typing')
    screenshot(tap, 'preferences')
    press(KEY_ESCAPE)
    wait_for(lambda: 'Preferences' not in windows(root), 'Preferences to close')
    tap.ok(windows(root) == [name_a], f'Escape closes Preferences: {windows(root)}')

    # The other dialogs, from their shortcuts: every control named as a
    # screen reader reads it (no "_Cancel Cancel"), Escape closes them.
    # Import opens its file chooser at once; Escape leaves the dialog.
    for keys, title, chooser in (((ord('i'), KEYCODE_CONTROL_L), 'Import Entrants', True),
                                 ((ord('e'), KEYCODE_CONTROL_L), 'Export Entrants', False),
                                 ((ord('n'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L), 'New Event',
                                  False),
                                 ((ord('o'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L),
                                  'Connect to Server', False),
                                 ((ord('l'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L), 'Sign In',
                                  False)):
        press(*keys)
        if chooser:
            wait_for(lambda: len(windows(root)) == 3, 'the file chooser')
            press(KEY_ESCAPE)
            wait_for(lambda: len(windows(root)) == 2, 'the file chooser to close')
        dialog = poll(lambda: next((node for node in root if node is not None
                                    and node.name == title), None)
                      or find_short(root, pyatspi.ROLE_LABEL, name=title))
        tap.ok(dialog is not None, f'its shortcut opens {title}: {windows(root)}')
        if dialog is None:
            raise TimeoutError(f'no {title} dialog')
        while dialog.parent is not None and dialog.parent.getRole() != pyatspi.ROLE_APPLICATION:
            dialog = dialog.parent
        # A focus given too early once made a dialog a "filler".
        tap.ok(dialog.getRole() == pyatspi.ROLE_DIALOG,
               f'{title} is a dialog to a screen reader: {dialog.getRoleName()!r}')
        if title == 'New Event':
            field = poll(lambda: focused_field(dialog, 'Event name'), 5)
            tap.ok(field is not None and text_of(field) == '',
                   f'New Event opens with the focus in its Event name field:'
                   f' {describe(focused(dialog))}')
        if title == 'Connect to Server':
            field = poll(lambda: focused_field(dialog, 'Host'), 5)
            tap.ok(field is not None,
                   f'Connect to Server opens with the focus in its Host field:'
                   f' {describe(focused(dialog))}')
        buttons = sorted(node.name for node, _ in walk(dialog)
                         if node.getRole() == pyatspi.ROLE_PUSH_BUTTON)
        tap.diag(f'{title}: buttons {buttons}')
        check_names(tap, dialog, title)
        press(KEY_ESCAPE)
        wait_for(lambda: windows(root) == [name_a], f'{title} to close')
        tap.ok(windows(root) == [name_a], f'Escape closes {title}: {windows(root)}')

    # Staff Accounts, from the primary menu, once the demo's officer (an
    # admin too) has signed in; then locked again.
    if sign_in(root, demo['officer'], demo['passphrase']) is None:
        raise TimeoutError('timed out waiting for the sign-in')
    press(KEY_F10)
    click(wait_for(lambda: find_short(root, pyatspi.ROLE_MENU_ITEM, contains='Staff Accounts'),
                   'Staff Accounts in the primary menu'))
    staff = poll(lambda: next((node for node in root if node is not None
                               and node.name == 'Staff Accounts'), None))
    tap.ok(staff is not None and staff.getRole() == pyatspi.ROLE_DIALOG,
           f'an admin opens Staff Accounts from the primary menu, a dialog: {windows(root)}')
    if staff is None:
        raise TimeoutError('no Staff Accounts dialog')
    remove = poll(lambda: find(staff, pyatspi.ROLE_PUSH_BUTTON,
                               name=f"Remove {demo['officer']}"))
    tap.ok(remove is not None, f"it lists {demo['officer']} with a Remove button named for them")
    screenshot(tap, 'staff-accounts')
    check_names(tap, staff, 'Staff Accounts')
    press(KEY_ESCAPE)
    closed = poll(lambda: windows(root) == [name_a], 5)
    press(ord('l'), KEYCODE_CONTROL_L)
    tap.ok(closed, f'Escape closes Staff Accounts: {windows(root)}')

    # Enter goes on in New Event as in a form: from the name to the date,
    # and from a right date on to the file chooser.
    # In the dialog: focused_field on the whole app walks every row of the
    # window first.
    press(ord('n'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L)
    new_event = wait_for(lambda: find_window(root, name='New Event'), 'New Event again')
    wait_for(lambda: focused_field(new_event, 'Event name'), 'the focus in Event name')
    type_text('Enter Marathon')
    press(KEY_RETURN)
    date = poll(lambda: focused_field(new_event, 'Date (YYYY-MM-DD)'), 5)
    tap.ok(date is not None,
           f'Enter in Event name goes to the date: {describe(focused(new_event))}')
    type_text('2026-04-26')
    press(KEY_RETURN)
    # The file chooser, named as the dialog it took the place of.
    chooser = poll(lambda: windows(root) == [name_a, 'New Event']
                   and find(next(w for w in root if w is not None and w.name == 'New Event'),
                            pyatspi.ROLE_PUSH_BUTTON, name='Create'))
    tap.ok(chooser is not None, f'Enter in a right date goes on to the file chooser: '
                                f'{windows(root)}')
    check_names(tap, next(w for w in root if w is not None and w.name == 'New Event'),
                'the file chooser of New Event')
    press(KEY_ESCAPE)
    wait_for(lambda: windows(root) == [name_a], 'the file chooser to close')

    # About, from the primary menu (it has no shortcut).
    press(KEY_F10)
    click(wait_for(lambda: find_short(root, pyatspi.ROLE_MENU_ITEM, contains='About'),
                   'the primary menu again'))
    wait_for(lambda: 'About' in windows(root), 'the about window')
    about = [node for node in root if node is not None and node.name == 'About'][0]
    wait_for(lambda: find(about, pyatspi.ROLE_LABEL, name='Startline'), 'its content')
    screenshot(tap, 'about')
    check_names(tap, about, 'the about window')
    press(KEY_ESCAPE)
    closed = poll(lambda: windows(root) == [name_a], 5)
    tap.ok(closed, f'Escape closes the about window: {windows(root)}')

    # 4. A shutdown (SIGTERM) closes the event properly: the write-ahead
    # log is folded back into the file and removed.
    app.terminate()
    code = app.wait(15)
    wal = event_a + '-wal'
    tap.ok(code == 0 and not os.path.exists(wal),
           f'SIGTERM: exit {code}, write-ahead log left behind: {os.path.exists(wal)}')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
