# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers of the end-to-end tests: TAP on its own descriptor, the
CLI, the real app started on the accessibility bus, finding and driving
accessible objects, keyboard synthesis and screenshots.

Under STARTLINE_TEST_STORE=postgres (tests/with-pg-cluster.sh), new_event
makes each event a database on the test server instead of a file, and
query reads it there: the same scenarios run on both stores."""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

import pyatspi
from gi.repository import GLib

CLI = os.environ['STARTLINE_CLI']
APP = os.environ['STARTLINE_APP']
ARTIFACTS = os.environ.get('STARTLINE_ARTIFACTS_DIR', tempfile.gettempdir())
N_ENTRANTS = int(os.environ.get('STARTLINE_E2E_ENTRANTS', '50000'))
# The test server's connection string when the events are on a server.
SERVER = (os.environ['STARTLINE_TEST_PG']
          if os.environ.get('STARTLINE_TEST_STORE') == 'postgres' else None)

KEY_RETURN = 0xff0d
KEY_ESCAPE = 0xff1b
KEY_TAB = 0xff09
KEY_DOWN = 0xff54
KEY_F10 = 0xffc7
# Keycodes of Xvfb's default (evdev) keymap, for holding a modifier.
KEYCODE_SHIFT_L = 50
KEYCODE_CONTROL_L = 37
KEYCODE_ALT_L = 64

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_LIST_ITEM,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TREE_ITEM,
    pyatspi.ROLE_TABLE_ROW, pyatspi.ROLE_DIALOG, pyatspi.ROLE_FRAME,
}
# What holds the controls and says where they are: a screen reader names a
# table, list or tab strip as the focus enters it ("Entrants, table") and a
# column header as the focus moves along a row. GTK 4.8 names each after
# its class ("GtkColumnListView") unless it is given a name.
CONTAINERS = {
    pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_LIST,
    pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_PAGE_TAB_LIST, pyatspi.ROLE_COLUMN_HEADER,
    pyatspi.ROLE_TABLE_COLUMN_HEADER, pyatspi.ROLE_ROW_HEADER, pyatspi.ROLE_TABLE_ROW_HEADER,
    pyatspi.ROLE_MENU, pyatspi.ROLE_POPUP_MENU,
}
NAMED = INTERACTIVE | CONTAINERS
CLASS_NAME = re.compile(r'^(Gtk|Adw|Sl)[A-Z]\w*$')
# A mnemonic underscore a screen reader would read out ("_Undo Undo").
MNEMONIC = re.compile(r'(^|\s)_\w')
# A name read twice over ("VIP VIP"): GTK 4.8 joins a widget's label and
# the text of what labels it.
TWICE = re.compile(r'^(.+) \1$', re.IGNORECASE)


class Tap:
    """TAP on its own descriptor (see run-e2e.sh): daemons started on the
    session bus write to stdout and would break the stream."""

    def __init__(self, planned):
        self.planned = planned
        self.results = []
        self.out = os.fdopen(int(os.environ.get('STARTLINE_TAP_FD', '1')), 'w', buffering=1)
        print(f'1..{planned}', file=self.out)

    def ok(self, passed, description):
        passed = bool(passed)
        self.results.append(passed)
        print(f"{'ok' if passed else 'not ok'} {len(self.results)} - {description}",
              file=self.out)
        return passed

    def diag(self, message):
        for line in str(message).splitlines():
            print(f'# {line}', file=self.out)

    def exit_code(self):
        good = self.results and all(self.results) and len(self.results) == self.planned
        return 0 if good else 1


def cli(db, *args):
    return subprocess.run([CLI, '--db', db, *args], check=True, capture_output=True,
                          text=True).stdout


def new_event(run, name):
    """Where the scenario's event called name is made: a file in its work
    folder, or a new database on the test server (the CLI's init or demo
    then makes the event in it)."""
    if SERVER is None:
        return os.path.join(run.workdir, name + '.startline')
    dbname = f'e2e_{name}_{os.getpid()}'
    subprocess.run(['psql', '-qAtX', '-d', SERVER, '-c', f'CREATE DATABASE {dbname}'],
                   check=True, capture_output=True)
    # A URI, as a user gives the app one (`startline postgresql://…`).
    keys = dict(pair.split('=', 1) for pair in SERVER.split())
    keys.pop('dbname', None)
    return f'postgresql:///{dbname}?' + urllib.parse.urlencode(keys)


def is_server(db):
    return db.startswith('postgresql://')


def query(db, sql, *params):
    """The rows of a read-only query on the event's own tables (the same
    SQL on both engines; ? marks a parameter), each a tuple of texts
    (None for NULL in a file; psql gives an empty text)."""
    if not is_server(db):
        with sqlite3.connect(f'file:{db}?mode=ro', uri=True) as conn:
            return [tuple(None if v is None else str(v) for v in row)
                    for row in conn.execute(sql, params)]
    names = iter(range(len(params)))
    text = re.sub(r'\?', lambda _: f":'p{next(names)}'", sql)
    variables = [arg for i, value in enumerate(params) for arg in ('-v', f'p{i}={value}')]
    out = subprocess.run(['psql', '-qAtX', '-F', '\t', '-v', 'ON_ERROR_STOP=1', *variables,
                          '-d', db, '-f', '-'], input=text, check=True,
                         capture_output=True, text=True).stdout
    return [tuple(line.split('\t')) for line in out.splitlines()]


def stats(db):
    return dict(line.split(': ', 1) for line in cli(db, 'stats').splitlines())


def make_demo(db, entrants=None):
    """The demo's output: `officer: NAME` and `passphrase: …` among its lines."""
    return cli(db, 'demo', '--entrants', str(entrants or N_ENTRANTS))


