#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source file with translatable strings is missing from
po/POTFILES.in, or when POTFILES.in names a file that does not exist."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / "po" / "POTFILES.in").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

marker_c = re.compile(r'\b(N_|_|C_|NC_|ngettext)\s*\(\s*"')
marker_ui = re.compile(r'translatable="yes"')
need = set()
for path in sorted((root / "src").rglob("*.c")):
    if marker_c.search(path.read_text(encoding="utf-8")):
        need.add(str(path.relative_to(root)))
for path in sorted(list((root / "ui").rglob("*.ui")) + list((root / "data").rglob("*.in"))):
    text = path.read_text(encoding="utf-8")
    if marker_ui.search(text) or path.name.endswith((".desktop.in", ".metainfo.xml.in")):
        need.add(str(path.relative_to(root)))
for path in sorted((root / "data").rglob("*.gschema.xml")):
    need.add(str(path.relative_to(root)))

missing = sorted(need - listed)
stale = sorted(p for p in listed if not (root / p).exists())
for p in missing:
    print(f"po/POTFILES.in: {p} has translatable strings but is not listed", file=sys.stderr)
for p in stale:
    print(f"po/POTFILES.in: {p} does not exist", file=sys.stderr)
sys.exit(1 if missing or stale else 0)
