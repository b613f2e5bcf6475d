#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The closing line of .ci/test counts test cases and hides no failure.

The logs in tests/data/ci are meson's own, from a project whose TAP programs
pass, fail, skip a subtest, crash part-way and bail out, and whose plain
programs pass, fail and skip.
"""

import pathlib
import subprocess
import sys

root = pathlib.Path(sys.argv[1])
data = root / "tests" / "data" / "ci"
out = subprocess.run([sys.executable, str(root / ".ci" / "count-results"),
                      str(data / "testlog.json"), str(data / "testlog.junit.xml")],
                     check=True, capture_output=True, text=True).stdout
# passed: crash 2, fail 2, plain 1, bail 1, tapskip 1
# failed: crash 1 (after its passes), fail 1, plainfail 1, bail 1
# skipped: plainskip 1, tapskipall 1, tapskip 1
expected = "7 passed, 4 failed, 3 skipped\n"
if out != expected:
    sys.exit(f"count-results printed {out!r}, expected {expected!r}")
print("ok:", out.strip())
