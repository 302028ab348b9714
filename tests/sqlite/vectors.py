# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Every row of tests/vectors/*.csv whose engines include sqlite, run through capes.so.

Arguments are bound as the README of the vectors says: dates and codes as TEXT, risks
and years as INTEGER (a cell that is not an integer is bound as TEXT, so that it meets
the glue's type error), revenue as TEXT. Results are compared as text: money '%.2f',
rates '%.4f', booleans 0/1 as false/true."""

import json
import os
import re
from dataclasses import dataclass

from tap import describe_error, error_matches, outcome

# ------------------------------------------------------------------ CSV reader


@dataclass
class Cell:
    """A cell after the vector conventions (the same reading as tests/core/csv.c)."""
    text: str = ""
    omitted: bool = False
    null: bool = False

    def value(self):
        return None if self.null else self.text

    def show(self):
        return "(empty)" if self.omitted else "NULL" if self.null else self.text


OMITTED = Cell(omitted=True)


def read_records(data):
    """RFC 4180 records as lists of (text, quoted)."""
    pos, n = 0, len(data)
    while pos < n:
        cells = []
        while True:
            if pos < n and data[pos] == '"':
                pos += 1
                buf = []
                while True:
                    if pos >= n:
                        raise ValueError("unterminated quote")
                    if data.startswith('""', pos):
                        buf.append('"')
                        pos += 2
                    elif data[pos] == '"':
                        pos += 1
                        break
                    else:
                        buf.append(data[pos])
                        pos += 1
                cells.append(("".join(buf), True))
            else:
                start = pos
                while pos < n and data[pos] not in ",\r\n":
                    pos += 1
                cells.append((data[start:pos], False))
            if pos < n and data[pos] == ",":
                pos += 1
                continue
            if pos < n and data[pos] == "\r":
                pos += 1
            if pos < n and data[pos] == "\n":
                pos += 1
            break
        yield cells


def read_vectors(path):
    """Yields dicts column name -> Cell; blank and '#' lines are skipped."""
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    names = None
    for cells in read_records(data):
        if len(cells) == 1 and cells[0] == ("", False):
            continue
        if not cells[0][1] and cells[0][0].startswith("#"):
            continue
        if names is None:
            names = [text for text, _ in cells]
            continue
        row = {}
        for name, (text, quoted) in zip(names, cells):
            if quoted:
                row[name] = Cell(text)
            elif text == "":
                row[name] = Cell(omitted=True)
            elif text == "NULL":
                row[name] = Cell("NULL", null=True)
            elif text == "''":
                row[name] = Cell("")
            else:
                row[name] = Cell(text)
        yield row


def for_sqlite(row):
    engines = row.get("engines", OMITTED)
    return engines.omitted or engines.text == "all" or "sqlite" in engines.text.split(";")


# ------------------------------------------------------------- binding, results

# How each function's values are bound and read, from the core's catalog (load_catalog):
MONEY = set()            # numeric results that are amounts (REAL, '%.2f')
RATE = set()             # numeric results that are rates (REAL, '%.4f')
BOOLEAN = set()          # boolean results (INTEGER 0/1)
INTEGER_ARGS = set()     # (function, argument position) bound as INTEGER: risks and years
BOOLEAN_COLUMNS = set()  # (table function, column position) of booleans


def load_catalog(path):
    """Fills the sets above from build/catalog.json (core/catalog.c)."""
    with open(path, encoding="utf-8") as f:
        functions = json.load(f)["functions"]
    for f in functions:
        if f["result"] == "numeric":
            (RATE if f["name"].endswith("_rate") else MONEY).add(f["name"])
        elif f["result"] == "boolean":
            BOOLEAN.add(f["name"])
        INTEGER_ARGS.update((f["name"], i) for i, a in enumerate(f["args"]) if a["value"] in ("risks", "year"))
        BOOLEAN_COLUMNS.update((f["name"], i) for i, c in enumerate(f["columns"]) if c["pg_type"] == "boolean")

INTEGER_TEXT = re.compile(r"[ \t\n\v\f\r]*[+-]?[0-9]+")  # what strtoll takes whole


def bind(fn, i, cell):
    if cell.null:
        return None
    if (fn, i) in INTEGER_ARGS and INTEGER_TEXT.fullmatch(cell.text):
        n = int(cell.text)
        if -2**63 <= n < 2**63:
            return n
    return cell.text


def as_text(fn, value):
    """A scalar or aggregate result as the vectors write it; None for a wrong type."""
    if value is None:
        return "NULL"
    if fn in MONEY:
        return "%.2f" % value if isinstance(value, float) else None
    if fn in RATE:
        return "%.4f" % value if isinstance(value, float) else None
    if fn in BOOLEAN:
        return {0: "false", 1: "true"}.get(value) if type(value) is int else None
    return value if isinstance(value, str) else None


def column_text(fn, i, value):
    if value is None:
        return "NULL"
    if (fn, i) in BOOLEAN_COLUMNS:
        return {0: "false", 1: "true"}.get(value, repr(value))
    return str(value)


def args_of(row, names):
    args = []
    for name in names:
        cell = row.get(name, OMITTED)
        if cell.omitted:
            break
        args.append(cell)
    return args


# -------------------------------------------------------------- one row per kind


def run_scalar(con, row):
    fn = row["fn"].text
    args = args_of(row, ["arg%d" % i for i in range(1, 8)])
    sql = f"SELECT {fn}({', '.join('?' * len(args))})"
    status, got = outcome(con, sql, [bind(fn, i, c) for i, c in enumerate(args)])
    if status == "error":
        return got
    value = got[0][0]
    text = as_text(fn, value)
    return text if text is not None else f"(wrong type: {value!r})"


def run_table(con, row):
    fn = row["fn"].text
    args = args_of(row, ["arg1", "arg2", "arg3", "arg4"])
    sql = f"SELECT * FROM {fn}({', '.join('?' * len(args))})"
    status, got = outcome(con, sql, [bind(fn, i, c) for i, c in enumerate(args)])
    if status == "error":
        return got
    return ";".join("|".join(column_text(fn, i, v) for i, v in enumerate(r)) for r in got)


def split_parts(text, sep):
    return text.split(sep) if text != "" else []


def run_contract(con, row):
    fn = row["fn"].text
    revenue = row.get("revenue", OMITTED)
    con.execute("DELETE FROM contract_rows")
    for i, part in enumerate(split_parts(row["rows"].text, ";")):
        part, own, own_revenue = part.partition("=")  # risk:level=revenue: the row's own revenue
        risk, colon, level = part.partition(":")
        level = level if colon else "NULL"
        row_revenue = (None if own_revenue == "NULL" else own_revenue) if own else revenue.value()
        con.execute("INSERT INTO contract_rows VALUES (?, ?, ?, ?)",
                    (i, None if risk == "NULL" else risk, None if level == "NULL" else level, row_revenue))
    args = "risk, level, revenue" if fn == "capes_contract_penalty" else "risk, level"
    status, got = outcome(con, f"SELECT {fn}({args}) FROM (SELECT * FROM contract_rows ORDER BY seq)")
    if status == "error":
        return got
    text = as_text(fn, got[0][0])
    return text if text is not None else f"(wrong type: {got[0][0]!r})"


def run_history(con, row):
    """capes_history_error, _check or _due over the steps state@date[~until]: a row with a term
    calls the four-argument form (tests/vectors/README.md)."""
    fn = row["fn"].text if "fn" in row and not row["fn"].omitted else "capes_history_error"
    calendar = row.get("calendar", OMITTED)
    steps = split_parts(row["steps"].text, ";")
    with_until = any("~" in p for p in steps)
    con.execute("DELETE FROM history_steps")
    for i, part in enumerate(steps):
        state, at, rest = part.partition("@")
        day, tilde, until = rest.partition("~") if at else ("NULL", "", "")
        con.execute("INSERT INTO history_steps VALUES (?, ?, ?, ?)",
                    (i, None if state == "NULL" else state, None if day == "NULL" else day,
                     None if not tilde or until == "NULL" else until))
    args = "state, day" + ("" if calendar.omitted and not with_until else ", ?") + (", until" if with_until else "")
    params = () if calendar.omitted and not with_until else (calendar.value(),)
    status, got = outcome(con, f"SELECT {fn}({args}) FROM (SELECT * FROM history_steps ORDER BY seq)", params)
    if fn == "capes_history_error":
        # capes_history_trace over the same steps: its JSON names the same invalid step, or none
        tstatus, trace = outcome(con, f"SELECT capes_history_trace({args}) FROM (SELECT * FROM history_steps "
                                      f"ORDER BY seq)", params)
        if (tstatus == "error") != (status == "error"):
            return f"(capes_history_trace: {trace})"
        if status != "error":
            steps_ = json.loads(trace[0][0])
            reasons = [x["reason"] for x in steps_ if x["valid"] is False]
            if len(steps_) != len(steps) or reasons != ([] if got[0][0] is None else [got[0][0]]):
                return f"(capes_history_trace: {len(steps_)} steps, reasons {reasons})"
    if status == "error":
        return got
    value = got[0][0]
    if fn == "capes_history_check":
        return {1: "true", 0: "false"}.get(value, f"(wrong type: {value!r})") if value is not None else "NULL"
    return "NULL" if value is None else value if isinstance(value, str) else f"(wrong type: {value!r})"


def check(tap, name, row, got):
    """got: the result as text, or a sqlite3.Error."""
    sqlstate, message, expected = (row.get(k, OMITTED) for k in ("sqlstate", "message", "expected"))
    if not sqlstate.omitted:
        ok = isinstance(got, Exception) and error_matches(got, sqlstate.text, message.text)
        tap.report(ok, name, f"expected error {sqlstate.text}: {message.text}",
                   f"got {describe_error(got) if isinstance(got, Exception) else got}")
        return
    ok = not isinstance(got, Exception) and got == ("NULL" if expected.null else expected.text)
    tap.report(ok, name, f"expected {expected.show()}",
               f"got      {describe_error(got) if isinstance(got, Exception) else got}")


# The explanation of each function (docs/rules.md#explanations) and the step of its last row.
EXPLAINED = {"capes_penalty": ("capes_explain_penalty", "maximum"),
             "capes_refusal_penalty": ("capes_explain_refusal_penalty", "maximum"),
             "capes_deadline": ("capes_explain_deadline", "result"),
             "capes_transition_error": ("capes_explain_transition", "verdict"),
             "capes_check_transition": ("capes_explain_transition", "verdict")}


def reason(e):
    """An error's message without its 'fn: ' prefix."""
    return str(e).split(": ", 1)[1] if ": " in str(e) else str(e)


def check_explanation(tap, name, con, row, got):
    """The explanation's last row is the function's result (got: text or a sqlite3.Error),
    or the same error, from the same arguments bound the same way."""
    fn = row["fn"].text
    explain, last_step = EXPLAINED[fn]
    args = args_of(row, ["arg%d" % i for i in range(1, 8)])
    status, rows_ = outcome(con, f"SELECT * FROM {explain}({', '.join('?' * len(args))})",
                            [bind(fn, i, c) for i, c in enumerate(args)])
    transition = explain == "capes_explain_transition"
    if status == "error":
        mine = ("error", reason(rows_))
    elif not rows_:
        mine = ("no rows",)
    else:
        step, value, detail, _ = rows_[-1]
        mine = (step, column_text(explain, 1, value), detail) if transition else (step, value)
    if isinstance(got, Exception):
        refused = transition and getattr(got, "sqlite_errorcode", None) == 19
        want = (last_step, "false", reason(got)) if refused else ("error", reason(got))
    elif transition:
        # NULL: the arguments give NULL (and the explanation no rows), or capes_transition_error allows the step
        null_args = args[1].null or args[3].null or (not args[0].null and args[2].null) or \
            (len(args) > 4 and args[4].null)
        want = ("no rows",) if got == "NULL" and null_args else \
            (last_step, "true", "allowed") if got in ("NULL", "true") else (last_step, "false", got)
    else:
        want = ("no rows",) if got == "NULL" else (last_step, got)
    tap.report(mine == want, f"explanation of {name} ends with the result", f"expected {want}", f"got      {mine}")


RUNNERS = [
    (lambda f: f.startswith("calls-"), run_scalar),
    (lambda f: f == "tables.csv", run_table),
    (lambda f: f == "contracts.csv", run_contract),
    (lambda f: f == "histories.csv", run_history),
]


def run(tap, con, directory, catalog_path):
    """Runs every vector file; returns the number of rows run."""
    load_catalog(catalog_path)
    con.execute("CREATE TEMP TABLE contract_rows (seq INTEGER PRIMARY KEY, risk, level, revenue)")
    con.execute("CREATE TEMP TABLE history_steps (seq INTEGER PRIMARY KEY, state, day, until)")
    files = sorted(f for f in os.listdir(directory) if f.endswith(".csv")) if os.path.isdir(directory) else []
    rows = 0
    for name in files:
        runner = next((r for match, r in RUNNERS if match(name)), None)
        if runner is None:
            tap.report(False, f"{name}: no runner for this file (tests/vectors/README.md names the files)")
            continue
        for row in read_vectors(os.path.join(directory, name)):
            if not for_sqlite(row):
                continue
            rows += 1
            got = runner(con, row)
            check(tap, f"{name}:{row['id'].text}", row, got)
            if name.startswith("calls-") and row["fn"].text in EXPLAINED:
                check_explanation(tap, f"{name}:{row['id'].text}", con, row, got)
    tap.report(rows > 0, f"vectors: {rows} rows of {len(files)} files in {directory} run on SQLite",
               "no vector ran: the SQLite suite checks the shared vectors first of all")
    return rows
