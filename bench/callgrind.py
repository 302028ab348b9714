# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Where a callgrind profile's instructions go, for bench.py's report of what bounds a floor miss.

A profile of `SELECT count(expr) FROM table` (bench.py floor-sqlite, floor-pg) is split by
who runs each instruction, a function's own instructions (not those of what it calls):
  core    capes' core (core/*.c but vocab.c): the rule's own work
  codes   core/vocab.c: looking a code argument up (a state, a kind, a calendar...)
  glue    the rest of capes.so (sqlite_ext/, pg_ext/): reading arguments, writing the result
  floor   the floor's library (bench/floor/): its glue, where capes has its own
  libc    the C library (memcpy, memcmp...), whoever calls it
  engine  everything else: the engine's executor, its value and result functions, the scan
capes' functions are told apart by the source file the library's debug information names
(`nm -l`), so an inlined helper counts where it was inlined.
"""
import collections
import os
import re
import subprocess

FLOOR_OBJECTS = ("floor.so", "capes_floor.so")


def self_costs(path):
    """{(object, function): instructions} of a callgrind profile (its own instructions only)."""
    names = {"ob": {}, "fn": {}}  # callgrind's name compression: "(id) name" once, "(id)" after

    def name(kind, value):
        m = re.match(r"\((\d+)\)(?: (.*))?$", value)
        if not m:
            return value
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), value)

    cost = collections.Counter()
    ob = fn = None
    after_call = False
    with open(path) as f:
        for line in f:
            if line[0].isdigit() or line[0] in "+-*":
                if after_call:  # the inclusive cost of a call, not the caller's own
                    after_call = False
                else:
                    cost[ob, fn] += int(line.split()[-1])
                continue
            key, _, value = line.rstrip("\n").partition("=")
            if key in ("ob", "cob"):
                value = name("ob", value)
                if key == "ob":
                    ob = value
            elif key in ("fn", "cfn"):
                value = name("fn", value)
                if key == "fn":
                    fn = value
            elif key == "calls":
                after_call = True
    return cost


_sources = {}


def source_files(library):
    """{function: source file} of a shared library built with -g."""
    if library not in _sources:
        out = subprocess.run(["nm", "-l", library], capture_output=True, text=True).stdout
        rows = (line.split() for line in out.splitlines())
        _sources[library] = {p[2]: os.path.normpath(p[3].rsplit(":", 1)[0])  # file:line
                             for p in rows if len(p) >= 4 and p[1] in "tT"}
    return _sources[library]


def who(ob, fn):
    base = os.path.basename(ob or "")
    if base in FLOOR_OBJECTS:
        return "floor"
    if base == "capes.so":
        src = source_files(ob).get(fn, "")
        return "codes" if src.endswith("/core/vocab.c") else "core" if "/core/" in src else "glue"
    if base.startswith("libc.so"):
        return "libc"
    return "engine"


def split(path, rows):
    """(instructions a row by who runs them, the core's functions by instructions a row)."""
    by_who, core = collections.Counter(), collections.Counter()
    for (ob, fn), n in self_costs(path).items():
        w = who(ob, fn)
        by_who[w] += n / rows
        if w == "core":
            core[fn.split(".")[0]] += n / rows
    return by_who, core
