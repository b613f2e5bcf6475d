#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""High contrast and large text end to end: the real `startline` with
libadwaita's high-contrast style (ADW_DEBUG_HIGH_CONTRAST=1) and text at
1.5 times (gtk-xft-dpi in a private settings.ini) on a 50,000-entrant demo
event. The main controls are there, every control has a name, and each
page is kept as a screenshot to look at.

Prints TAP. Runs under tests/run-on-display.sh (Xvfb + a session bus)."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sl_e2e import (KEYCODE_ALT_L, KEYCODE_CONTROL_L, KEY_RETURN, N_ENTRANTS, Scenario, app_env,  # noqa: E402
                    cli, find, find_app, make_demo, new_event, press, screenshot, type_text,
                    unnamed_controls, wait_for)
import pyatspi  # noqa: E402

PLANNED = 6


def scenario(run):
    tap, workdir = run.tap, run.workdir
    db = new_event(run, 'demo')
    make_demo(db)
    bib = cli(db, 'search', 'ana', '--limit', '1').split('\t')[0]
    config = os.path.join(workdir, 'config')
    os.makedirs(os.path.join(config, 'gtk-4.0'))
    with open(os.path.join(config, 'gtk-4.0', 'settings.ini'), 'w') as f:
        f.write('[Settings]\ngtk-xft-dpi=147456\n')  # 96 dpi x 1.5, in 1/1024
    # On X11, GDK takes the text resolution from the Xft.dpi resource
    # (96 when unset), which wins over settings.ini: set both.
    subprocess.run(['xprop', '-root', '-f', 'RESOURCE_MANAGER', '8s', '-set',
                    'RESOURCE_MANAGER', 'Xft.dpi:\t144\n'], check=True)
    app = run.start(db, env=app_env(XDG_CONFIG_HOME=config, ADW_DEBUG_HIGH_CONTRAST='1'))
    root = find_app(app.pid)

    entry = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY), 'the search field', 30)
    wait_for(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the search field')
    tap.ok(entry.name.startswith('Find an entrant'), 'high contrast, large text: the app '
           f'runs and its search field has the focus ({entry.name!r})')
    type_text(bib)
    press(KEY_RETURN)
    check_in = wait_for(lambda: find(root, pyatspi.ROLE_PUSH_BUTTON, contains='Check In'),
                        'the Check In button')
    counter = find(root, pyatspi.ROLE_STATUS_BAR)
    tap.ok(check_in is not None and counter is not None and str(N_ENTRANTS) in counter.name,
           f'the card, {check_in.name!r} and the counter {counter.name!r} are there')
    press(KEY_RETURN, KEYCODE_CONTROL_L)
    wait_for(lambda: find(root, contains=f'(bib {bib}) checked in'), 'the toast')
    screenshot(tap, 'contrast-desk')
    bad = unnamed_controls(root)
    for line in bad:
        tap.diag(line)
    tap.ok(not bad, 'every control of the check-in page has a name')

    press(ord('2'), KEYCODE_ALT_L)
    search = wait_for(lambda: find(root, pyatspi.ROLE_ENTRY, name='Search entrants'),
                      'the entrants page')
    wait_for(lambda: search.getState().contains(pyatspi.STATE_FOCUSED),
             'focus in the entrants search field')
    type_text('ana')
    count = wait_for(lambda: find(root, pyatspi.ROLE_LABEL, contains=f'of {N_ENTRANTS}')
                     if find(root, pyatspi.ROLE_TABLE_CELL, contains='Ana') else None,
                     'the filtered table')
    tap.ok(find(root, pyatspi.ROLE_PUSH_BUTTON, name='Edit') is not None,
           f'the entrants page shows {count.name!r} and its buttons')
    screenshot(tap, 'contrast-entrants')
    bad = unnamed_controls(root)
    for line in bad:
        tap.diag(line)
    tap.ok(not bad, 'every control of the entrants page has a name')
    tap.ok(app.poll() is None, 'the app is still running')


if __name__ == '__main__':
    sys.exit(Scenario(PLANNED).run(scenario))