def pump_events():
    """Hands the accessibility events that have arrived to their listeners."""
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


class Announcements:
    """What a screen reader (Orca) would say while the focus stays put: GTK
    4.8 has no announcement, so the app sets the description of the focused
    object (sl_a11y_announce), and Orca speaks a description change on the
    object in focus. Records each such change: (role name, name, text)."""

    EVENT = 'object:property-change:accessible-description'

    def __init__(self):
        self.said = []
        pyatspi.Registry.registerEventListener(self._on_event, self.EVENT)

    def _on_event(self, event):
        try:
            self.said.append((event.source.getRoleName(), event.source.name,
                              str(event.any_data)))
        except Exception:  # the source went away
            pass

    def close(self):
        pyatspi.Registry.deregisterEventListener(self._on_event, self.EVENT)

    def spoken(self, contains, since=0):
        """The first (role, name, text) after index since whose text holds
        contains."""
        for item in self.said[since:]:
            if contains in item[2]:
                return item
        return None


def poll(predicate, timeout=15.0):
    """predicate's first true value within timeout, else None: for a check
    that is reported by its own tap.ok. There is always a last look begun
    after the timeout: a look can take longer than the timeout itself (a
    walk of every row on a loaded machine), and one begun before the thing
    appeared must not be the last."""
    deadline = time.monotonic() + timeout
    while True:
        last = time.monotonic() >= deadline
        pump_events()
        try:
            value = predicate()
        except Exception:  # the tree changes under us while GTK updates it
            value = None
        if value or last:
            return value or None
        time.sleep(0.05)


def wait_for(predicate, what, timeout=15.0):
    """poll for a step the scenario cannot go on without."""
    value = poll(predicate, timeout)
    if not value:
        raise TimeoutError(f'timed out waiting for {what}')
    return value


def walk(node, depth=0):
    yield node, depth
    try:
        children = list(node)
    except Exception:
        return
    for child in children:
        if child is not None:
            yield from walk(child, depth + 1)


def matches(node, role=None, name=None, contains=None):
    try:
        if role is not None and node.getRole() != role:
            return False
        if name is not None and node.name != name:
            return False
        if contains is not None and contains not in (node.name or ''):
            return False
        return True
    except Exception:
        return False


