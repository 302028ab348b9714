#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The docs suite of capes, as TAP: docs/rules.md against the core's own tables.

    check.py TABLES.tsv docs/rules.md [--root .]

TABLES.tsv is what build/docs/tables (tests/docs/tables.c) prints from the core. Checked:
- every row of capes_sources[] (rule, article, excerpt) is a row of the table in
  docs/rules.md#sources, and that table has no rule the core lacks;
- every row of capes_interpretations[] has a section '### id' under
  docs/rules.md#interpretations with its question, choice and rationale word for word, and
  there is no section for an id the core lacks;
- the tables of states, transitions, deadline kinds, risks, degrees, calendars and the
  penalty table, the in-force dates, the revenue bound and the refusal rate equal the core's;
- every link inside docs/rules.md, and every anchor of docs/rules.md cited in a file of the
  repository (code, tests, vectors, docs), names a heading of docs/rules.md;
- the paths in CLEAN cite articles and repository files only, not the product
  specification the repository does not contain."""

import argparse
import os
import re
import subprocess
import sys
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sqlite"))
import readme  # noqa: E402  (the README's reference against the core's catalog)
from tap import Tap  # noqa: E402  (the TAP lines of the SQLite suite)

# Every file of the repository cites articles, docs/rules.md and files of the repository only,
# never the product specification the repository does not contain (the word is split so that
# this file does not cite it); but the install script kept byte for byte as 1.0 shipped it
# (sql/released.sha256).
FORBIDDEN = re.compile(r"\b" + "SP" + r"EC\b")
CLEAN = ["."]
FROZEN = {"sql/capes--1.0.sql"}
SKIP_DIRS = {".git", "build", "node_modules"}
CITATION = re.compile(r"docs/rules\.md#([A-Za-z0-9_-]+)")
LINK = re.compile(r"\]\(#([^)\s]*)\)")


def norm(text):
    """Whitespace runs as one space: the doc wraps its lines."""
    return " ".join(text.split())


def slug(title):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    s = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return s.replace(" ", "-")


class Doc:
    def __init__(self, text):
        self.lines = text.splitlines()
        self.headings = []  # (level, title, anchor, line index)
        seen = {}
        fence = False
        for i, line in enumerate(self.lines):
            if line.startswith("```"):
                fence = not fence
            m = None if fence else re.match(r"^(#{1,6}) (.+?)\s*$", line)
            if m:
                base = slug(m.group(2))
                anchor = base if base not in seen else "%s-%d" % (base, seen[base])
                seen[base] = seen.get(base, 0) + 1
                self.headings.append((len(m.group(1)), m.group(2), anchor, i))
        self.anchors = {h[2] for h in self.headings}

    def section(self, anchor):
        """The lines under a heading, up to the next heading of the same or a higher level."""
        for k, (level, _, a, i) in enumerate(self.headings):
            if a == anchor:
                end = len(self.lines)
                for level2, _, _, j in self.headings[k + 1:]:
                    if level2 <= level:
                        end = j
                        break
                return self.lines[i + 1:end]
        return None

    def subsections(self, anchor):
        """Titles of the headings one level below anchor, in order."""
        for k, (level, _, a, _) in enumerate(self.headings):
            if a == anchor:
                out = []
                for level2, title, a2, _ in self.headings[k + 1:]:
                    if level2 <= level:
                        break
                    if level2 == level + 1:
                        out.append((title, a2))
                return out
        return []

    def table(self, anchor):
        """Rows (lists of cells) of the first table under a heading, header and rule left out."""
        lines = self.section(anchor) or []
        rows, started = [], False
        for line in lines:
            if line.startswith("|"):
                started = True
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                rows.append(cells)
            elif started:
                break
        return [r for r in rows[2:]] if len(rows) >= 2 else []


def code(cell):
    return cell.strip().strip("`")


def codes(cell):
    return re.findall(r"`([^`]+)`", cell)


def read_tables(path):
    t = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            t.setdefault(cells[0], []).append(cells[1:])
    return t


def compare(tap, name, want, got):
    """want, got: {key: value}; one TAP line, with what differs."""
    diag = []
    for k in want:
        if k not in got:
            diag.append("missing from docs/rules.md: %s %r" % (k, want[k]))
        elif got[k] != want[k]:
            diag.append("%s: docs/rules.md has %r, the core %r" % (k, got[k], want[k]))
    for k in got:
        if k not in want:
            diag.append("in docs/rules.md but not in the core: %s %r" % (k, got[k]))
    tap.report(not diag and bool(want), name, *diag)


def keyed(rows, key_col, tap, name):
    out, dup = {}, []
    for r in rows:
        k = code(r[key_col])
        if k in out:
            dup.append(k)
        out[k] = r
    if dup:
        tap.report(False, name + ": each row once", "repeated: %s" % ", ".join(dup))
    return out


def check_sources(tap, doc, core):
    rows = keyed(doc.table("sources"), 0, tap, "sources")
    for rule, article, excerpt in core["source"]:
        r = rows.get(rule)
        diag = []
        if r is None:
            diag.append("no row for `%s` in the table of docs/rules.md#sources" % rule)
        else:
            if len(r) < 3 or r[1] != article:
                diag.append("article: docs has %r, the core %r" % (r[1] if len(r) > 1 else None, article))
            if len(r) < 3 or r[2] != excerpt:
                diag.append("excerpt: docs has %r\n         the core %r" % (r[2] if len(r) > 2 else None, excerpt))
        tap.report(not diag, "sources: %s (%s) is listed with its article and excerpt" % (rule, article), *diag)
    extra = sorted(set(rows) - {s[0] for s in core["source"]})
    tap.report(not extra, "sources: docs/rules.md lists no rule that capes_sources[] lacks", *extra)


def check_interpretations(tap, doc, core):
    subs = doc.subsections("interpretations")
    titles = [t for t, _ in subs]
    anchors = dict(subs)
    for ident, question, choice, rationale in core["interpretation"]:
        diag = []
        if ident not in anchors:
            diag.append("no section '### %s' under docs/rules.md#interpretations" % ident)
        else:
            body = norm("\n".join(doc.section(anchors[ident])))
            for label, text in (("Question", question), ("Choice", choice), ("Rationale", rationale)):
                if "**%s.** %s" % (label, norm(text)) not in body:
                    diag.append("no '**%s.** %s'" % (label, text))
        tap.report(not diag, "interpretations: %s has its section with its question, choice and rationale" % ident,
                   *diag)
    ids = [p[0] for p in core["interpretation"]]
    extra = [t for t in titles if t not in ids]
    dup = sorted({t for t in titles if titles.count(t) > 1})
    tap.report(not extra and not dup, "interpretations: docs/rules.md has no section for an id that "
               "capes_interpretations[] lacks, and one per id", *(extra + ["twice: " + d for d in dup]))


def adds(days, months):
    if days:
        return "%d days" % days if days != 1 else "1 day"
    if months % 12 == 0:
        years = months // 12
        return "%d years" % years if years != 1 else "1 year"
    return "%d months" % months


def check_tables(tap, doc, core):
    want = {c[0]: (c[2], c[3], c[1]) for c in core["state"]}
    got = {code(r[0]): tuple(r[1:4]) for r in doc.table("states") if len(r) >= 4}
    compare(tap, "states: the table of docs/rules.md#states equals capes_states (labels, article)", want, got)

    want = {("(new case)" if c[0] == "-" else c[0]): sorted(c[1].split(",")) if c[1] else [] for c in core["next"]}
    got = {(r[0] if r[0].startswith("(") else code(r[0])): sorted(codes(r[1])) for r in doc.table("transitions")
           if len(r) >= 2}
    compare(tap, "transitions: the table of docs/rules.md#transitions equals the core's", want, got)

    want = {c[0]: (adds(int(c[1]), int(c[2])), "yes" if c[3] == "1" else "no", c[4]) for c in core["kind"]}
    got = {code(r[0]): (r[2], r[3].split()[0] if r[3] else "", r[4]) for r in doc.table("deadline-kinds")
           if len(r) >= 5}
    compare(tap, "kinds: the table of docs/rules.md#deadline-kinds equals capes_kind_rules[] (delay, extended, "
            "article)", want, got)

    for vocab, anchor in (("risk", "risks"), ("level", "degrees")):
        want = {c[1]: (sorted(c[2].split(",")) if c[2] else [], c[4], c[5], c[3]) for c in core["term"]
                if c[0] == vocab}
        got = {code(r[0]): (sorted(codes(r[1])), r[2], r[3], r[4]) for r in doc.table(anchor) if len(r) >= 5}
        compare(tap, "%s: the table of docs/rules.md#%s equals the core's (aliases, labels, article)" % (anchor, anchor),
                want, got)
    want = {c[1]: (c[4], c[5], c[3]) for c in core["term"] if c[0] == "calendar"}
    got = {code(r[0]): (r[2], r[3], r[4]) for r in doc.table("calendars") if len(r) >= 5}
    compare(tap, "calendars: the table of docs/rules.md#calendars equals the core's (labels, article)", want, got)

    want = {c[0]: [int(x) for x in c[1:5]] for c in core["rate"]}
    got = {}
    for r in doc.table("penalty-table"):
        try:
            got[code(r[0])] = [int(Decimal(x.replace("%", "").strip()) * 100) for x in r[1:5]]
        except ArithmeticError:
            got[code(r[0])] = r[1:5]
    compare(tap, "penalty table: docs/rules.md#penalty-table equals the core's rates (R162-45-2 III)", want, got)

    first, last = core["in_force"][0]
    diag = []
    for anchor in ("in-force", "guard-4"):
        if "%s to %s" % (first, last) not in norm("\n".join(doc.section(anchor) or [])).replace("**", ""):
            diag.append("docs/rules.md#%s does not say '%s to %s'" % (anchor, first, last))
    tap.report(not diag, "in force: docs/rules.md#in-force and #guard-4 give the core's dates, %s to %s"
               % (first, last), *diag)

    euros = int(core["revenue_max"][0][0]) // 100
    bp = core["refusal_bp"][0][0]
    diag = []
    if str(euros) not in norm("\n".join(doc.section("revenue") or [])):
        diag.append("docs/rules.md#revenue does not give the maximum revenue %d" % euros)
    if "%s bp" % bp not in norm("\n".join(doc.section("refusal-penalty") or [])):
        diag.append("docs/rules.md#refusal-penalty does not give the rate %s bp" % bp)
    tap.report(not diag, "money: the revenue bound (%d euros) and the refusal rate (%s bp) are the core's"
               % (euros, bp), *diag)


def text_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as f:
                    yield os.path.relpath(path, root), f.read()
            except (UnicodeDecodeError, OSError):
                continue  # binary files: fuzz corpus, objects


def check_links(tap, doc, root):
    broken = sorted({a for line in doc.lines for a in LINK.findall(line) if a not in doc.anchors})
    tap.report(not broken, "links: every (#anchor) inside docs/rules.md names one of its headings", *broken)
    cited, broken = 0, {}
    for path, text in text_files(root):
        for m in CITATION.finditer(text):
            cited += 1
            if m.group(1) not in doc.anchors:
                broken.setdefault(m.group(1), path)
    tap.report(cited > 0 and not broken, "citations: the %d citations of an anchor of docs/rules.md in the "
               "repository name headings of docs/rules.md" % cited, *("#%s (first in %s)" % kv for kv in sorted(broken.items())))


def tracked_files(root):
    """The repository's own files (git ls-files), or every file outside build/ where there is no
    git (an unpacked release archive): never what a build wrote beside the sources."""
    try:
        names = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        yield from text_files(root)
        return
    for rel in sorted(n.decode() for n in names.split(b"\0") if n):
        try:
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                yield rel, f.read()
        except (UnicodeDecodeError, OSError):
            continue


def check_clean(tap, root):
    found = []
    for top in CLEAN:
        files = tracked_files(os.path.join(root, top))
        for rel, text in files:
            if os.path.normpath(rel) in FROZEN:
                continue
            for n, line in enumerate(text.splitlines(), 1):
                if FORBIDDEN.search(line):
                    found.append("%s:%d: %s" % (rel, n, line.strip()[:100]))
    tap.report(not found, "citations: every file but %s (frozen) cites articles, docs/rules.md and "
               "repository files only" % ", ".join(sorted(FROZEN)), *found[:40])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tables")
    parser.add_argument("doc")
    parser.add_argument("--root", default=".")
    parser.add_argument("--catalog", default="build/catalog.json")
    parser.add_argument("--readme", default="README.md")
    opts = parser.parse_args()
    tap = Tap()
    core = read_tables(opts.tables)
    with open(opts.doc, encoding="utf-8") as f:
        doc = Doc(f.read())
    tap.report(len(core.get("source", [])) >= 20 and len(core.get("interpretation", [])) >= 20
               and len(core.get("state", [])) >= 10,
               "tables: %s has the core's sources (%d), interpretations (%d) and states (%d)"
               % (opts.tables, len(core.get("source", [])), len(core.get("interpretation", [])),
                  len(core.get("state", []))))
    check_sources(tap, doc, core)
    check_interpretations(tap, doc, core)
    check_tables(tap, doc, core)
    check_links(tap, doc, opts.root)
    check_clean(tap, opts.root)
    readme.check_readme(tap, opts.catalog, opts.readme)
    tap.plan()
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
