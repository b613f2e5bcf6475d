#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The registration desk end to end: the real `startline` on a 50,000-entrant
demo event, driven over the accessibility bus as a volunteer would, then
checked against the database with startline-cli. Also walks the accessible
tree of every page and fails on an interactive control without a real name,
and keeps a screenshot of each page in $STARTLINE_ARTIFACTS_DIR.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

CLI = os.environ['STARTLINE_CLI']
APP = os.environ['STARTLINE_APP']
ARTIFACTS = os.environ.get('STARTLINE_ARTIFACTS_DIR', tempfile.gettempdir())
N_ENTRANTS = int(os.environ.get('STARTLINE_E2E_ENTRANTS', '50000'))

KEY_RETURN = 0xff0d
KEY_ESCAPE = 0xff1b
# Keycodes of Xvfb's default (evdev) keymap, for holding a modifier.
KEYCODE_CONTROL_L = 37
KEYCODE_ALT_L = 64

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_LIST_ITEM,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TREE_ITEM,
}
CLASS_NAME = re.compile(r'^(Gtk|Adw|Sl)[A-Z]\w*$')

results = []
# TAP goes to its own descriptor (see run-e2e.sh): daemons started on the
# session bus write to stdout and would break the TAP stream.
tap = os.fdopen(int(os.environ.get('STARTLINE_TAP_FD', '1')), 'w', buffering=1)


def ok(passed, description):
    results.append(passed)
    print(f"{'ok' if passed else 'not ok'} {len(results)} - {description}", file=tap)
    return passed


def diag(message):
    for line in str(message).splitlines():
        print(f'# {line}', file=tap)


def cli(db, *args):
    return subprocess.run([CLI, '--db', db, *args], check=True, capture_output=True,
                          text=True).stdout


def stats(db):
    return dict(line.split(': ', 1) for line in cli(db, 'stats').splitlines())


def wait_for(predicate, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # the tree changes under us while GTK updates it
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f'timed out waiting for {what}')


def walk(node, depth=0):
    yield node, depth
    try:
        children = list(node)
    except Exception:
        return
    for child in children:
        if child is not None:
            yield from walk(child, depth + 1)


def find(root, role=None, name=None, contains=None):
    for node, _ in walk(root):
        try:
            if role is not None and node.getRole() != role:
                continue
            if name is not None and node.name != name:
                continue
            if contains is not None and contains not in (node.name or ''):
                continue
            return node
        except Exception:
            continue
    return None


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def type_text(text):
    for char in text:
        pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)
        time.sleep(0.01)


