#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source file with translatable strings is missing from
po/POTFILES.in, or when POTFILES.in names a file that does not exist."""
import pathlib
import re
import shutil
import subprocess
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

# xgettext must be able to read every translatable string whole: a macro
# such as G_GINT64_FORMAT inside one cuts the message translators get.
problems = []
if shutil.which("xgettext"):
    sources = [p for p in sorted(listed) if p.endswith(".c")]
    run = subprocess.run(
        ["xgettext", "--from-code=UTF-8", "--output=-", "--language=C",
         "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
         "--keyword=g_dngettext:2,3", "--flag=g_dngettext:2:pass-c-format",
         "--flag=g_strdup_printf:1:c-format", "--flag=g_set_error:4:c-format",
         "--flag=g_string_append_printf:2:c-format", "--flag=g_printerr:1:c-format",
         *sources],
        cwd=root, capture_output=True, text=True)
    for line in run.stderr.splitlines():
        if "warning" in line or "error" in line:
            problems.append(line)
    if run.returncode != 0:
        problems.append(f"xgettext exited {run.returncode}")

missing = sorted(need - listed)
stale = sorted(p for p in listed if not (root / p).exists())
for p in missing:
    print(f"po/POTFILES.in: {p} has translatable strings but is not listed", file=sys.stderr)
for p in stale:
    print(f"po/POTFILES.in: {p} does not exist", file=sys.stderr)
for p in problems:
    print(f"xgettext: {p}", file=sys.stderr)
sys.exit(1 if missing or stale or problems else 0)
