#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The registration desk end to end: the real `startline` on a 50,000-entrant
demo event, driven over the accessibility bus as a volunteer would, then
checked against the database with startline-cli. Also walks the accessible
tree of every page and fails on an interactive control without a real name,
and keeps a screenshot of each page in $STARTLINE_ARTIFACTS_DIR.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (Announcements, KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEY_DOWN, KEY_ESCAPE,  # noqa: E402
                    KEY_F10, KEY_RETURN, N_ENTRANTS, Scenario, check_names, cli, click,
                    count_nodes, describe, find, find_all, find_app, frames, make_demo,
                    new_event, poll, press, screenshot, stats, text_of, type_text,
                    unnamed_controls, wait_for)
import pyatspi  # noqa: E402

PLANNED = 27
COLUMNS = ['Bib', 'Last name', 'First name', 'Race', 'Wave', 'Status', 'Charity', 'Club']


def focused_row(root):
    for node in find_all(root, pyatspi.ROLE_LIST_ITEM):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return node
    return None


def pick_entrant(db):
    """A registered entrant with an unusual enough surname to search for."""
    for prefix in ('fern', 'nun', 'obri', 'sch', 'mar'):
        for line in cli(db, 'search', prefix, '--limit', '50').splitlines():
            bib, name, race, wave, status = line.split('\t')
            if status == 'registered':
                return bib, name
    raise RuntimeError('no registered entrant found')


