#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when the code stops telling the truth about its layers.

- SQL appears only in the stores, src/core/store/sqlite/ and
  src/core/store/postgres/; sqlite3 calls and types and the SQLite store's
  private headers only in the first, libpq's (PQ…, libpq-fe.h) and the
  PostgreSQL store's only in the second: every other file goes through
  the store interface (src/core/store/sl-store.h).
- The domain (src/core/domain/) includes nothing of the store, the
  services or the GUI; the core includes no GTK; the GUI and the command
  line include no private header of the core.
- No include loops between modules (a .c and its .h are one module).
- No function in src/ longer than MAX_FUNCTION_LINES.

Run with the source root; with --self-test it first checks that it does
find each kind of problem in a small tree of its own.
"""
import pathlib
import re
import sys
import tempfile

MAX_FUNCTION_LINES = 150

STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
SQL = re.compile(r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                 r"CREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL|VIEW)|DROP\s+(TABLE|INDEX)|"
                 r"PRAGMA\s|BEGIN\s+IMMEDIATE|ROLLBACK\b|COMMIT\b|json_object\s*\()")
ENGINE = re.compile(r"\b(sqlite3\w*|sl_sqlite_\w+|SQLITE_\w+)\b")
PG_ENGINE = re.compile(r"\b(PQ\w+|PG\w+Status\w*|PGconn|PGresult|sl_pg_\w+|CONNECTION_\w+|"
                       r"PGRES_\w+)\b")
INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^>"]+)[>"]', re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)

ENGINE_HEADERS = {"sqlite3.h", "sl-sqlite-private.h", "sl-db-private.h",
                  "sl-sqlite-db.h", "sl-db-locks.h"}
PG_HEADERS = {"libpq-fe.h", "sl-pg-private.h", "sl-pg-db.h"}
CORE_PRIVATE = {"sl-store.h", "sl-db-private.h", "sl-sqlite-private.h",
                "sl-sqlite-db.h", "sl-db-locks.h", "sl-pg-private.h", "sl-pg-db.h",
                "sl-entrant-private.h",
                "sl-entrants-private.h", "sl-session-private.h",
                "sl-needs-private.h"}
MODULE_ALIASES = {"sl-store": "sl-db", "sl-sqlite": "sl-sqlite-db", "sl-pg": "sl-pg-db"}
GTK_HEADERS = ("gtk/", "adwaita.h", "gdk/")


def module_of(path):
    """A module: a .c with its header, its private header and, for the
    store, the interface its engines implement."""
    stem = pathlib.PurePosixPath(path).stem
    stem = stem.removesuffix("-private")
    return MODULE_ALIASES.get(stem, stem)


def strip_comments(text):
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def function_lengths(text):
    """(name, first line, length) of each function definition: a name at
    the start of a line followed by its parameters, then a body from a
    "{" to a "}" both at the start of a line."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^([a-z_][a-z0-9_]*) \(", lines[i])
        if m and i > 0 and lines[i - 1] and not lines[i - 1].startswith((" ", "#", "/")):
            j = i
            while j < len(lines) and lines[j] != "{" and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and lines[j] == "{":
                k = j + 1
                while k < len(lines) and lines[k] != "}":
                    k += 1
                yield m.group(1), i + 1, k - j + 1
                i = k
        i += 1