def find(root, role=None, name=None, contains=None):
    for node, _ in walk(root):
        if matches(node, role, name, contains):
            return node
    return None


def find_window(app, role=None, name=None, contains=None):
    """One of the app's top-level windows, read afresh from the app: libatspi
    keeps the app's list of windows (and their names) from the events the
    app sends, and on a loaded machine the list could still lack a window
    that had opened, titled, long before (the door window, seen on a
    screenshot while the wait for it timed out). Clearing that cache makes
    the next read ask the app."""
    app.clearCache()
    for child in app:
        if child is not None and matches(child, role, name, contains):
            return child
    return None


# Where neither a header bar nor a menu ever is, and where most of the
# tree is: every page's tables and lists (50,000 entrants' rows, even on a
# page not shown). A whole walk took 70 s on a loaded two-core machine.
LONG = {
    pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_LIST,
    pyatspi.ROLE_LIST_BOX,
}


def walk_short(node):
    """walk, not into tables and lists."""
    yield node
    try:
        if node.getRole() in LONG:
            return
        children = list(node)
    except Exception:
        return
    for child in children:
        if child is not None:
            yield from walk_short(child)


def find_short(root, role=None, name=None, contains=None):
    """find outside tables and lists: for what is polled for before it is
    there (a menu item, the account button), where each look that does not
    find it walks all the rest, which on a loaded machine outlasted the
    wait (and a look once begun is not cut short)."""
    for node in walk_short(root):
        if matches(node, role, name, contains):
            return node
    return None


def find_all(root, role=None, name=None, contains=None):
    return [node for node, _ in walk(root) if matches(node, role, name, contains)]


def focused(root):
    """The object under root that says it has the keyboard focus, or None:
    what a screen reader follows."""
    for node, _ in walk(root):
        try:
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return node
        except Exception:  # the tree changes under us while GTK updates it
            continue
    return None


def describe(node):
    """A focused object as a screen reader would see it, for a diagnostic."""
    if node is None:
        return 'nothing'
    try:
        return f'{node.getRoleName()} {node.name!r}'
    except Exception:
        return 'an object that went away'


def focused_field(root, name):
    """The text field named name when it has the focus (an entry or text
    object that says it is focused, as Orca needs to follow it), else None."""
    node = focused(root)
    if node is not None and node.getRole() in (pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT) \
            and node.name == name:
        return node
    return None


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def set_text(node, value):
    node.queryEditableText().setTextContents(value)


def click(node):
    node.queryAction().doAction(0)


def type_text(text):
    for char in text:
        pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)
        time.sleep(0.01)


