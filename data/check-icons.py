#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the app icons are well-formed SVG with the sizes the icon
theme expects: 128×128 for the scalable icon, 16×16 for the symbolic one."""
import sys
import xml.etree.ElementTree as ET

failed = False
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    if root.tag != '{http://www.w3.org/2000/svg}svg':
        print(f'{path}: the root element is {root.tag}, not svg')
        failed = True
        continue
    want = '16' if path.endswith('-symbolic.svg') else '128'
    size = (root.get('width'), root.get('height'))
    if size != (want, want):
        print(f'{path}: size is {size[0]}×{size[1]}, expected {want}×{want}')
        failed = True
    else:
        print(f'{path}: ok')
sys.exit(1 if failed else 0)