def check(root):
    root = pathlib.Path(root)
    src = root / "src"
    problems = []
    files = sorted(p for p in src.rglob("*") if p.suffix in (".c", ".h"))
    modules = {}
    includes = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        raw = path.read_text(encoding="utf-8")
        code = strip_comments(raw)
        incs = INCLUDE.findall(code)
        includes[rel] = incs
        modules.setdefault(path.stem, []).append(rel)
        in_engine = rel.startswith("src/core/store/sqlite/")
        in_pg = rel.startswith("src/core/store/postgres/")
        in_core = rel.startswith("src/core/")
        if not in_engine and not in_pg:
            for n, line in enumerate(code.split("\n"), 1):
                for s in STRING.findall(line):
                    if SQL.search(s):
                        problems.append(f"{rel}:{n}: SQL outside the stores: {s[:60]}")
        if not in_engine:
            for n, line in enumerate(code.split("\n"), 1):
                m = ENGINE.search(STRING.sub('""', line))
                # The store's factory calls the engines' constructors.
                if m and rel.startswith("src/core/store/") and m.group(1).startswith("sl_sqlite_db_"):
                    m = None
                if m:
                    problems.append(f"{rel}:{n}: {m.group(1)} outside src/core/store/sqlite/")
            for inc in incs:
                # The store's factory names the engines it can open.
                if inc == "sl-sqlite-db.h" and rel.startswith("src/core/store/"):
                    continue
                if inc in ENGINE_HEADERS:
                    problems.append(f"{rel}: includes {inc}, which only src/core/store/sqlite/ may")
        if not in_pg:
            for n, line in enumerate(code.split("\n"), 1):
                m = PG_ENGINE.search(STRING.sub('""', line))
                if m and rel.startswith("src/core/store/") and m.group(1).startswith("sl_pg_db_"):
                    m = None
                if m:
                    problems.append(f"{rel}:{n}: {m.group(1)} outside src/core/store/postgres/")
            for inc in incs:
                if inc == "sl-pg-db.h" and rel.startswith("src/core/store/"):
                    continue
                if inc in PG_HEADERS:
                    problems.append(f"{rel}: includes {inc}, which only src/core/store/postgres/ may")
        if rel.startswith("src/core/domain/"):
            for inc in incs:
                if inc in ("sl-db.h", "sl-store.h") or inc.startswith(("sl-checkin", "sl-search",
                                                                       "sl-import", "sl-export",
                                                                       "sl-demo", "sl-session",
                                                                       "sl-staff")):
                    problems.append(f"{rel}: the domain includes {inc}")
        if in_core:
            for inc in incs:
                if inc.startswith(GTK_HEADERS):
                    problems.append(f"{rel}: the core includes {inc}")
        else:
            for inc in incs:
                if inc in CORE_PRIVATE:
                    problems.append(f"{rel}: includes the core's private {inc}")
        if path.suffix == ".c":
            for name, line, length in function_lengths(code):
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{rel}:{line}: {name} is {length} lines "
                                    f"(more than {MAX_FUNCTION_LINES})")

    # Include loops between modules.
    graph = {}
    for rel, incs in includes.items():
        mod = module_of(rel)
        for inc in incs:
            target = module_of(inc)
            if target != mod and target in modules:
                graph.setdefault(mod, set()).add(target)
    index, low, stack, on_stack, loops = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    for group in loops:
        problems.append("include loop between " + ", ".join(group))
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        (t / "src/core/domain").mkdir(parents=True)
        (t / "src/core/store/sqlite").mkdir(parents=True)
        (t / "src/app").mkdir(parents=True)
        (t / "src/core/store/postgres").mkdir(parents=True)
        (t / "src/core/store/postgres/sl-pg-ok.c").write_text(
            '#include <libpq-fe.h>\nstatic const char q[] = "SELECT 1";\n'
            'void\ng (void)\n{\n  PQexec (c, q);\n}\n')
        (t / "src/core/store/postgres/sl-pg-bad.c").write_text(
            'void\nh (void)\n{\n  sqlite3_exec (d);\n}\n')
        (t / "src/core/store/sqlite/sl-sqlite-bad.c").write_text(
            '#include <libpq-fe.h>\n')
        (t / "src/core/store/sqlite/sl-ok.c").write_text(
            '#include <sqlite3.h>\nstatic const char q[] = "SELECT 1";\n')
        (t / "src/core/domain/sl-a.c").write_text(
            '#include "sl-b.h"\n#include "sl-db.h"\n'
            'static const char q[] = "SELECT id FROM entrant";\n'
            'int\nsl_a (void)\n{\n' + "  x ();\n" * 160 + "}\n")
        (t / "src/core/domain/sl-a.h").write_text('#include "sl-b.h"\n')
        (t / "src/core/domain/sl-b.h").write_text('#include "sl-a.h"\n')
        (t / "src/app/sl-c.c").write_text('#include "sl-store.h"\nvoid\nf (void)\n{\n'
                                          '  sqlite3_step (s);\n  PQclear (r);\n}\n')
        found = "\n".join(check(t))
        expected = ["SQL outside", "sqlite3_step outside", "PQclear outside",
                    "sl-pg-bad.c:4: sqlite3_exec outside",
                    "sl-sqlite-bad.c: includes libpq-fe.h", "the domain includes sl-db.h",
                    "includes the core's private sl-store.h", "sl_a is 162 lines",
                    "include loop between sl-a, sl-b"]
        missing = [e for e in expected if e not in found]
        if missing or "sl-ok.c" in found or "sl-pg-ok.c" in found:
            print("self-test failed; found:\n" + found + "\nmissing: " + repr(missing),
                  file=sys.stderr)
            return False
    return True


def main():
    args = sys.argv[1:]
    if args and args[0] == "--self-test":
        if not self_test():
            return 1
        args = args[1:]
    problems = check(args[0] if args else ".")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
