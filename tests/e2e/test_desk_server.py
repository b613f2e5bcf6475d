#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A server event from the command line, end to end: `startline
postgresql://…` on the test cluster (tests/with-pg-cluster.sh) opens the
event in a window, a second `startline` with the same URI presents that
window, one entrant is checked in at the desk by the keyboard, and the
server's own tables say so (psql). A server whose host goes silent
mid-session (through a proxy that stops forwarding) is said on the
window's banner while nobody types, and the banner goes once it answers.
A server that is not there is said in a dialog that names it
unreachable.

Prints TAP. Runs under tests/with-pg-cluster.sh and
tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (APP, KEYCODE_CONTROL_L, KEYCODE_SHIFT_L, KEY_ESCAPE,  # noqa: E402
                    KEY_RETURN, Announcements, Scenario, app_env, check_names, cli, describe,
                    find, find_app, find_window, focused, focused_field, frames, make_demo,
                    poll, press, screenshot, type_text, wait_for)
import pyatspi  # noqa: E402

PLANNED = 14
ENTRANTS = 200
EVENT = 'London Marathon 2026 (demo)'
BANNER = 'Server unreachable — retrying'


def server():
    """The test cluster's connection string as keywords."""
    return dict(item.split('=', 1) for item in os.environ['STARTLINE_TEST_PG'].split())