def broad_word(db):
    """A word matching more people than the desk lists (30) but few
    enough to list them all: "smith" at 50,000 entrants, a shorter one in a
    smaller demo."""
    for word in ('smith', 'jones', 'brown', 'wil', 'ma', 'a'):
        n = len(cli(db, 'search', word, '--limit', '200').splitlines())
        if 30 < n < 200:
            return word
    raise RuntimeError('no word matches between 31 and 199 entrants')


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'demo')
    started = time.monotonic()
    make_demo(db)
    tap.diag(f'demo event of {N_ENTRANTS} entrants in {time.monotonic() - started:.1f} s')
    tap.ok(stats(db)['entrants'] == str(N_ENTRANTS), 'the demo event has its entrants')
    bib, name = pick_entrant(db)
    surname_part = name.split()[-1][:4]
    tap.diag(f'volunteer looks for {name} (bib {bib}) by typing {surname_part!r}')

    said = Announcements()
    app = run.start(db)
    root = find_app(app.pid)
    frame = wait_for(lambda: find(root, pyatspi.ROLE_FRAME), 'the window', 30)
    tap.ok(frame.name == 'London Marathon 2026 (demo)',
           f'the window is named after the event: {frame.name!r}')

    entry = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the search field')
    tap.ok(entry.name.startswith('Find an entrant'),
           f'the search field is named {entry.name!r}')
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')

    # Part of a name, as typed at the desk.
    type_text(surname_part.lower())
    match = wait_for(lambda: find(root, pyatspi.ROLE_LIST_ITEM, contains=f'bib {bib}'),
                     f'a result for bib {bib}')
    tap.ok(name in match.name, f'typing {surname_part!r} lists {match.name!r}')
    screenshot(tap, 'desk-search')

    # A scanner: clear, the bib, Enter. The card shows who it is.
    press(KEY_ESCAPE)
    wait_for(lambda: text_of(entry) == '', 'the field to clear')
    type_text(bib)
    press(KEY_RETURN)
    heading = poll(lambda: find(root, pyatspi.ROLE_LABEL, name=name))
    tap.ok(heading is not None, f'scanning {bib} shows {name} on the card')
    tap.ok(stats(db)['checked_in'] == '0', 'a scan alone does not check in')

    # Ctrl+Enter checks in; the toast confirms it.
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    toast = poll(lambda: find(root, contains=f'(bib {bib}) checked in'))
    tap.ok(toast is not None, f'confirmation: {toast.name if toast else None!r}')
    tap.ok(stats(db)['checked_in'] == '1', 'startline-cli stats: checked_in: 1')
    screenshot(tap, 'desk')

    # A screen reader says it too, while the focus stays in the field.
    spoken = poll(lambda: said.spoken(f'(bib {bib}) checked in'))
    tap.ok(spoken is not None and spoken[1] == entry.name
           and entry.getState().contains(pyatspi.STATE_FOCUSED),
           f'a screen reader hears the check-in from the focused field: {spoken!r}')

    # Named as read, not "_Undo Undo" as GTK 4.8 would have it.
    undo = wait_for(lambda: find(root, pyatspi.ROLE_PUSH_BUTTON, name='Undo'),
                    'the Undo button')
    undo.queryAction().doAction(0)
    undone = poll(lambda: stats(db)['checked_in'] == '0')
    tap.ok(undone, f'Undo in the toast: startline-cli stats: {stats(db)["checked_in"]}'
                   ' checked in')

    # Checking in twice: the second attempt warns and says where.
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    wait_for(lambda: stats(db)['checked_in'] == '1', 'the second check-in')
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    warning = wait_for(lambda: find(root, pyatspi.ROLE_ALERT), 'the warning')
    tap.ok('already checked in' in warning.name,
           f'checking in again warns: {warning.name!r}')
    screenshot(tap, 'desk-warning')
    spoken = poll(lambda: said.spoken('already checked in'))
    tap.ok(spoken is not None and spoken[2] == warning.name,
           f'a screen reader hears the warning: {spoken!r}')
    tap.ok(stats(db)['checked_in'] == '1', 'the database still has one check-in')

    # The keyboard through the results: Down into them (to the selected
    # entrant), Down again to the next, whom the card then shows; Enter
    # checks in that one; Escape goes back to the field.
    type_text(surname_part.lower())
    wait_for(lambda: len(find_all(root, pyatspi.ROLE_LIST_ITEM)) > 1, 'two results or more')
    press(KEY_DOWN)
    wait_for(lambda: focused_row(root), 'focus on a result')
    press(KEY_DOWN)
    row = wait_for(lambda: next((r for r in [focused_row(root)]
                                 if r is not None and f'bib {bib},' not in r.name), None),
                   'focus on the next result')
    other_name = row.name.split(',')[0]
    other_bib = row.name.split('bib ')[1].split(',')[0]
    card = poll(lambda: find(root, pyatspi.ROLE_LABEL, name=other_name))
    tap.ok(card is not None, f'Down, Down focuses {row.name!r} and the card shows it')
    screenshot(tap, 'desk-keyboard')
    press(KEY_RETURN)
    done = poll(lambda: stats(db)['checked_in'] == '2')
    checked = cli(db, 'search', other_bib, '--limit', '1').split('\t')[-1].strip()
    press(KEY_ESCAPE)
    back = poll(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED))
    tap.ok(done and checked == 'checked-in' and back,
           f'Enter on the row checks in bib {other_bib} ({checked}; counted: {bool(done)}),'
           f' and Escape goes back to the search field ({bool(back)})')

    # A scan after the main menu (F10, Escape) and Keyboard Shortcuts
    # (Ctrl+?, Escape) have closed: the code reaches the search field and
    # Enter finds the entrant instead of opening the menu again.
    def menu_open():
        return find(root, pyatspi.ROLE_MENU_ITEM, contains='About') is not None

    press(KEY_F10)
    wait_for(menu_open, 'the main menu')
    press(KEY_ESCAPE)
    wait_for(lambda: not menu_open(), 'the main menu to close')
    type_text(other_bib)
    press(KEY_RETURN)
    card = poll(lambda: find(root, pyatspi.ROLE_LABEL, name=other_name))
    tap.ok(card is not None and not menu_open()
           and entry.getState().contains(pyatspi.STATE_FOCUSED),
           f'after the main menu, scanning {other_bib} shows {other_name}; the menu stays shut')
    press(KEY_F10)
    item = wait_for(lambda: find(root, pyatspi.ROLE_MENU_ITEM, contains='Keyboard Shortcuts'),
                    'Keyboard Shortcuts in the main menu')
    click(item)
    wait_for(lambda: len(frames(root)) > 1, 'the Keyboard Shortcuts window')
    shortcuts = [n for _, n in frames(root)]
    press(KEY_ESCAPE)
    wait_for(lambda: len(frames(root)) == 1, 'Keyboard Shortcuts to close')
    heard = len(said.said)
    type_text(bib)
    press(KEY_RETURN)
    card = poll(lambda: find(root, pyatspi.ROLE_LABEL, name=name))
    tap.ok(card is not None and not menu_open(),
           f'after Keyboard Shortcuts ({shortcuts!r}), scanning {bib} shows {name}')

    # Re-scanning someone already checked in warns at once, without Check In.
    warning = poll(lambda: next((a for a in [find(root, pyatspi.ROLE_ALERT)]
                                 if a is not None and 'already checked in' in a.name), None))
    tap.ok(warning is not None and f'(bib {bib}) is already checked in' in warning.name,
           f'the re-scan warns at once: {warning.name if warning else None!r}')
    spoken = poll(lambda: said.spoken(f'(bib {bib}) is already checked in', since=heard))
    tap.ok(spoken is not None, f'and a screen reader hears it: {spoken!r}')
    screenshot(tap, 'desk-rescan')

    # An unknown code: the card no longer shows the one before, and an
    # error says the code is no one's, also to a screen reader.
    type_text('99999')
    press(KEY_RETURN)
    alert = poll(lambda: find(root, pyatspi.ROLE_ALERT,
                              name='No entrant with bib or reference 99999'))
    # The card's old labels stay in the tree, hidden: the button tells.
    button = poll(lambda: next((b for b in [find(root, pyatspi.ROLE_PUSH_BUTTON, name='Check In')]
                                if b is not None
                                and not b.getState().contains(pyatspi.STATE_SENSITIVE)), None))
    tap.ok(alert is not None and button is not None,
           f'scanning 99999 clears the card and says {alert.name if alert else None!r}')
    spoken = poll(lambda: said.spoken('No entrant with bib or reference 99999'))
    tap.ok(spoken is not None, f'a screen reader hears the unknown code: {spoken!r}')
    checked_before = stats(db)['checked_in']
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    time.sleep(1)
    tap.ok(stats(db)['checked_in'] == checked_before,
           f'Ctrl+Enter then checks no one in ({checked_before} checked in)')
    screenshot(tap, 'desk-unknown-code')

    # A broad search says how many more match, and Show All lists them.
    broad = broad_word(db)
    press(KEY_ESCAPE)
    type_text(broad)
    more = wait_for(lambda: find(root, pyatspi.ROLE_LABEL, contains='more: type more'),
                    'the count of results not listed')
    show_all = find(root, pyatspi.ROLE_PUSH_BUTTON, contains='Show All')
    total = int(show_all.name.split()[-1]) if show_all else 0
    tap.ok(show_all is not None and '_' not in show_all.name
           and more.name.startswith(f'{total - 30} more'),
           f'"{broad}" lists 30 and says {more.name!r}, with '
           f'{show_all.name if show_all else None!r}')
    screenshot(tap, 'desk-more-results')
    click(show_all)
    listed = poll(lambda: len(find_all(root, pyatspi.ROLE_LIST_ITEM)) >= total)
    tap.ok(listed, f'Show All lists all {total} ({len(find_all(root, pyatspi.ROLE_LIST_ITEM))} '
                   'list items in the window)')
    # The tree walk below reads every row: a short list keeps it quick.
    press(KEY_ESCAPE)
    press(KEY_ESCAPE)
    wait_for(lambda: text_of(entry) == '', 'the field to clear')

    # Every page: walk the whole tree, and keep a picture.
    started = time.monotonic()
    bad = unnamed_controls(root)
    tap.diag(f'desk page: {count_nodes(root)} accessible objects walked '
             f'in {time.monotonic() - started:.1f} s')
    for line in bad:
        tap.diag(line)
    tap.ok(not bad, 'the check-in page: every control has a name')

    press(ord('2'), KEYCODE_ALT_L)
    wait_for(lambda: find(root, pyatspi.ROLE_LABEL, name='Entrants') or
             find(root, pyatspi.ROLE_TABLE), 'the entrants page', 30)
    time.sleep(0.5)
    screenshot(tap, 'entrants')
    check_names(tap, root, 'the entrants page')

    # What a screen reader says on the way into the table: its name, the
    # list of its rows and the column header over each cell (GTK 4.8 has
    # "GtkColumnListView" and "GtkColumnViewTitle").
    table = find(root, pyatspi.ROLE_TREE_TABLE)
    headings = find(table, pyatspi.ROLE_TABLE_ROW, name='Column headings')
    headers = [child.name for child in headings] if headings is not None else []
    rows = find(table, pyatspi.ROLE_LIST)
    tap.ok(table.name == 'Entrants' and rows is not None and rows.name == 'Entrants'
           and headers == COLUMNS,
           f'the table is {table.name!r}, its rows {describe(rows)}, its column headers'
           f' {headers}')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
