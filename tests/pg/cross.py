#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Cross-engine check, run by tests/pg/run inside the throwaway cluster: the same
generated inputs (fixed seed) through SQLite (build/capes.so, loaded by the system's
Python) and PostgreSQL (psql) give byte-identical outputs. Prints TAP.

SQLite returns REAL money, shown with printf('%.2f') (rates '%.4f'); PostgreSQL returns
numeric, shown as text. Dates are 'YYYY-MM-DD' text on both sides; booleans true/false;
NULL as the word NULL. Only inputs that are valid in both engines are generated (an
error would stop the whole query); errors are compared row by row by the shared vectors."""

import argparse
import datetime
import os
import sqlite3
import subprocess
import sys

SEED = 0x5EED_CA9E5_2015

# The states and the transition table (docs/rules.md#transitions), from the vectors' independent model.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors"))
from oracle import ALLOWED as NEXT, STATES  # noqa: E402

KINDS = ["establishment_draft", "agency_draft", "signature", "contract_end", "annual_report", "cure",
         "observations", "reassessment"]
CALENDARS = ["none", "fr", "fr-alsace-moselle", "fr-guadeloupe", "fr-martinique", "fr-guyane", "fr-reunion",
             "fr-mayotte", "FR", " fr-mayotte "]
LEVELS = ["none", "partial", "complete", "Partiellement", " NONE ", "complètement", "pas_du_tout"]
RISKS = [["infectious", "infectieux", "INFECTIOUS"], ["medication", "médicamenteux", "Medicamenteux"],
         ["care_pathway", "parcours", "rupture_parcours"]]
LABEL_CODES = STATES + ["infectious", "medicamenteux", "parcours", "none", "partiellement", "Complètement"]


class Rng:
    """xorshift64*: the same numbers on every machine and Python version."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        s = self.s
        s ^= s >> 12
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 27
        self.s = s
        return (s * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def int(self, lo, hi):
        return lo + self.next() % (hi - lo + 1)

    def pick(self, seq):
        return seq[self.int(0, len(seq) - 1)]

    def chance(self, percent):
        return self.int(1, 100) <= percent


D0 = datetime.date(1970, 1, 1).toordinal()


def day(d):
    return datetime.date.fromordinal(D0 + d).isoformat()


def days(iso):
    return datetime.date.fromisoformat(iso).toordinal() - D0


FIRST, LAST = days("1583-01-01"), days("9995-12-31")
IN_FORCE_FROM, IN_FORCE_TO = days("2015-11-22"), days("2017-04-08")


def some_day(rng):
    """Half the time around the years the rules applied, else any day of the range."""
    if rng.chance(50):
        return rng.int(IN_FORCE_FROM - 400, IN_FORCE_TO + 400)
    return rng.int(FIRST, LAST)


def revenue_text(rng):
    digits = rng.int(1, 13)
    whole = str(rng.int(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits - 1))
    if rng.chance(3):
        return "10000000000000"
    decimals = rng.pick(["", "0", "00", "5", "05", "99", "995", "004", "125"])
    return whole + ("." + decimals if decimals else "")


# ---------------------------------------------------------------- the inputs

def generate():
    rng = Rng(SEED)
    data = {}
    data["money"] = [(i, rng.int(0, 3), rng.pick(LEVELS), revenue_text(rng)) for i in range(1, 2001)]
    data["deadline"] = [(i, day(some_day(rng)), rng.pick(KINDS), rng.pick(STATES), rng.pick(CALENDARS))
                        for i in range(1, 2001)]
    rows = []
    for i in range(1, 3001):
        frm = None if rng.chance(8) else rng.pick(STATES)
        to = rng.pick(NEXT[frm]) if NEXT[frm] and rng.chance(70) else rng.pick(STATES)
        d = rng.int(IN_FORCE_FROM - 60, IN_FORCE_TO + 60)
        to_day = d + rng.int(-5, 70)
        # the terms (docs/rules.md#terms): mostly NULL, else around their defaults and caps
        from_until = None if rng.chance(60) else day(d + rng.int(-10, 400))
        until = None if rng.chance(60) else day(to_day + rng.int(-10, 1500))
        rows.append((i, frm, to, None if frm is None else day(d), day(to_day), rng.pick(CALENDARS), from_until,
                     until))
    data["transition"] = rows
    data["schedule"] = [(i, rng.pick(STATES), day(some_day(rng)), rng.pick(CALENDARS)) for i in range(1, 401)]
    data["holidays"] = [(i, rng.int(1583, 9999), rng.pick(CALENDARS)) for i in range(1, 201)]
    data["label"] = [(i, rng.pick(LABEL_CODES), rng.pick(["fr", "en", "EN"])) for i in range(1, 101)]
    rows = []
    for g in range(1, 1501):
        order = [0, 1, 2]
        for k in range(2, 0, -1):
            j = rng.int(0, k)
            order[k], order[j] = order[j], order[k]
        revenue = None if rng.chance(3) else revenue_text(rng)
        for n in range(rng.int(1, 3)):
            level = None if rng.chance(2) else rng.pick(LEVELS)
            rows.append((g, n + 1, rng.pick(RISKS[order[n]]), level, revenue))
    data["contract"] = rows
    rows = []
    for c in range(1, 801):
        state, d = None, rng.int(IN_FORCE_FROM - 20, IN_FORCE_TO + 10)
        cal = rng.pick(CALENDARS)
        for seq in range(1, rng.int(1, 9) + 1):
            nxt = NEXT[state]
            state = rng.pick(nxt) if nxt and rng.chance(92) else rng.pick(STATES)
            d += rng.int(-2, 50)
            until = None if rng.chance(70) else day(d + rng.int(-5, 1600))
            rows.append((c, seq, state, day(d), cal, until))
    data["history"] = rows
    # the amounts decided (docs/rules.md#amounts): mostly the three states that decide one
    amount_states = ["penalty_proposed", "penalty_decided", "refusal_penalty"]
    data["amount"] = [(i, rng.pick(amount_states) if rng.chance(80) else rng.pick(STATES),
                       rng.pick(["-0.01", "-5000", "-0.004"]) if rng.chance(5) else revenue_text(rng),
                       revenue_text(rng), None if rng.chance(50) else revenue_text(rng)) for i in range(1, 1001)]
    # capes_due and capes_schedule with a term within its cap (docs/rules.md#terms)
    rows = []
    for i in range(1, 601):
        state, since = rng.pick(STATES), rng.int(IN_FORCE_FROM - 20, IN_FORCE_TO + 300)
        span = {"signed": 1400, "formal_notice": 360, "refusal_hearing": 2000}.get(state)
        until = None if span is None or rng.chance(20) else day(since + rng.int(1, span))
        rows.append((i, state, day(since), rng.pick(CALENDARS), until))
    data["term"] = rows
    return data


# ---------------------------------------------------------------- the SQL of each engine

TABLES = {
    # name: [(column, sqlite type, postgresql type)]
    "money": [("id", "INTEGER", "int"), ("risks", "INTEGER", "int"), ("level", "TEXT", "text"),
              ("revenue", "TEXT", "numeric")],
    "deadline": [("id", "INTEGER", "int"), ("start", "TEXT", "date"), ("kind", "TEXT", "text"),
                 ("state", "TEXT", "text"), ("cal", "TEXT", "text")],
    "transition": [("id", "INTEGER", "int"), ("frm", "TEXT", "text"), ("too", "TEXT", "text"),
                   ("from_date", "TEXT", "date"), ("to_date", "TEXT", "date"), ("cal", "TEXT", "text"),
                   ("from_until", "TEXT", "date"), ("until", "TEXT", "date")],
    "schedule": [("id", "INTEGER", "int"), ("state", "TEXT", "text"), ("since", "TEXT", "date"),
                 ("cal", "TEXT", "text")],
    "holidays": [("id", "INTEGER", "int"), ("year", "INTEGER", "int"), ("cal", "TEXT", "text")],
    "label": [("id", "INTEGER", "int"), ("code", "TEXT", "text"), ("lang", "TEXT", "text")],
    "contract": [("g", "INTEGER", "int"), ("n", "INTEGER", "int"), ("risk", "TEXT", "text"),
                 ("level", "TEXT", "text"), ("revenue", "TEXT", "numeric")],
    "amount": [("id", "INTEGER", "int"), ("state", "TEXT", "text"), ("amount", "TEXT", "numeric"),
               ("maximum", "TEXT", "numeric"), ("envisaged", "TEXT", "numeric")],
    "term": [("id", "INTEGER", "int"), ("state", "TEXT", "text"), ("since", "TEXT", "date"), ("cal", "TEXT", "text"),
             ("until", "TEXT", "date")],
    "history": [("case_id", "INTEGER", "int"), ("seq", "INTEGER", "int"), ("state", "TEXT", "text"),
                ("day", "TEXT", "date"), ("cal", "TEXT", "text"), ("until", "TEXT", "date")],
}
# In SQLite the history steps are read in (case_id, seq) order: a WITHOUT ROWID table
# keyed on them, so that GROUP BY needs no sort (SQLite 3.40 has no ORDER BY in aggregates).
SQLITE_KEYS = {"history": "PRIMARY KEY (case_id, seq)"}


def money2(expr, engine):
    return f"printf('%.2f', {expr})" if engine == "sqlite" else f"({expr})::text"


def rate4(expr, engine):
    return f"printf('%.4f', {expr})" if engine == "sqlite" else f"({expr})::text"


def boolean(expr):
    return f"CASE WHEN {expr} IS NULL THEN 'NULL' WHEN {expr} THEN 'true' ELSE 'false' END"


def nullable(expr):
    return f"coalesce({expr}, 'NULL')"


# capes_history_check raises for an invalid history, which would stop the whole query: it
# runs over the cases capes_history_error finds valid
VALID_CASES = ("SELECT case_id FROM history GROUP BY case_id "
               "HAVING capes_history_error(state, day, cal, until{order}) IS NULL")


def queries(engine):
    """family -> query; each row's columns joined by '|' make one output line."""
    pg = engine == "pg"
    text = (lambda e: f"({e})::text") if pg else (lambda e: e)
    c = ' COLLATE "C"' if pg else ""  # SQLite's BINARY order
    q = {
        "penalty": f"SELECT id, {money2('capes_penalty(risks, level, revenue)', engine)} FROM money ORDER BY id",
        "penalty_rate": f"SELECT id, {rate4('capes_penalty_rate(risks, level)', engine)} FROM money ORDER BY id",
        "refusal_penalty": f"SELECT id, {money2('capes_refusal_penalty(revenue)', engine)} FROM money ORDER BY id",
        "deadline": f"SELECT id, {text('capes_deadline(start, kind, cal)')}, {text('capes_deadline(start, kind)')} "
                    "FROM deadline ORDER BY id",
        "due": f"SELECT id, {nullable(text('capes_due(state, start, cal)'))} FROM deadline ORDER BY id",
        "working_day": f"SELECT id, {boolean('capes_is_working_day(start, cal)')}, "
                       f"{boolean('capes_in_force(start)')} FROM deadline ORDER BY id",
        "transition_error": "SELECT id, " + nullable("capes_transition_error(frm, too, from_date, to_date, cal)")
                            + " FROM transition ORDER BY id",
        "transition_terms": "SELECT id, " + nullable("capes_transition_error(frm, too, from_date, to_date, cal, "
                                                     "from_until, until)") + " FROM transition ORDER BY id",
        "transition_valid": f"SELECT id, {boolean('capes_transition_valid(frm, too)')} FROM transition ORDER BY id",
        "schedule": f"SELECT t.id, s.kind, {text('s.due')}, s.article FROM schedule AS t, "
                    f"capes_schedule(t.state, t.since, t.cal) AS s ORDER BY t.id, 3, s.kind{c}",
        "next_states": f"SELECT t.id, n.state FROM schedule AS t, capes_next_states(t.state) AS n ORDER BY t.id, n.state{c}",
        "holidays": f"SELECT t.id, {text('h.day')}, h.name FROM holidays AS t, capes_holidays(t.year, t.cal) AS h "
                    "ORDER BY t.id, 2",
        "label": "SELECT id, capes_label(code, lang) FROM label ORDER BY id",
        "amount": "SELECT id, " + nullable("capes_amount_error(state, amount, maximum)") + ", "
                  + nullable("capes_amount_error(state, amount, maximum, envisaged)") + ", "
                  + boolean("CASE WHEN capes_amount_error(state, amount, maximum, envisaged) IS NULL "
                            "THEN capes_check_amount(state, amount, maximum, envisaged) END")
                  + " FROM amount ORDER BY id",
        "due_term": f"SELECT id, {nullable(text('capes_due(state, since, cal, until)'))} FROM term ORDER BY id",
        "schedule_term": f"SELECT t.id, s.kind, {text('s.due')}, s.article FROM term AS t, "
                         f"capes_schedule(t.state, t.since, t.cal, t.until) AS s ORDER BY t.id, 3, s.kind{c}",
        # the contract aggregates over a sliding frame (SQLite: rows leave through xInverse)
        "contract_window": "SELECT g, n, "
                           + "CASE WHEN r IS NULL THEN 'NULL' ELSE " + rate4("r", engine) + " END, "
                           + "CASE WHEN p IS NULL THEN 'NULL' ELSE " + money2("p", engine) + " END "
                           + "FROM (SELECT g, n, capes_contract_rate(risk, level) OVER w AS r, "
                             "capes_contract_penalty(risk, level, revenue) OVER w AS p FROM contract "
                             "WINDOW w AS (PARTITION BY g ORDER BY n ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)) AS t "
                             "ORDER BY g, n",
        "codes": "SELECT vocabulary, code, label_fr, label_en, article FROM capes_codes()",
        "states": f"SELECT state, label_fr, label_en, article, {boolean('initial')}, {boolean('terminal')} "
                  "FROM capes_states()",
    }
    # the explanations (docs/rules.md#explanations): the same rows, in the same order (e.o)
    def explained(call, columns):
        if pg:
            return f"{call} WITH ORDINALITY AS e({columns}, o)", "e.o"
        return f"{call} AS e", "e.rowid"
    for family, table, call, columns, second in (
            ("explain_penalty", "money", "capes_explain_penalty(t.risks, t.level, t.revenue)", "step, value, rule, article",
             "e.value"),
            ("explain_refusal_penalty", "money", "capes_explain_refusal_penalty(t.revenue)", "step, value, rule, article",
             "e.value"),
            ("explain_deadline", "deadline", "capes_explain_deadline(t.start, t.kind, t.cal)", "step, day, rule, article",
             text("e.day")),
            ("explain_transition", "transition", "capes_explain_transition(t.frm, t.too, t.from_date, t.to_date, t.cal, "
             "t.from_until, t.until)", 'step, passed, rule, article', boolean("e.passed"))):
        source, order = explained(call, columns)
        if not pg and family == "explain_transition":
            # SQLite's columns are named as the catalog's: check, passed, detail, article
            q[family] = (f'SELECT t.id, {order}, e."check", {boolean("e.passed")}, e.detail, e.article '
                         f"FROM {table} AS t, {source} ORDER BY t.id, {order}")
        else:
            q[family] = (f"SELECT t.id, {order}, e.step, {second}, e.rule, e.article FROM {table} AS t, {source} "
                         f"ORDER BY t.id, {order}")
    if pg:
        q["history_trace"] = ("SELECT case_id, capes_history_trace(state, day, cal, until ORDER BY seq)::text "
                              "FROM history GROUP BY case_id ORDER BY case_id")
    else:
        q["history_trace"] = ("SELECT case_id, capes_history_trace(state, day, cal, until) "
                              "FROM history GROUP BY case_id ORDER BY case_id")
    if pg:
        q["contract"] = ("SELECT g, coalesce(capes_contract_rate(risk, level)::text, 'NULL'), "
                         "coalesce(capes_contract_penalty(risk, level, revenue)::text, 'NULL') "
                         "FROM contract GROUP BY g ORDER BY g")
        q["history"] = ("SELECT case_id, coalesce(capes_history_error(state, day ORDER BY seq), 'NULL'), "
                        "coalesce(capes_history_error(state, day, cal ORDER BY seq), 'NULL'), "
                        "coalesce(capes_history_error(state, day, cal, until ORDER BY seq), 'NULL'), "
                        "coalesce(capes_history_due(state, day, cal, until ORDER BY seq)::text, 'NULL') "
                        "FROM history GROUP BY case_id ORDER BY case_id")
        q["history_check"] = ("SELECT case_id, capes_history_check(state, day, cal, until ORDER BY seq)::text "
                              f"FROM history WHERE case_id IN ({VALID_CASES.format(order=' ORDER BY seq')}) "
                              "GROUP BY case_id ORDER BY case_id")
    else:
        q["contract"] = ("SELECT g, CASE WHEN r IS NULL THEN 'NULL' ELSE printf('%.4f', r) END, "
                         "CASE WHEN p IS NULL THEN 'NULL' ELSE printf('%.2f', p) END "
                         "FROM (SELECT g, capes_contract_rate(risk, level) AS r, "
                         "capes_contract_penalty(risk, level, revenue) AS p FROM contract GROUP BY g) ORDER BY g")
        q["history"] = ("SELECT case_id, coalesce(capes_history_error(state, day), 'NULL'), "
                        "coalesce(capes_history_error(state, day, cal), 'NULL'), "
                        "coalesce(capes_history_error(state, day, cal, until), 'NULL'), "
                        "coalesce(capes_history_due(state, day, cal, until), 'NULL') "
                        "FROM history GROUP BY case_id ORDER BY case_id")
        q["history_check"] = ("SELECT case_id, CASE capes_history_check(state, day, cal, until) WHEN 1 THEN 'true' END "
                              f"FROM history WHERE case_id IN ({VALID_CASES.format(order='')}) "
                              "GROUP BY case_id ORDER BY case_id")
    return q


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + v.replace("'", "''") + "'"


def ddl_and_data(engine, data):
    out = []
    for name, cols in TABLES.items():
        typed = ", ".join(f"{c} {sq if engine == 'sqlite' else pt}" for c, sq, pt in cols)
        if engine == "sqlite":
            key = SQLITE_KEYS.get(name)
            out.append(f"CREATE TABLE {name} ({typed}{', ' + key if key else ''}){' WITHOUT ROWID' if key else ''};")
        else:
            out.append(f"CREATE TEMP TABLE {name} ({typed});")
        rows = data[name]
        for at in range(0, len(rows), 500):
            values = ", ".join("(" + ", ".join(literal(v) for v in r) + ")" for r in rows[at:at + 500])
            out.append(f"INSERT INTO {name} VALUES {values};")
    return "\n".join(out)


# ---------------------------------------------------------------- running

def run_sqlite(extension, data):
    con = sqlite3.connect(":memory:")
    con.enable_load_extension(True)
    con.load_extension(extension)
    con.executescript(ddl_and_data("sqlite", data))
    out = {}
    for family, query in queries("sqlite").items():
        out[family] = ["|".join("NULL" if v is None else str(v) for v in row) for row in con.execute(query)]
    con.close()
    return out


def run_pg(dbname, data, work):
    families = queries("pg")
    script = ["SET client_min_messages = warning;", "SET datestyle = 'ISO, YMD';", "BEGIN;",
              ddl_and_data("pg", data)]
    for family, query in families.items():
        script.append(f"\\echo @@ {family}")
        script.append(query + ";")
    script.append("ROLLBACK;")
    path = os.path.join(work, "cross-pg.sql")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
    proc = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "|", "-P", "null=NULL", "-v", "ON_ERROR_STOP=1",
                           "-d", dbname, "-f", path], capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError(f"psql failed ({proc.returncode}): {proc.stderr.strip()}")
    out, family = {}, None
    for line in proc.stdout.split("\n"):
        if line.startswith("@@ "):
            family = line[3:]
            out[family] = []
        elif line and family:
            out[family].append(line)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--extension", default="build/capes", help="SQLite extension, without .so")
    ap.add_argument("--dbname", default="capes_test", help="a PostgreSQL database with capes installed")
    ap.add_argument("--work", default="build/pg", help="where to write the PostgreSQL script")
    args = ap.parse_args()

    data = generate()
    n = 0
    results = []
    try:
        lite = run_sqlite(args.extension, data)
    except (sqlite3.Error, OSError) as e:
        results.append((False, "cross-engine: SQLite runs the generated queries", [str(e)]))
        lite = None
    try:
        pg = run_pg(args.dbname, data, args.work)
    except (RuntimeError, OSError) as e:
        results.append((False, "cross-engine: PostgreSQL runs the generated queries", [str(e)]))
        pg = None
    if lite is not None and pg is not None:
        for family in queries("pg"):
            a, b = lite.get(family, []), pg.get(family, [])
            diag = []
            if a != b:
                diffs = [i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]]
                diag.append(f"{len(diffs)} lines differ (SQLite {len(a)} lines, PostgreSQL {len(b)})")
                for i in diffs[:5]:
                    diag.append(f"sqlite: {a[i] if i < len(a) else '(none)'}")
                    diag.append(f"pg:     {b[i] if i < len(b) else '(none)'}")
            results.append((a == b and len(a) > 0,
                            f"cross-engine: {family}: {len(a)} results byte-identical in SQLite and PostgreSQL", diag))
    for ok, desc, diag in results:
        n += 1
        print(f"{'' if ok else 'not '}ok {n} - {desc}")
        for line in diag:
            print(f"#   {line}")
    print(f"1..{n}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
