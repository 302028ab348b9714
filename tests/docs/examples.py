#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The README's examples, run and compared with what the README shows (TAP).

    examples.py --engine sqlite [--readme README.md] [--root .] [--extension build/capes]
    examples.py --engine pg     [--readme README.md] [--root .]     (inside a cluster: tests/docs/run-pg)

The convention, as README.md#examples states it for its readers:

- every ```sql block starts with a comment naming its engine, one of
      -- SQLite
      -- PostgreSQL
  optionally followed by ", after FILE, FILE" (repository files run first, their output not
  shown: SQLite .read, PostgreSQL psql -f), or by ", not run by the tests: REASON";
- the plain ``` block right after it (nothing but blank lines between) is what it prints:
  SQLite blocks run in `sqlite3 -cmd '.load build/capes' DB` (list mode, errors as the shell
  prints them, "near line N" counting the block's lines), PostgreSQL blocks in `psql -X -q` in
  a new database where capes is installed (unless the block or a FILE creates it), psql's
  "psql:<stdin>:N: " prefix left out; with no such block, the example must print nothing;
- every ```console block is a shell session, run line by line with bash in an empty directory
  that sees the repository's build/, core/, sql/, sqlite_ext/ and tests/: each "$ " line (and
  the "> " lines continuing it) is a command, the lines up to the next command what it prints
  (standard output and error); a ```c block whose first line is /* NAME.c ... */ is written
  there as NAME.c before the session that follows it.

--engine sqlite checks the markers of every block, runs the SQLite blocks and the sessions;
--engine pg runs the PostgreSQL blocks. Trailing spaces are not compared (editors drop them)."""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sqlite"))
from tap import Tap  # noqa: E402  (the TAP lines of the SQLite suite)

MARKER = re.compile(r"^-- (SQLite|PostgreSQL)(?:, after (.+?)|, not run by the tests: (.+))?$")
# At most this many examples may be left out, each with its reason.
MAX_NOT_RUN = 2
# What a console session sees of the repository.
SHARED = ["build", "core", "sql", "sqlite_ext", "tests"]
CREATES_CAPES = re.compile(r"^\s*create\s+extension\s+(?:if\s+not\s+exists\s+)?capes\b", re.I | re.M)


class Block:
    def __init__(self, line, info, body, end):
        self.line, self.info, self.body, self.end = line, info, body, end  # 1-based first line, fence text


def read_blocks(text):
    lines = text.splitlines()
    blocks, i = [], 0
    while i < len(lines):
        m = re.match(r"^( *)```(\S*)", lines[i])  # a block in a list item is indented
        if m:
            indent, j = m.group(1), i + 1
            while j < len(lines) and not lines[j].startswith(indent + "```"):
                j += 1
            body = [x[len(indent):] if x.startswith(indent) else x.lstrip() for x in lines[i + 1:j]]
            blocks.append(Block(i + 1, m.group(2), body, j + 1))
            i = j + 1
        else:
            i += 1
    return blocks, lines


def shown_output(blocks, lines, k):
    """The plain block right after block k, as lines, or None."""
    if k + 1 < len(blocks) and blocks[k + 1].info == "":
        between = lines[blocks[k].end:blocks[k + 1].line - 1]
        if all(not x.strip() for x in between):
            return blocks[k + 1].body
    return None


def norm(text_lines):
    out = [x.rstrip() for x in text_lines]
    while out and not out[-1]:
        out.pop()
    return out


def marker(block):
    """(engine, setup files, reason not run) or None."""
    m = MARKER.match(block.body[0]) if block.body else None
    if not m:
        return None
    files = re.split(r", | and ", m.group(2)) if m.group(2) else []
    return m.group(1), files, m.group(3)


def title(block):
    first = next((x for x in block.body[1:] if x.strip() and not x.startswith("--")), "")
    return "README line %d: %s" % (block.line, first.strip()[:70])


def compare(tap, block, got, want, what):
    got, want = norm(got), norm(want or [])
    diag = ["README shows:"] + ["  " + x for x in want] + ["printed:"] + ["  " + x for x in got]
    return tap.report(got == want, "%s %s" % (title(block), what), *diag)


def run_sqlite(root, extension, block, files):
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "example.db")
        for f in files:
            r = subprocess.run(["sqlite3", "-bail", db, ".load " + extension, ".read " + f], cwd=root,
                               capture_output=True, text=True)
            if r.returncode:
                return ["setup %s failed (%d): %s" % (f, r.returncode, r.stderr.strip())]
        # stdbuf: the shell's results (stdout) and errors (stderr) in the order it prints them
        r = subprocess.run(["stdbuf", "-o0", "-e0", "sqlite3", "-cmd", ".load " + extension, db],
                           input="\n".join(block.body) + "\n", cwd=root, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return r.stdout.splitlines()


def psql(*args, **kw):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"] + list(args), capture_output=True, text=True,
                          **kw)


def run_pg(root, n, block, files):
    db = "capes_docs_example_%d" % n
    r = subprocess.run(["createdb", "-T", "template0", "-E", "UTF8", "--locale=C.UTF-8", db],
                       capture_output=True, text=True)
    if r.returncode:
        return ["createdb failed: " + r.stderr.strip()]
    try:
        # PostgreSQL's own messages in English, whatever the cluster's locale
        psql("-d", db, "-c", "ALTER DATABASE %s SET lc_messages TO 'C'" % db)
        texts = "\n".join(block.body)
        for f in files:
            with open(os.path.join(root, f), encoding="utf-8") as fh:
                texts += fh.read()
        if not CREATES_CAPES.search(texts):
            r = psql("-d", db, "-c", "CREATE EXTENSION capes")
            if r.returncode:
                return ["CREATE EXTENSION capes failed: " + r.stderr.strip()]
        for f in files:
            r = psql("-d", db, "-f", f, cwd=root)
            if r.returncode:
                return ["setup %s failed: %s" % (f, r.stderr.strip())]
        r = subprocess.run(["stdbuf", "-o0", "-e0", "psql", "-X", "-q", "-d", db],
                           input="\n".join(block.body) + "\n", cwd=root, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return [re.sub(r"^psql:<stdin>:\d+: ", "", x) for x in r.stdout.splitlines()]
    finally:
        subprocess.run(["dropdb", "--if-exists", db], capture_output=True)


def session(block):
    """[(command, [expected lines])] of a console block."""
    steps = []
    for line in block.body:
        if line.startswith("$ "):
            steps.append([line[2:], []])
        elif line.startswith("> ") and steps and not steps[-1][1]:
            steps[-1][0] += "\n" + line[2:]
        elif steps:
            steps[-1][1].append(line)
    return steps


def run_console(tap, root, block, sources):
    steps = session(block)
    if not steps:
        tap.report(False, "%s: a console session with commands" % title(block))
        return
    with tempfile.TemporaryDirectory() as d:
        for name in SHARED:
            os.symlink(os.path.join(os.path.abspath(root), name), os.path.join(d, name))
        for name, body in sources:
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write("\n".join(body) + "\n")
        for command, want in steps:
            r = subprocess.run(["stdbuf", "-o0", "-e0", "bash", "-c", command], cwd=d, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
            got, want = norm(r.stdout.splitlines()), norm(want)
            tap.report(got == want, "README line %d: $ %s" % (block.line, command.splitlines()[0][:80]),
                       *(["README shows:"] + ["  " + x for x in want] + ["printed:"] + ["  " + x for x in got]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--engine", choices=["sqlite", "pg"], required=True)
    p.add_argument("--readme", default="README.md")
    p.add_argument("--root", default=".")
    p.add_argument("--extension", default="build/capes")
    opts = p.parse_args()
    with open(opts.readme, encoding="utf-8") as f:
        blocks, lines = read_blocks(f.read())
    tap = Tap()
    sql = [(k, b) for k, b in enumerate(blocks) if b.info == "sql"]
    not_run = []
    for k, b in sql:
        mk = marker(b)
        if opts.engine == "sqlite":
            tap.report(mk is not None, "README line %d: the sql block names its engine" % b.line,
                       "its first line is %r" % (b.body[0] if b.body else ""),
                       "expected -- SQLite or -- PostgreSQL [, after FILE...] [, not run by the tests: REASON]")
            if mk:
                missing = [f for f in mk[1] if not os.path.isfile(os.path.join(opts.root, f))]
                tap.report(not missing, "README line %d: the files it runs first exist" % b.line, *missing)
        if mk and mk[2]:
            not_run.append("README line %d: %s" % (b.line, mk[2]))
    if opts.engine == "sqlite":
        tap.report(len(not_run) <= MAX_NOT_RUN, "at most %d README examples not run, each with its reason (%d)"
                   % (MAX_NOT_RUN, len(not_run)), *not_run)
    n = 0
    for k, b in sql:
        mk = marker(b)
        if not mk or mk[2] or mk[0] != {"sqlite": "SQLite", "pg": "PostgreSQL"}[opts.engine]:
            continue
        n += 1
        want = shown_output(blocks, lines, k)
        if opts.engine == "sqlite":
            got = run_sqlite(opts.root, opts.extension, b, mk[1])
        else:
            got = run_pg(opts.root, n, b, mk[1])
        compare(tap, b, got, want, "prints what the README shows" if want is not None else "prints nothing")
    tap.report(n >= 5, "the README has %s examples (%d)" % (opts.engine, n))
    if opts.engine == "sqlite":
        consoles = 0
        for k, b in enumerate(blocks):
            if b.info != "console":
                continue
            consoles += 1
            sources = []
            if k > 0 and blocks[k - 1].info == "c":
                m = re.match(r"^/\* (\w+\.c)\b", blocks[k - 1].body[0] if blocks[k - 1].body else "")
                if m:
                    sources.append((m.group(1), blocks[k - 1].body))
            run_console(tap, opts.root, b, sources)
        tap.report(consoles >= 3, "the README has console sessions (%d)" % consoles)
    tap.plan()
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
