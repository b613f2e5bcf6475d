#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: flatpak-builder parses it, it builds the
app with the right id and command, builds libxlsxwriter, libcsv, libsodium and libpq as modules, and
asks for no more than a desktop app with file dialogs (portals) and
server events (the network) needs; libsecret is the GNOME runtime's."""
import json
import os
import subprocess
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]

# GLib debug messages (G_MESSAGES_DEBUG=all in a developer's shell) go to
# stdout and would land in the JSON.
env = {k: v for k, v in os.environ.items() if k != "G_MESSAGES_DEBUG"}
out = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path],
                     check=True, capture_output=True, text=True, env=env).stdout
manifest = json.loads(out)

problems = []
if manifest.get("id", manifest.get("app-id")) != app_id:
    problems.append(f"id is {manifest.get('id')!r}, expected {app_id!r}")
if manifest.get("command") != "startline":
    problems.append("command is not 'startline'")
if manifest.get("runtime") != "org.gnome.Platform":
    problems.append("runtime is not org.gnome.Platform")

# The network: server events (Connect to Server…) are reached over TCP. The
# keyring needs nothing: libsecret goes through the secret portal.
allowed = {"--share=ipc", "--share=network", "--socket=fallback-x11", "--socket=wayland",
           "--device=dri"}
for arg in manifest.get("finish-args", []):
    if arg not in allowed:
        problems.append(f"finish-arg {arg} asks for more than a desktop app needs")

names = [m["name"] for m in manifest.get("modules", []) if isinstance(m, dict)]
for needed in ("libxlsxwriter", "libcsv", "libsodium", "libpq", "startline"):
    if needed not in names:
        problems.append(f"module {needed} is missing")

for p in problems:
    print(f"{manifest_path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