def psql(database, sql):
    keys = dict(server(), dbname=database)
    conninfo = ' '.join(f'{key}={value}' for key, value in keys.items())
    return subprocess.run(['psql', '-qAtX', '-d', conninfo, '-c', sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def uri(database, host=None):
    """The event as a person would type it: a postgresql:// URI."""
    keys = server()
    query = urllib.parse.urlencode({'host': host or keys['host'], 'port': keys['port'],
                                    'user': keys['user']})
    return f'postgresql:///{database}?{query}'


def pick_entrant(location):
    for prefix in ('fern', 'nun', 'obri', 'sch', 'mar', 'a', 'e'):
        for line in cli(location, 'search', prefix, '--limit', '50').splitlines():
            bib, name, race, wave, status = line.split('\t')
            if status == 'registered':
                return bib, name
    raise RuntimeError('no registered entrant found')


def window_names(root):
    """The app's windows by name, read afresh (libatspi keeps the list it
    was last told of)."""
    root.clearCache()
    return sorted(name for role, name in frames(root))


def connect_by_keyboard(tap, root):
    """Connect to Server… (Ctrl+Shift+O) by the keyboard alone: each field,
    Enter to the next, Enter in Password connects; the event opens in a
    second window. The dialog then lists the server among the recent ones,
    every control named once."""
    keys = server()
    press(ord('o'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L)
    dialog = wait_for(lambda: find_window(root, name='Connect to Server'), 'Connect to Server')
    for field, value in (('Host', keys['host']), ('Port', keys['port']),
                         ('Database', 'startline_e2e'), ('Account', keys['user'])):
        wait_for(lambda: focused_field(dialog, field), f'the focus in {field}', 10)
        type_text(value)
        press(KEY_RETURN)
    wait_for(lambda: focused_field(dialog, 'Password'), 'the focus in Password', 10)
    press(KEY_RETURN)
    both = poll(lambda: window_names(root) == [EVENT, EVENT], 30)
    tap.ok(both, f'Connect to Server by the keyboard opens the event in a second window:'
                 f' {window_names(root)}')

    press(ord('o'), KEYCODE_CONTROL_L, KEYCODE_SHIFT_L)
    dialog = wait_for(lambda: find_window(root, name='Connect to Server'), 'Connect to Server')
    label = f"{keys['user']} on startline_e2e at {keys['host']}"
    recent = poll(lambda: find(dialog, pyatspi.ROLE_LIST_ITEM, contains=label))
    tap.ok(recent is not None, f'it lists the server among the recent ones:'
                               f' {describe(recent)}; focus on {describe(focused(dialog))}')
    screenshot(tap, 'connect-recent')
    check_names(tap, dialog, 'Connect to Server with a recent server')
    press(KEY_ESCAPE)
    wait_for(lambda: find_window(root, name='Connect to Server') is None, 'the dialog to close')


class Proxy:
    """127.0.0.1 to the test cluster's Unix socket. freeze() stops
    forwarding on every connection, open or new, which stay open: a host
    gone silent whose kernel still acknowledges (no TCP timeout ever
    fires). thaw() forwards again, the held new ones included."""

    def __init__(self):
        keys = server()
        self.upstream = os.path.join(keys['host'], f".s.PGSQL.{keys.get('port', '5432')}")
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.frozen = False
        self.peers = {}    # each socket: the other end of its pair
        self.held = []     # accepted, not yet connected upstream
        threading.Thread(target=self.run, daemon=True).start()

    def freeze(self):
        self.frozen = True

    def thaw(self):
        self.frozen = False

    def connect_held(self):
        for client in self.held:
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.upstream)
            self.peers[client] = upstream
            self.peers[upstream] = client
        self.held = []

    def forward(self, sock):
        other = self.peers.get(sock)
        if other is None:
            return
        try:
            data = sock.recv(65536)
            if data:
                other.sendall(data)
                return
        except OSError:
            pass
        for end in (sock, other):
            self.peers.pop(end, None)
            end.close()

    def run(self):
        while True:
            frozen = self.frozen
            if not frozen:
                self.connect_held()
            watched = [self.listener] + ([] if frozen else list(self.peers))
            ready, _, _ = select.select(watched, [], [], 0.05)
            for sock in ready:
                if sock is self.listener:
                    self.held.append(sock.accept()[0])
                elif not self.frozen:
                    self.forward(sock)


def silent_host(run):
    """The server's host goes silent while the window is idle at the desk:
    its polls send a heartbeat, give up on it after 3 s and show the
    banner; once the host answers, the window connects again by itself and
    the banner goes."""
    tap = run.tap
    proxy = Proxy()
    query = urllib.parse.urlencode({'host': '127.0.0.1', 'port': proxy.port,
                                    'user': server()['user']})
    app = run.start(f'postgresql:///startline_e2e?{query}')
    root = find_app(app.pid)
    frame = wait_for(lambda: find_window(root, pyatspi.ROLE_FRAME, name=EVENT),
                     'the window through the proxy', 30)
    wait_for(lambda: find(frame, pyatspi.ROLE_ENTRY), 'the search field')
    proxy.freeze()
    start = time.monotonic()
    banner = poll(lambda: find(frame, pyatspi.ROLE_ALERT, name=BANNER), 30)
    took = time.monotonic() - start
    tap.ok(banner is not None,
           f'the host goes silent, nobody types: the window says {BANNER!r}'
           f' after {took:.1f} s (without a heartbeat: never)')
    screenshot(tap, 'server-silent')
    proxy.thaw()
    start = time.monotonic()
    gone = poll(lambda: find(frame, pyatspi.ROLE_ALERT, name=BANNER) is None, 30)
    tap.ok(gone, f'the host answers again: the banner goes by itself after'
                 f' {time.monotonic() - start:.1f} s')
    run.stop()


def unreachable(run):
    """A server that is not there: the dialog says so and names it."""
    tap = run.tap
    missing = os.path.join(run.workdir, 'no-server')
    app = run.start(uri('startline_e2e', host=missing))
    root = find_app(app.pid)
    heading = wait_for(lambda: find(root, pyatspi.ROLE_LABEL, name='Cannot Open Event'),
                       'the error dialog', 30)
    dialog = heading
    while dialog.parent is not None and dialog.parent.getRole() != pyatspi.ROLE_APPLICATION:
        dialog = dialog.parent
    message = poll(lambda: find(dialog, pyatspi.ROLE_LABEL, contains='Server unreachable'))
    tap.diag(f'{dialog.getRoleName()} {dialog.name!r}: {message.name if message else None!r}')
    tap.ok(message is not None and missing in message.name,
           'a server that is not there: the dialog says "Server unreachable" and names where')
    screenshot(tap, 'server-unreachable')
    check_names(tap, dialog, 'the unreachable-server dialog')
    run.stop()


def scenario(run):
    tap = run.tap
    psql('postgres', 'CREATE DATABASE startline_e2e')
    location = uri('startline_e2e')
    tap.diag(f'event: {location}')
    make_demo(location, ENTRANTS)
    tap.ok(psql('startline_e2e', 'SELECT count(*) FROM entrant') == str(ENTRANTS),
           f'startline-cli demo made {ENTRANTS} entrants on the server')
    bib, name = pick_entrant(location)
    tap.diag(f'the desk checks in {name} (bib {bib})')

    said = Announcements()
    app = run.start(location)
    root = find_app(app.pid)
    frame = poll(lambda: find_window(root, pyatspi.ROLE_FRAME, name=EVENT), 30)
    tap.ok(frame is not None, f'`startline URI` opens the server event: {window_names(root)}')
    if frame is None:
        raise TimeoutError('no window for the server event')

    # A second `startline` with the same URI goes to the first instance,
    # which presents the window it has.
    again = subprocess.run([APP, location], env=app_env(), timeout=30)
    time.sleep(1.0)
    tap.ok(again.returncode == 0 and window_names(root) == [EVENT],
           f'`startline URI` again presents that window: exit {again.returncode},'
           f' {window_names(root)}')

    entry = wait_for(lambda: find(frame, pyatspi.ROLE_ENTRY), 'the search field')
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')
    # A scanner: the bib, Enter; the card shows who it is.
    type_text(bib)
    press(KEY_RETURN)
    card = poll(lambda: find(frame, pyatspi.ROLE_LABEL, name=name))
    tap.ok(card is not None, f'scanning {bib} shows {name} on the card')

    # Ctrl+Enter checks in; a screen reader hears it while the focus stays
    # in the field (the toast itself lasts five seconds).
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    spoken = poll(lambda: said.spoken(f'(bib {bib}) checked in'), 30)
    tap.ok(spoken is not None, f'the check-in is announced: {spoken!r}')
    screenshot(tap, 'desk-server')
    said.close()

    # The server's own tables.
    status = poll(lambda: psql('startline_e2e', f"SELECT status FROM entrant WHERE bib = '{bib}'")
                  == 'checked-in', 10)
    events = psql('startline_e2e', 'SELECT e.bib, c.action FROM checkin_event c'
                                   ' JOIN entrant e ON e.id = c.entrant_id')
    tap.ok(status and events == f'{bib}|check-in',
           f'on the server: bib {bib} checked in, check-in events {events!r}')
    checked = psql('startline_e2e', "SELECT count(*) FROM entrant WHERE status = 'checked-in'")
    tap.ok(checked == '1', f'one entrant checked in on the server: {checked}')

    connect_by_keyboard(tap, root)
    run.stop()

    silent_host(run)
    unreachable(run)


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