def press(keysym, modifier_keycode=None):
    if modifier_keycode is not None:
        pyatspi.Registry.generateKeyboardEvent(modifier_keycode, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if modifier_keycode is not None:
        pyatspi.Registry.generateKeyboardEvent(modifier_keycode, None, pyatspi.KEY_RELEASE)


def screenshot(name):
    path = os.path.join(ARTIFACTS, f'{name}.png')
    subprocess.run(['import', '-window', 'root', path], check=True)
    diag(f'screenshot: {path}')


def unnamed_controls(root):
    """Interactive controls a screen reader could not name."""
    bad = []
    for node, depth in walk(root):
        try:
            role = node.getRole()
            name = node.name or ''
        except Exception:
            continue
        if role in INTERACTIVE and (name.strip() == '' or CLASS_NAME.match(name)):
            path = []
            up = node.parent
            while up is not None and len(path) < 4:
                path.append(f'{up.getRoleName()} {up.name!r}')
                up = up.parent
            bad.append(f'{node.getRoleName()} named {name!r} in ' + ' < '.join(path))
    return bad


def count_nodes(root):
    return sum(1 for _ in walk(root))


def pick_entrant(db):
    """A registered entrant with an unusual enough surname to search for."""
    for prefix in ('fern', 'nun', 'obri', 'sch', 'mar'):
        for line in cli(db, 'search', prefix, '--limit', '50').splitlines():
            bib, name, race, wave, status = line.split('\t')
            if status == 'Registered' or status == 'registered':
                return bib, name
    raise RuntimeError('no registered entrant found')


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix='startline-e2e-')
    db = os.path.join(workdir, 'demo.startline')
    app = None
    print('1..13', file=tap)
    try:
        started = time.monotonic()
        cli(db, 'demo', '--entrants', str(N_ENTRANTS))
        diag(f'demo event of {N_ENTRANTS} entrants in {time.monotonic() - started:.1f} s')
        ok(stats(db)['entrants'] == str(N_ENTRANTS), 'the demo event has its entrants')
        bib, name = pick_entrant(db)
        surname_part = name.split()[-1][:4]
        diag(f'volunteer looks for {name} (bib {bib}) by typing {surname_part!r}')

        env = dict(os.environ)
        env.pop('GTK_A11Y', None)
        env.pop('NO_AT_BRIDGE', None)
        env['GSETTINGS_BACKEND'] = 'memory'
        app = subprocess.Popen([APP, db], env=env)

        def find_app():
            desktop = pyatspi.Registry.getDesktop(0)
            for candidate in desktop:
                if candidate is not None and candidate.get_process_id() == app.pid:
                    return candidate
            return None

        root = wait_for(find_app, 'the application on the accessibility bus', 30)
        frame = wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)
        ok('London Marathon' in frame.name or frame.name != '', f'the window is named {frame.name!r}')

        entry = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the search field')
        ok(entry.name.startswith('Find an entrant'), f'the search field is named {entry.name!r}')
        wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
                 'focus in the search field')

        # Part of a name, as typed at the desk.
        type_text(surname_part.lower())
        match = wait_for(lambda: find(root, pyatspi.ROLE_LIST_ITEM, contains=f'bib {bib}'),
                         f'a result for bib {bib}')
        ok(name in match.name, f'typing {surname_part!r} lists {match.name!r}')
        screenshot('desk-search')

        # A scanner: clear, the bib, Enter. The card shows who it is.
        press(KEY_ESCAPE)
        wait_for(lambda: text_of(entry) == '', 'the field to clear')
        type_text(bib)
        press(KEY_RETURN)
        heading = wait_for(lambda: find(root, pyatspi.ROLE_LABEL, name=name),
                           'the entrant card')
        ok(heading is not None, f'scanning {bib} shows {name} on the card')
        ok(stats(db)['checked_in'] == '0', 'a scan alone does not check in')

        # Ctrl+Enter checks in; the toast confirms it.
        press(KEY_RETURN, KEYCODE_CONTROL_L)
        toast = wait_for(lambda: find(root, contains=f'(bib {bib}) checked in'), 'the toast')
        ok(toast is not None, f'confirmation: {toast.name!r}')
        ok(stats(db)['checked_in'] == '1', 'startline-cli stats: checked_in: 1')
        screenshot('desk')

        # GTK 4.8 names a button by its label and its content ("_Undo Undo").
        undo = wait_for(lambda: find(root, pyatspi.ROLE_PUSH_BUTTON, contains='Undo'),
                        'the Undo button')
        undo.queryAction().doAction(0)
        wait_for(lambda: stats(db)['checked_in'] == '0', 'the undo to be committed')
        ok(True, 'Undo in the toast: startline-cli stats: checked_in: 0')

        # Checking in twice: the second attempt warns and says where.
        press(KEY_RETURN, KEYCODE_CONTROL_L)
        wait_for(lambda: stats(db)['checked_in'] == '1', 'the second check-in')
        press(KEY_RETURN, KEYCODE_CONTROL_L)
        warning = wait_for(lambda: find(root, pyatspi.ROLE_ALERT), 'the warning')
        ok('already checked in' in warning.name,
           f'checking in again warns: {warning.name!r}')
        screenshot('desk-warning')
        ok(stats(db)['checked_in'] == '1', 'the database still has one check-in')

        # Every page: walk the whole tree, and keep a picture.
        started = time.monotonic()
        bad = unnamed_controls(root)
        diag(f'desk page: {count_nodes(root)} accessible objects walked '
             f'in {time.monotonic() - started:.1f} s')
        for line in bad:
            diag(line)
        ok(not bad, 'every control of the check-in page has a name')

        press(ord('2'), KEYCODE_ALT_L)
        wait_for(lambda: find(root, pyatspi.ROLE_LABEL, name='Entrants') or
                 find(root, pyatspi.ROLE_TABLE), 'the entrants page')
        time.sleep(0.5)
        screenshot('entrants')
        bad = unnamed_controls(root)
        for line in bad:
            diag(line)
        ok(not bad, 'every control of the entrants page has a name')
    except Exception as error:  # report, do not crash the TAP stream
        diag(f'{type(error).__name__}: {error}')
        ok(False, 'the scenario ran to the end')
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    return 0 if results and all(results) and len(results) == 13 else 1


if __name__ == '__main__':
    sys.exit(main())