def press(keysym, *modifier_keycodes):
    for keycode in modifier_keycodes:
        pyatspi.Registry.generateKeyboardEvent(keycode, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    for keycode in reversed(modifier_keycodes):
        pyatspi.Registry.generateKeyboardEvent(keycode, None, pyatspi.KEY_RELEASE)


def signed_in(root, name, timeout=30):
    """The header bar's account button once it says name is signed in, else
    None. The tree is read afresh each time: libatspi keeps the button's old
    name unless someone listens for name changes, and the toast that says it
    too is gone after five seconds, which a walk of the tree on a loaded
    machine can take. It is looked for outside tables and lists
    (find_short): a look begun before the sign-in ended walked every row of
    every page and outlasted the wait."""
    def look():
        root.clearCache()
        return find_short(root, contains=f'Signed in as {name}')
    return poll(look, timeout)


def sign_in(root, name, passphrase):
    """Signs in through the window's Sign In (Ctrl+Shift+L) by the keyboard:
    the name, Enter, the passphrase, Enter. The account button that says so,
    or None."""
    press(ord('l'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L)
    # Looked for in the dialog: a look in the whole app walks the window's
    # every row first (see find_short).
    dialog = poll(lambda: find_window(root, name='Sign In'))
    field = dialog and poll(lambda: find(dialog, pyatspi.ROLE_TEXT, name='Name') or
                            find(dialog, pyatspi.ROLE_ENTRY, name='Name'))
    if field is None:
        return None
    wait_for(lambda: field.getState().contains(pyatspi.STATE_FOCUSED), 'focus on the name')
    type_text(name)
    press(KEY_RETURN)
    type_text(passphrase)
    press(KEY_RETURN)
    return signed_in(root, name)


def screenshot(tap, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f'{name}.png')
    subprocess.run(['import', '-window', 'root', path], check=True)
    tap.diag(f'screenshot: {path}')
    return path


def unnamed_controls(root):
    """Interactive controls, and the tables, lists, tabs, menus and headers
    around them, that a screen reader could not name. Whatever sits in a
    table row is a cell or a column header, whatever its role (GTK 4.8
    makes a column header a filler)."""
    bad = []
    # The role of the last object seen at each depth: walk goes depth
    # first, so at depth d it is that of the parent of the next at d + 1.
    roles = {}
    for node, depth in walk(root):
        try:
            role = node.getRole()
            name = node.name or ''
        except Exception:
            roles[depth] = None
            continue
        roles[depth] = role
        in_row = roles.get(depth - 1) == pyatspi.ROLE_TABLE_ROW and depth > 0
        if (role in NAMED or in_row) and (name.strip() == '' or CLASS_NAME.match(name)
                                          or MNEMONIC.search(name) or TWICE.match(name)):
            path = []
            up = node.parent
            while up is not None and len(path) < 4:
                path.append(f'{up.getRoleName()} {up.name!r}')
                up = up.parent
            bad.append(f'{node.getRoleName()} named {name!r} in ' + ' < '.join(path))
    return bad


def check_names(tap, root, what):
    """One check that every control and container under root has a name,
    with each that has none as a diagnostic; returns them."""
    bad = unnamed_controls(root)
    for line in bad:
        tap.diag(line)
    tap.ok(not bad, f'{what}: every control has a name')
    return bad


def count_nodes(root):
    return sum(1 for _ in walk(root))


def app_env(**extra):
    env = dict(os.environ)
    env.pop('GTK_A11Y', None)
    env.pop('NO_AT_BRIDGE', None)
    env['GSETTINGS_BACKEND'] = 'memory'
    env.update(extra)
    return env


def start_app(*args, env=None):
    return subprocess.Popen([APP, *args], env=env or app_env())


def find_app(pid, timeout=30):
    def lookup():
        desktop = pyatspi.Registry.getDesktop(0)
        for candidate in desktop:
            if candidate is not None and candidate.get_process_id() == pid:
                return candidate
        return None
    return wait_for(lookup, 'the application on the accessibility bus', timeout)


def frames(root):
    """The app's top-level windows (frames and dialogs), by name, read
    afresh from the app (see find_window: libatspi's list of them can lag
    far behind on a loaded machine, a window closed long before still in
    it)."""
    root.clearCache()
    names = []
    for child in root:
        if child is None:
            continue
        try:
            names.append((child.getRoleName(), child.name))
        except Exception:
            continue
    return names


def stop_app(app):
    if app is None or app.poll() is not None:
        return
    app.terminate()
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


class Scenario:
    """One end-to-end scenario: its TAP stream, a work folder and the app it
    runs. `run(body)` calls `body(self)`, reports an exception as a failed
    check instead of breaking the TAP stream, and whatever happens stops
    the app and removes the folder."""

    def __init__(self, planned):
        self.tap = Tap(planned)
        self.workdir = tempfile.mkdtemp(prefix='startline-e2e-')
        self.app = None

    def start(self, *args, env=None):
        """Starts the app, stopping the one this scenario ran before."""
        self.stop()
        self.app = start_app(*args, env=env)
        return self.app

    def stop(self):
        stop_app(self.app)
        self.app = None

    def run(self, body):
        try:
            body(self)
        except Exception as error:
            self.tap.diag(f'{type(error).__name__}: {error}')
            self.tap.ok(False, 'the scenario ran to the end')
        finally:
            self.stop()
            shutil.rmtree(self.workdir, ignore_errors=True)
        return self.tap.exit_code()
