#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The README's reference against the core's catalog (core/catalog.c, as build/catalog.json),
run by tests/docs/check.py (check_readme):

- the "Function reference" table has one row per function of the catalog and no other, each
  with the catalog's signature (optional arguments in brackets), result and article;
- the PostgreSQL block of signatures has one line per function of the catalog and no other,
  each with the catalog's argument names, types and defaults and its result."""

import json
import re

# How the README writes a result: PostgreSQL's type / SQLite's storage class
RESULT = {"numeric": "numeric / REAL", "date": "date / TEXT", "boolean": "boolean / INTEGER", "text": "text",
          "json": "json / TEXT"}
RESERVED = {"from", "to"}  # PostgreSQL quotes these names


def bracketed(required, optional):
    """'a, b [, c [, d]]'"""
    text = ", ".join(required)
    for i, name in enumerate(optional):
        text += (" [" if text else "[") + (", " if text else "") + name
    return text + "]" * len(optional)


def reference_row(f):
    args = [a["name"] for a in f["args"][:f["max_args"]]]
    sig = "`%s(%s)`" % (f["name"], bracketed(args[:f["min_args"]], args[f["min_args"]:]))
    if f["kind"] == "aggregate":
        sig = "aggregate " + sig
    result = ("table (%s)" % ", ".join(c["name"] for c in f["columns"])) if f["kind"] == "table" else RESULT[f["result"]]
    return sig, result, "" if f["article"] == "-" else f["article"]


def pg_line(f):
    columns = {c["name"] for c in f["columns"]}

    args = f["args"][:f["max_args"]]
    # optional arguments PostgreSQL serves with an overload are in brackets, those with a DEFAULT are not
    first_bracket = next((i for i in range(f["min_args"], len(args))
                          if f["kind"] == "aggregate" or args[i]["pg_default"] is None), len(args))

    def arg(a):
        if a["name"] in columns:  # PostgreSQL refuses an argument named like a column
            return a["pg_type"]
        name = '"%s"' % a["name"] if a["name"] in RESERVED else a["name"]
        # the other types of a count or a year, each an overload of its own: "risks integer | bigint | ..."
        text = "%s %s" % (name, " | ".join([a["pg_type"]] + a.get("pg_also", [])))
        return text + (" DEFAULT %s" % a["pg_default"] if a["pg_default"] and f["kind"] != "aggregate" else "")
    text = bracketed([arg(a) for a in args[:first_bracket]], [arg(a) for a in args[first_bracket:]])
    if f["kind"] == "table":
        result = "TABLE (%s)" % ", ".join("%s %s" % (c["name"], c["pg_type"]) for c in f["columns"])
    else:
        result = f["result"]
    return "%s%s(%s) → %s" % ("aggregate " if f["kind"] == "aggregate" else "", f["name"], text, result)


def section(readme, title):
    m = re.search(r"^## %s\n(.*?)(?=^## )" % re.escape(title), readme, re.S | re.M)
    return m.group(1) if m else ""


def check_readme(tap, catalog_path, readme_path):
    with open(catalog_path, encoding="utf-8") as f:
        functions = json.load(f)["functions"]
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    rows = {}
    for line in section(readme, "Function reference").splitlines():
        m = re.match(r"\| ((?:aggregate )?`(capes_\w+)\(.*?\)`) \| ([^|]*) \|.*\|\s*([^|]*?)\s*\|$", line)
        if m:
            rows[m.group(2)] = (m.group(1), m.group(3).strip(), m.group(4).strip())
    for f in functions:
        want = reference_row(f)
        tap.report(rows.get(f["name"]) == want, "README reference: %s with the catalog's signature, result and "
                   "article" % f["name"], "README:  %s" % (rows.get(f["name"]),), "catalog: %s" % (want,))
    extra = sorted(set(rows) - {f["name"] for f in functions})
    tap.report(not extra, "README reference: no function outside the catalog", *extra)

    block = re.search(r"```text\n(capes_penalty_rate\(.*?)```", section(readme, "PostgreSQL"), re.S)
    lines = block.group(1).splitlines() if block else []
    want = [pg_line(f) for f in functions]
    missing = [w for w in want if w not in lines]
    extra = [x for x in lines if x.strip() and x not in want]
    tap.report(block is not None and not missing and not extra,
               "README PostgreSQL signatures: one line per function of the catalog, with its names, types, "
               "defaults and result", *(["missing: " + m for m in missing] + ["not in the catalog: " + x for x in extra]))
