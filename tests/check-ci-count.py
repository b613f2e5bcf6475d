#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The closing line of .ci/test counts test cases and hides no failure.

The logs in tests/data/ci were written by meson 1.0 running a scratch project
whose TAP programs pass, fail, skip a subtest, crash part-way and bail out,
and whose plain programs pass, fail and skip; they are cut down to what
count-results reads (no times, no commands, no environment).
"""

import pathlib
import subprocess
import sys
import tempfile

root = pathlib.Path(sys.argv[1])
data = root / "tests" / "data" / "ci"


def count(junit):
    return subprocess.run([sys.executable, str(root / ".ci" / "count-results"),
                           str(data / "testlog.json"), str(junit)],
                          check=True, capture_output=True, text=True).stdout


# passed: crash 2, fail 2, plain 1, bail 1, tapskip 1
# failed: crash 1 (after its passes), fail 1, plainfail 1, bail 1
# skipped: plainskip 1, tapskipall 1, tapskip 1
expected = "7 passed, 4 failed, 3 skipped\n"
out = count(data / "testlog.junit.xml")
if out != expected:
    sys.exit(f"count-results printed {out!r}, expected {expected!r}")

# A test that prints a colour code puts it in the log as it is.
with tempfile.NamedTemporaryFile(suffix=".xml") as coloured:
    text = (data / "testlog.junit.xml").read_bytes()
    coloured.write(text.replace(b"ok 1 a", b"ok 1 a \x1b[1mwarn\x1b[0m", 1))
    coloured.flush()
    out = count(coloured.name)
    if out != expected:
        sys.exit(f"with a colour code, count-results printed {out!r}, expected {expected!r}")
print("ok:", out.strip())
