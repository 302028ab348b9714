# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""SQLite-only checks: value types, NULLs, the places SQLite demands innocuous and
deterministic functions, table functions in joins, and the registration of every
function of the core's catalog."""

import json
import os
import random
import re
import sqlite3
import tempfile
import traceback
from decimal import Decimal

from tap import SQLITE_CONSTRAINT, SQLITE_ERROR, connect, describe_error, outcome



def rows(con, sql, params=()):
    """The rows, or the error (so that a failure is a 'not ok' line, not a crash)."""
    status, got = outcome(con, sql, params)
    return got


def value(con, sql, params=()):
    status, got = outcome(con, sql, params)
    return got[0][0] if status == "ok" else got


def expect_error(tap, con, sql, params, message, code=SQLITE_ERROR, name=None):
    status, got = outcome(con, sql, params)
    klass = sqlite3.IntegrityError if code == SQLITE_CONSTRAINT else sqlite3.OperationalError
    ok = (status == "error" and type(got) is klass and got.sqlite_errorcode == code and str(got) == message)
    tap.report(ok, name or f"error: {sql} {list(params) if params else ''}".rstrip(),
               f"expected {klass.__name__} (code {code}): {message}",
               f"got {describe_error(got) if status == 'error' else got}")


def same_cents(con, a, b):
    """Whether two revenue values are the same amount to the cent, through the core's
    own check that every row of a contract has the same revenue."""
    status, got = outcome(con, "SELECT capes_contract_penalty(r, 'none', v) FROM "
                          "(SELECT 'infectious' AS r, ?1 AS v UNION ALL SELECT 'medication', ?2)", (a, b))
    return status == "ok", got


# ---------------------------------------------------------------- money inputs


def revenue_range(con):
    """What the core says a revenue must be, read from its error for a TEXT revenue (the
    vectors check that message): the INTEGER and REAL inputs must say the same."""
    got = value(con, "SELECT capes_refusal_penalty('10000000000001')")
    m = re.fullmatch(r"capes_refusal_penalty: revenue must be (.*) \(got '10000000000001'\)", str(got))
    return m.group(1) if m else f"(no range error for text: {got!r})"


def check_money(tap, con):
    revenue_must_be = revenue_range(con)
    pen = "SELECT printf('%.2f', capes_refusal_penalty(?))"
    for v in [1234.5, 1234, "1234.50", "1234.5"]:
        tap.is_(value(con, pen, (v,)), "12.34", f"money: capes_refusal_penalty({v!r}) is 12.34 (1 % rounded down)")
    for a, b in [(1234.5, "1234.50"), (1234, "1234.00"), (1234, 1234.0), (10**13, "10000000000000"),
                 (1e13, "10000000000000.00"), (0, "0"), (-0.0, "0"), (0.1, "0.10"), (12345678.9, "12345678.90"),
                 (0.285, "0.28"), (0.295, "0.29"), (2.675, "2.67"), (1.005, "1.00"), (0.125, "0.13")]:
        ok, got = same_cents(con, a, b)
        tap.report(ok, f"money: {type(a).__name__} {a!r} is the same revenue as text {b!r}",
                   describe_error(got) if not ok else "")
    # a REAL is first rounded to its nearest cent (its binary value is not the amount meant), a text is
    # exact (docs/rules.md#revenue): REAL 99999.996 is 100000.00, 1 % of it 1000.00; text '99999.996' stays
    # 99999.996, 1 % of it 999.99996, so 999.99
    tap.is_(rows(con, "SELECT printf('%.2f', capes_refusal_penalty(?)), printf('%.2f', capes_refusal_penalty(?))",
                 (99999.996, "99999.996")), [("1000.00", "999.99")],
            "money: REAL 99999.996 is rounded to its cent first (1000.00), text '99999.996' is exact (999.99)")
    tap.is_(value(con, "SELECT printf('%.2f', capes_refusal_penalty(?))", ("99999.995",)), "999.99",
            "money: an exact revenue with three decimals is used exactly: 1 % of 99999.995 is 999.99")
    tap.is_(value(con, "SELECT printf('%.2f', capes_penalty(3, 'none', ?))", (1e13,)), "100000000000.00",
            "money: REAL 1e13 is the largest revenue")
    tap.is_(value(con, "SELECT typeof(capes_penalty(3, 'none', 1000)), typeof(capes_penalty_rate(1, 'none'))"),
            "real", "money: amounts and rates are REAL")
    # every revenue is shown quoted, as PostgreSQL's numeric is, so both engines word it alike
    for v, given in [(1e13 + 1, "'10000000000001'"), (10**13 + 1, "'10000000000001'"),
                     ("10000000000000.01", "'10000000000000.01'"), (1e300, "'1.0000000000000001e+300'"),
                     (float("inf"), "'Infinity'")]:
        expect_error(tap, con, "SELECT capes_refusal_penalty(?)", (v,),
                     f"capes_refusal_penalty: revenue must be {revenue_must_be} (got {given})",
                     name=f"money: {type(v).__name__} {v!r} is out of range (22003)")
    for v, given in [(-0.01, "'-0.01'"), (-1, "'-1'"), ("-0.01", "'-0.01'"), (float("-inf"), "'-Infinity'")]:
        expect_error(tap, con, "SELECT capes_refusal_penalty(?)", (v,),
                     f"capes_refusal_penalty: revenue must be {revenue_must_be} (got {given})",
                     name=f"money: {type(v).__name__} {v!r} is refused as negative")
    rng = random.Random(20151122)
    bad = []
    for _ in range(3000):
        cents = rng.randrange(0, 10**15 + 1)
        real = cents / 100
        exact = format(Decimal(real), "f")  # every digit of the binary value
        # the REAL is its nearest cent; its exact binary value, as text, is exact: a contract keeps
        # that one to the cent rounded down, which is the REAL's cent or the one below
        a_cents = value(con, "SELECT capes_penalty(3, 'none', ?) = capes_penalty(3, 'none', ?)",
                        (real, f"{cents // 100}.{cents % 100:02d}"))
        if a_cents != 1 or not same_cents(con, real, f"{cents // 100}.{cents % 100:02d}")[0]:
            bad.append((real, exact))
        elif Decimal(real) >= Decimal(cents) / 100 and not same_cents(con, real, exact)[0]:
            bad.append((real, exact))
    tap.report(not bad, "money: 3000 random REAL amounts equal their cents as text, and their exact decimal value "
               "when it is not below the cent", f"first disagreements: {bad[:3]}")


# ----------------------------------------------------------- storage classes

TYPE_ERRORS = [
    ("SELECT capes_deadline(20160101, 'signature')",
     "capes_deadline: start must be a date 'YYYY-MM-DD' as text (got integer 20160101)"),
    ("SELECT capes_deadline(2016.0101, 'signature')",
     "capes_deadline: start must be a date 'YYYY-MM-DD' as text (got real 2016.0101)"),
    ("SELECT capes_deadline(x'323031362d30312d3034', 'signature')",
     "capes_deadline: start must be a date 'YYYY-MM-DD' as text (got blob x'323031362D30312D3034')"),
    ("SELECT capes_in_force(x'000102030405060708090a0b0c0d0e0f10')",
     "capes_in_force: day must be a date 'YYYY-MM-DD' as text (got blob x'000102030405060708090A0B0C0D0E0F'...)"),
    ("SELECT capes_deadline('2016-01-04', 2)",
     "capes_deadline: kind must be one of establishment_draft, agency_draft, signature, contract_end, "
     "annual_report, cure, observations, reassessment as text (got integer 2)"),
    ("SELECT capes_deadline('2016-01-04', 'signature', 1.0)",
     "capes_deadline: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, fr-martinique, "
     "fr-guyane, fr-reunion, fr-mayotte as text (got real 1.0)"),
    ("SELECT capes_penalty_rate(x'02', 'none')", "capes_penalty_rate: risks must be a whole number (got blob x'02')"),
    ("SELECT capes_penalty(x'', 'none', 1000)", "capes_penalty: risks must be a whole number (got blob x'')"),
    ("SELECT capes_penalty_rate(2, x'')",
     "capes_penalty_rate: level must be one of none, partial, complete as text (got blob x'')"),
    ("SELECT capes_penalty(2, 'none', x'31')",
     "capes_penalty: revenue must be an amount as integer, real or decimal text (got blob x'31')"),
    ("SELECT capes_label(1)", "capes_label: code must be a risk, degree or state code as text (got integer 1)"),
    ("SELECT capes_label('signed', 0)", "capes_label: lang must be one of fr, en as text (got integer 0)"),
    ("SELECT capes_due('signed', 20160101)",
     "capes_due: since must be a date 'YYYY-MM-DD' as text (got integer 20160101)"),
    ("SELECT capes_transition_valid(1, 'signed')",
     "capes_transition_valid: from must be one of notified, establishment_draft, agency_draft, signed, refused, "
     "refusal_hearing, refusal_penalty, formal_notice, penalty_proposed, observations_received, penalty_decided, "
     "recovery_notified, completed, closed as text (got integer 1)"),
    ("SELECT capes_check_transition('notified', 'establishment_draft', '2016-01-04', 20160105)",
     "capes_check_transition: to_date must be a date 'YYYY-MM-DD' as text (got integer 20160105)"),
    ("SELECT capes_is_working_day('2016-01-04', x'6672')",
     "capes_is_working_day: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, "
     "fr-martinique, fr-guyane, fr-reunion, fr-mayotte as text (got blob x'6672')"),
    ("SELECT * FROM capes_holidays(x'07e0')", "capes_holidays: year must be a whole number (got blob x'07E0')"),
    ("SELECT * FROM capes_schedule('signed', 20160101)",
     "capes_schedule: since must be a date 'YYYY-MM-DD' as text (got integer 20160101)"),
    ("SELECT * FROM capes_next_states(3)",
     "capes_next_states: state must be one of notified, establishment_draft, agency_draft, signed, refused, "
     "refusal_hearing, refusal_penalty, formal_notice, penalty_proposed, observations_received, penalty_decided, "
     "recovery_notified, completed, closed as text (got integer 3)"),
    ("SELECT capes_contract_rate(r, l) FROM (SELECT 1 AS r, 'none' AS l)",
     "capes_contract_rate: risk must be one of infectious, medication, care_pathway as text (got integer 1)"),
    ("SELECT capes_contract_penalty('infectious', 'none', x'')",
     "capes_contract_penalty: revenue must be an amount as integer, real or decimal text (got blob x'')"),
    ("SELECT capes_history_error(s, d) FROM (SELECT 'notified' AS s, 20160104 AS d)",
     "capes_history_error: occurred_on must be a date 'YYYY-MM-DD' as text (got integer 20160104)"),
    ("SELECT capes_history_error('notified', '2016-01-04', 1)",
     "capes_history_error: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, "
     "fr-martinique, fr-guyane, fr-reunion, fr-mayotte as text (got integer 1)"),
    ("SELECT * FROM capes_schedule('notified')",
     "capes_schedule: since must be a date 'YYYY-MM-DD' as text (got no argument)"),
    ("SELECT * FROM capes_holidays", "capes_holidays: year must be a whole number (got no argument)"),
]


def check_types(tap, con):
    for sql, message in TYPE_ERRORS:
        expect_error(tap, con, sql, (), message, name=f"type: {sql}")
    tap.is_(value(con, "SELECT capes_deadline('2016-01-04 10:30:00', 'signature')"), "2016-02-03",
            "type: a date text with a time part is accepted")
    tap.is_(value(con, "SELECT typeof(capes_deadline('2016-01-04', 'signature')) || typeof(capes_in_force("
                       "'2016-01-04')) || typeof(capes_transition_valid(NULL, 'notified'))"), "textintegerinteger",
            "type: dates are TEXT, booleans INTEGER")


# ---------------------------------------------------------- whole numbers

# A count or a year as INTEGER, REAL or TEXT (docs/rules.md#whole-numbers): a value with no
# fraction is that number, with the answers of the integer; anything else is the core's error,
# the same text as PostgreSQL's for the same value (tests/pg/types.sql, tests/pg/whole.py).
WHOLE_VALUES = [
    ("capes_penalty_rate(2.0, 'none')", 0.0066),
    ("capes_penalty_rate('2', 'none')", 0.0066),
    ("capes_penalty_rate(' 2.000 ', 'none')", 0.0066),
    ("capes_penalty_rate('2e0', 'none')", 0.0066),
    ("capes_penalty_rate(-0.0, 'none')", 0.0),
    ("capes_penalty_rate(3.0, 'none')", 0.01),
    ("capes_penalty(2.0, 'partial', '48250000.00')", 159225.0),
    ("capes_penalty('2', 'partial', '48250000.00')", 159225.0),
    ("(SELECT count(*) FROM capes_holidays(2016.0))", 11),
    ("(SELECT count(*) FROM capes_holidays('2016', 'fr-alsace-moselle'))", 13),
    ("(SELECT count(*) FROM capes_holidays(2016e0))", 11),
    ("capes_penalty_rate((SELECT count(*) FROM (SELECT 1 UNION SELECT 2)), 'none')", 0.0066),
]
WHOLE_ERRORS = [
    ("capes_penalty_rate(2.5, 'none')", "capes_penalty_rate: risks must be a whole number (got 2.5)"),
    ("capes_penalty_rate('2.5', 'none')", "capes_penalty_rate: risks must be a whole number (got 2.5)"),
    ("capes_penalty_rate('2.50', 'none')", "capes_penalty_rate: risks must be a whole number (got 2.5)"),
    ("capes_penalty_rate(0.1 + 0.2, 'none')", "capes_penalty_rate: risks must be a whole number (got 0.30000000000000004)"),
    ("capes_penalty_rate(2.0000000000000004, 'none')",
     "capes_penalty_rate: risks must be a whole number (got 2.0000000000000004)"),
    ("capes_penalty_rate('2.00000000000000000001', 'none')",
     "capes_penalty_rate: risks must be a whole number (got 2.00000000000000000001)"),
    ("capes_penalty_rate(1e-300, 'none')",
     "capes_penalty_rate: risks must be a whole number (got 0.00000000000000000000000000000000000000...)"),
    ("capes_penalty_rate(7.0, 'none')", "capes_penalty_rate: risks must be a number of risks from 0 to 3 (got 7)"),
    ("capes_penalty_rate(-1.0, 'none')", "capes_penalty_rate: risks must be a number of risks from 0 to 3 (got -1)"),
    ("capes_penalty_rate(1e300, 'none')",
     "capes_penalty_rate: risks must be a number of risks from 0 to 3 (got 1000000000000000000000000000000000000000...)"),
    ("capes_penalty_rate(1e999, 'none')", "capes_penalty_rate: risks must be a number of risks from 0 to 3 (got Infinity)"),
    ("capes_penalty_rate(-1e999, 'none')",
     "capes_penalty_rate: risks must be a number of risks from 0 to 3 (got -Infinity)"),
    ("capes_penalty_rate('NaN', 'none')", "capes_penalty_rate: risks must be a whole number (got NaN)"),
    ("capes_penalty_rate('two', 'none')", "capes_penalty_rate: risks must be a whole number (got 'two')"),
    ("capes_penalty_rate('', 'none')", "capes_penalty_rate: risks must be a whole number (got '')"),
    ("capes_penalty_rate(2.5, 'nothing')", "capes_penalty_rate: risks must be a whole number (got 2.5)"),
    ("capes_penalty(3.5, 'none', 1000)", "capes_penalty: risks must be a whole number (got 3.5)"),
    ("capes_penalty(4.0, 'none', 1000)", "capes_penalty: risks must be a number of risks from 0 to 3 (got 4)"),
    ("(SELECT count(*) FROM capes_holidays(2016.5))", "capes_holidays: year must be a whole number (got 2016.5)"),
    ("(SELECT count(*) FROM capes_holidays(10000.0))", "capes_holidays: year must be a year from 1583 to 9999 (got 10000)"),
    ("(SELECT count(*) FROM capes_holidays(1e999))", "capes_holidays: year must be a year from 1583 to 9999 (got Infinity)"),
    ("(SELECT count(*) FROM capes_holidays('1582.0'))",
     "capes_holidays: year must be a year from 1583 to 9999 (got 1582)"),
]


def check_whole(tap, con):
    for expr, want in WHOLE_VALUES:
        tap.is_(value(con, "SELECT " + expr), want, f"whole: {expr} is {want}, as with an INTEGER")
    for expr, message in WHOLE_ERRORS:
        expect_error(tap, con, "SELECT " + expr, (), message, name=f"whole: {expr}")
    # every REAL and TEXT spelling of 0..3 and of a few years answers as the INTEGER does
    bad = []
    for n in range(4):
        for lv in ("none", "partial"):
            want = value(con, "SELECT capes_penalty_rate(?, ?)", (n, lv))
            for v in (float(n), "%d.0" % n, " %d " % n, "%de0" % n):
                if value(con, "SELECT capes_penalty_rate(?, ?)", (v, lv)) != want:
                    bad.append(repr(v))
    for y in (1583, 2016, 9999):
        want = rows(con, "SELECT * FROM capes_holidays(?)", (y,))
        for v in (float(y), "%d.000" % y):
            if rows(con, "SELECT * FROM capes_holidays(?)", (v,)) != want:
                bad.append(repr(v))
    tap.report(not bad, "whole: REAL and TEXT whole numbers give the INTEGER's answers", *bad)


# ------------------------------------------------------------------- NULLs

NULL_CASES = [
    ("SELECT capes_deadline(NULL, 'signature')", None),
    ("SELECT capes_deadline('2016-01-04', 'signature', NULL)", None),
    ("SELECT capes_deadline(NULL, 3)", None),  # NULL first: no type error
    ("SELECT capes_penalty(NULL, 'none', 1000)", None),
    ("SELECT capes_penalty(1, 'none', NULL)", None),
    ("SELECT capes_refusal_penalty(NULL)", None),
    ("SELECT capes_due('closed', '2016-01-04')", None),
    ("SELECT capes_label(NULL)", None),
    ("SELECT capes_transition_valid(NULL, 'notified')", 1),
    ("SELECT capes_transition_valid(NULL, 'signed')", 0),
    ("SELECT capes_transition_valid('signed', NULL)", None),
    ("SELECT capes_transition_error(NULL, 'notified', NULL, '2016-01-04')", None),
    ("SELECT capes_transition_error(NULL, 'notified', 'ignored', '2016-01-04')", None),
    ("SELECT capes_transition_error('notified', 'signed', NULL, '2016-01-04')", None),
    ("SELECT capes_check_transition(NULL, 'notified', NULL, '2016-01-04')", 1),
    ("SELECT capes_check_transition(NULL, 'notified', NULL, '2016-01-04', NULL)", None),
    ("SELECT capes_contract_rate(r, l) FROM (SELECT 'infectious' AS r, NULL AS l)", None),
    ("SELECT capes_contract_rate(r, l) FROM (SELECT 1 AS r, 2 AS l WHERE 0)", None),
    ("SELECT capes_contract_penalty('infectious', 'none', NULL)", None),
    ("SELECT capes_history_error(s, d) FROM (SELECT 1 AS s, 2 AS d WHERE 0)", None),
    ("SELECT capes_history_error('notified', NULL)", "step 1: state, date or calendar is NULL"),
    ("SELECT capes_history_error('notified', '2016-01-04', NULL)", "step 1: state, date or calendar is NULL"),
    ("SELECT group_concat(state) FROM capes_next_states(NULL)", "notified"),
    ("SELECT count(*) FROM capes_schedule('notified', NULL)", 0),
    ("SELECT count(*) FROM capes_holidays(2016, NULL)", 0),
    ("SELECT count(*) FROM capes_holidays(NULL)", 0),
]


def check_nulls(tap, con):
    for sql, expected in NULL_CASES:
        tap.is_(value(con, sql), expected, f"null: {sql}")
    expect_error(tap, con, "SELECT capes_check_transition(NULL, 'notified', NULL, '2017-04-09')", (),
                 "capes_check_transition: (none) -> notified refused on 2017-04-09: R162-45 to R162-45-2 apply from "
                 "2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)", SQLITE_CONSTRAINT,
                 name="null: a new case after the repeal is refused with SQLITE_CONSTRAINT")


# ------------------------------------------- innocuous and deterministic uses

SCHEMA = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    calendar TEXT NOT NULL DEFAULT 'fr' CHECK (capes_is_working_day('2016-01-04', calendar) IS NOT NULL),
    notified_on TEXT NOT NULL CHECK (capes_in_force(notified_on)),
    draft_due TEXT GENERATED ALWAYS AS (capes_deadline(notified_on, 'establishment_draft', calendar)) VIRTUAL,
    contract_end TEXT GENERATED ALWAYS AS (capes_deadline(notified_on, 'contract_end')) STORED
);
CREATE INDEX cases_agency_due ON cases (capes_deadline(capes_deadline(notified_on, 'establishment_draft',
                                                                         calendar), 'agency_draft'));
CREATE TABLE steps (
    seq INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases,
    state TEXT NOT NULL CHECK (capes_label(state) IS NOT NULL),
    occurred_on TEXT NOT NULL
);
CREATE TRIGGER steps_check BEFORE INSERT ON steps
BEGIN
    SELECT capes_check_transition(
        (SELECT state FROM steps WHERE case_id = NEW.case_id ORDER BY seq DESC LIMIT 1),
        NEW.state,
        (SELECT occurred_on FROM steps WHERE case_id = NEW.case_id ORDER BY seq DESC LIMIT 1),
        NEW.occurred_on,
        (SELECT calendar FROM cases WHERE id = NEW.case_id));
END;
CREATE VIEW current_state AS
SELECT s.case_id, s.state, s.occurred_on, c.calendar, capes_due(s.state, s.occurred_on, c.calendar) AS due
  FROM steps s JOIN cases c ON c.id = s.case_id
 WHERE s.seq = (SELECT max(seq) FROM steps WHERE case_id = s.case_id);
CREATE VIEW case_schedule AS
SELECT cs.case_id, sch.kind, sch.due FROM current_state cs, capes_schedule(cs.state, cs.occurred_on, cs.calendar) sch;
CREATE VIEW history_check AS
SELECT case_id, capes_history_error(state, occurred_on) AS error
  FROM (SELECT * FROM steps ORDER BY case_id, seq) GROUP BY case_id;
CREATE VIEW holidays_2016 AS SELECT * FROM capes_holidays(2016, 'fr');
"""


def check_schema(tap, extension):
    """The functions in CHECK constraints, generated columns, an index, a trigger and
    views of a schema read back from disk with PRAGMA trusted_schema=OFF."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "register.db")
        con = connect(extension, path)
        con.executescript(SCHEMA)
        con.close()
        con = connect(extension, path)
        con.execute("PRAGMA trusted_schema = OFF")
        tap.is_(value(con, "PRAGMA trusted_schema"), 0, "schema: reopened with trusted_schema=OFF")
        con.execute("INSERT INTO cases (id, calendar, notified_on) VALUES (1, 'fr', '2016-04-30'), "
                    "(2, 'fr-alsace-moselle', '2016-11-25')")
        tap.is_(rows(con, "SELECT draft_due, contract_end FROM cases ORDER BY id"),
                [("2016-05-30", "2020-04-30"), ("2016-12-27", "2020-11-25")],
                "schema: generated columns (virtual and stored) hold capes_deadline")
        status, got = outcome(con, "INSERT INTO cases (id, notified_on) VALUES (3, '2017-04-09')")
        tap.report(status == "error" and isinstance(got, sqlite3.IntegrityError)
                   and "CHECK constraint failed" in str(got),
                   "schema: a CHECK constraint with capes_in_force refuses a case after the repeal",
                   describe_error(got) if status == "error" else "no error")
        status, got = outcome(con, "INSERT INTO cases (id, calendar, notified_on) VALUES (4, 'mars', '2016-01-04')")
        unknown_calendar = re.match(r"capes_(is_working_day|deadline): calendar must be one of", str(got))
        tap.report(status == "error" and unknown_calendar is not None,
                   "schema: a CHECK constraint or generated column raises the core's error for an unknown calendar",
                   describe_error(got) if status == "error" else "no error")
        plan = " ".join(r[-1] for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM cases WHERE capes_deadline(capes_deadline(notified_on, "
            "'establishment_draft', calendar), 'agency_draft') = '2016-06-29'"))
        tap.report("cases_agency_due" in plan, "schema: an index on a capes expression is used", plan)
        tap.is_(rows(con, "SELECT id FROM cases WHERE capes_deadline(capes_deadline(notified_on, "
                            "'establishment_draft', calendar), 'agency_draft') = '2016-06-29'"),
                [(1,)], "schema: the indexed expression finds its row")
        tap.is_(value(con, "PRAGMA integrity_check"), "ok", "schema: integrity_check passes with the index")
        for seq, state, day in [(1, "notified", "2016-04-30"), (2, "establishment_draft", "2016-05-20"),
                                (3, "signed", "2016-06-10")]:
            con.execute("INSERT INTO steps VALUES (?, 1, ?, ?)", (seq, state, day))
        con.execute("INSERT INTO steps VALUES (4, 2, 'notified', '2016-11-25')")
        tap.is_(value(con, "SELECT count(*) FROM steps"), 4, "schema: the trigger lets valid steps in")
        message = ("capes_check_transition: notified -> agency_draft refused before 2016-12-28: the establishment "
                   "has 30 days to propose a draft (R162-45-1 I)")
        try:
            con.execute("INSERT INTO steps VALUES (5, 2, 'agency_draft', '2016-12-27')")
            tap.report(False, "schema: the trigger refuses a step with sqlite3.IntegrityError", "no error")
        except sqlite3.IntegrityError as e:
            tap.report(str(e) == message and e.sqlite_errorcode == SQLITE_CONSTRAINT,
                       "schema: the trigger refuses a step with sqlite3.IntegrityError (Alsace-Moselle: 26 Dec)",
                       f"expected {message}", f"got {describe_error(e)}")
        except sqlite3.Error as e:
            tap.report(False, "schema: the trigger refuses a step with sqlite3.IntegrityError", describe_error(e))
        tap.is_(value(con, "SELECT count(*) FROM steps"), 4, "schema: the refused step was not inserted")
        tap.is_(rows(con, "SELECT case_id, state, due FROM current_state ORDER BY case_id"),
                [(1, "signed", "2017-12-31"), (2, "notified", "2016-12-27")],
                "schema: a view with capes_due (a contract signed in 2016 stops producing effects on 2017-12-31)")
        tap.is_(rows(con, "SELECT kind, due FROM case_schedule WHERE case_id = 2"),
                [("establishment_draft", "2016-12-27"), ("agency_draft", "2017-01-26")],
                "schema: a view joining capes_schedule (an innocuous virtual table)")
        tap.is_(rows(con, "SELECT * FROM history_check ORDER BY case_id"), [(1, None), (2, None)],
                "schema: a view with capes_history_error per case")
        tap.is_(value(con, "SELECT count(*) FROM holidays_2016"), 11, "schema: a view over capes_holidays")
        # the control: a function SQLite does not know to be innocuous is refused here
        con.create_function("plain_python", 1, lambda x: x, deterministic=True)
        con.execute("PRAGMA trusted_schema = ON")
        con.execute("CREATE VIEW uses_plain AS SELECT plain_python(1) AS x")
        con.execute("PRAGMA trusted_schema = OFF")
        status, got = outcome(con, "SELECT * FROM uses_plain")
        tap.report(status == "error" and "unsafe use of plain_python()" in str(got),
                   "schema: control: a function that is not innocuous is refused in a view",
                   describe_error(got) if status == "error" else got)
        con.close()


# ---------------------------------------------------------- table functions


def check_tables(tap, con):
    con.executescript("""
        CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, state TEXT, since TEXT, calendar TEXT);
        INSERT INTO t VALUES (1, 'notified', '2016-04-30', 'fr'), (2, 'signed', '2016-02-29', 'none'),
                             (3, 'closed', '2016-01-04', 'fr'), (4, 'penalty_proposed', '2016-11-26', 'fr'),
                             (5, NULL, '2016-01-04', 'fr');
    """)
    per_row = []
    for id_, state, since in con.execute("SELECT id, state, since FROM t ORDER BY id").fetchall():
        for kind, due, article in con.execute("SELECT * FROM capes_schedule(?, ?)", (state, since)):
            per_row.append((id_, kind, due, article))
    joined = con.execute("SELECT t.id, s.kind, s.due, s.article FROM t, capes_schedule(t.state, t.since) AS s "
                         "ORDER BY t.id, s.rowid").fetchall()
    # notified: 2 rows; signed: its end, 4 reports, the lapse of 2017-12-31; penalty_proposed: 1
    tap.report(joined == per_row and len(joined) == 2 + 6 + 1,
               "tables: FROM t, capes_schedule(t.state, t.since) equals one call per row", joined, per_row)
    tap.is_(rows(con, "SELECT s.kind, s.due FROM capes_schedule AS s JOIN t ON s.state = t.state AND "
                        "s.since = t.since AND s.calendar = t.calendar WHERE t.id = 1"),
            [("establishment_draft", "2016-05-30"), ("agency_draft", "2016-06-29")],
            "tables: the arguments as join constraints on the hidden columns")
    tap.is_(rows(con, "SELECT t.id, count(s.kind) FROM t LEFT JOIN capes_schedule(t.state, t.since, t.calendar) "
                        "AS s GROUP BY t.id ORDER BY t.id"),
            [(1, 2), (2, 6), (3, 0), (4, 1), (5, 0)], "tables: LEFT JOIN keeps rows without deadlines")
    tap.is_(rows(con, "SELECT t.id, group_concat(n.state, ',') FROM t, capes_next_states(t.state) AS n "
                        "GROUP BY t.id ORDER BY t.id"),
            [(1, "establishment_draft,agency_draft"), (2, "formal_notice,completed"),
             (4, "signed,observations_received,penalty_decided,closed"), (5, "notified")],
            "tables: capes_next_states per row (NULL: a new case)")
    tap.is_(rows(con, "SELECT y.value, (SELECT count(*) FROM capes_holidays(y.value, 'fr-alsace-moselle')) "
                        "FROM json_each('[2008, 2016]') AS y"), [(2008, 12), (2016, 13)],
            "tables: capes_holidays in a correlated subquery (2008: Ascension on 1 May)")
    tap.is_(rows(con, "SELECT state, since, calendar, kind FROM capes_schedule('refused', '2016-01-04')"),
            [], "tables: a state without deadline has no rows")
    tap.is_(rows(con, "SELECT kind, state, since, calendar FROM capes_schedule(' Formal_Notice ', '2016-01-04', "
                        "'none')"),
            [("cure", " Formal_Notice ", "2016-01-04", "none")], "tables: the hidden columns hold the arguments")
    tap.is_(rows(con, "SELECT day FROM capes_holidays(2016) WHERE day > '2016-11-01'"),
            [("2016-11-11",), ("2016-12-25",)], "tables: capes_holidays with a WHERE on its columns")
    tap.is_(rows(con, "SELECT state, initial, terminal FROM capes_states() WHERE initial OR terminal"),
            [("notified", 1, 0), ("closed", 0, 1)], "tables: capes_states flags are INTEGER 0/1")
    tap.is_(rows(con, "SELECT count(*), count(DISTINCT rule) FROM capes_sources")[0][0] > 0
            and value(con, "SELECT count(*) = count(DISTINCT rule) FROM capes_sources") == 1, True,
            "tables: capes_sources has rows with distinct rules")
    tap.is_(value(con, "SELECT count(*) FROM capes_interpretations WHERE id = 'repeal_date_unconfirmed' "
                       "AND choice LIKE '2017-04-09:%'"), 1, "tables: capes_interpretations lists the repeal date")
    expect_error(tap, con, "SELECT * FROM capes_holidays(2016, 'fr', 3)", (),
                 "too many arguments on capes_holidays() - max 2", name="tables: too many arguments is SQLite's error")
    expect_error(tap, con, "CREATE VIRTUAL TABLE temp.x USING capes_states", (), "no such module: capes_states",
                 name="tables: eponymous only (no CREATE VIRTUAL TABLE)")
    expect_error(tap, con, "SELECT * FROM capes_schedule('notified', '2016-01-04', 'mars')", (),
                 "capes_schedule: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, "
                 "fr-martinique, fr-guyane, fr-reunion, fr-mayotte (got 'mars')",
                 name="tables: the core's error from a table function")
    expect_error(tap, con, "SELECT * FROM capes_schedule('signed', '9996-01-01')", (),
                 "capes_schedule: since must be early enough for the deadline to end by 9999-12-31 (got '9996-01-01')",
                 name="tables: a schedule past 9999 is an error (22008)")


# ---------------------------------------------------------------- aggregates


def check_aggregates(tap, con):
    con.executescript("""
        CREATE TEMP TABLE hist (case_id INTEGER, seq INTEGER, state TEXT, day TEXT);
        INSERT INTO hist VALUES (1, 2, 'establishment_draft', '2016-02-01'), (1, 1, 'notified', '2016-01-04'),
                                (2, 1, 'notified', '2016-01-04'), (2, 2, 'agency_draft', '2016-01-20'),
                                (1, 3, 'signed', '2016-02-15');
        CREATE TEMP TABLE risks (contract INTEGER, risk TEXT, level TEXT, revenue);
        INSERT INTO risks VALUES (1, 'infectious', 'none', 1000000), (1, 'medication', 'partial', '1000000.00'),
                                 (2, 'care_pathway', 'none', 2500000.0), (3, 'infectious', 'complete', 10);
    """)
    tap.is_(rows(con, "SELECT case_id, capes_history_error(state, day) FROM (SELECT * FROM hist ORDER BY "
                        "case_id, seq) GROUP BY case_id"),
            [(1, None), (2, "step 2 (agency_draft on 2016-01-20): notified -> agency_draft refused before "
                            "2016-02-04: the establishment has 30 days to propose a draft (R162-45-1 I)")],
            "aggregates: capes_history_error per case, rows ordered in a subquery")
    tap.is_(value(con, "SELECT capes_history_error(state, day) FROM (SELECT * FROM hist WHERE case_id = 1 "
                       "ORDER BY seq DESC)"),
            "step 1 (signed on 2016-02-15): (none) -> signed refused: a case starts with notified "
            "(R162-45-1 I al. 1)", "aggregates: the steps are checked in the order they arrive")
    tap.is_(rows(con, "SELECT contract, printf('%.4f', capes_contract_rate(risk, level)), printf('%.2f', "
                        "capes_contract_penalty(risk, level, revenue)) FROM risks GROUP BY contract"),
            [(1, "0.0033", "3300.00"), (2, "0.0033", "8250.00"), (3, "0.0000", "0.00")],
            "aggregates: capes_contract_rate and capes_contract_penalty per contract, mixed revenue types")
    expect_error(tap, con, "SELECT capes_contract_penalty(risk, level, revenue) FROM (SELECT 'infectious' AS risk, "
                           "'none' AS level, 100 AS revenue UNION ALL SELECT 'medication', 'none', 100.01)", (),
                 "capes_contract_penalty: revenue must be the same on every row of a contract (got 100.00 and "
                 "100.01)", name="aggregates: a revenue that differs between rows is an error")


# ----------------------------------------------------------------- catalog


def catalog(catalog_path):
    """The core's catalog (core/catalog.c, as build/catalog.json): (name, min_args, max_args,
    KIND, function)."""
    with open(catalog_path, encoding="utf-8") as f:
        functions = json.load(f)["functions"]
    return [(f["name"], f["min_args"], f["max_args"], f["kind"].upper(), f) for f in functions]


def hidden_name(f, arg):
    """A table function's argument is a HIDDEN column of its name, or from_NAME when one of
    the columns already has that name (capes_next_states: from_state)."""
    return "from_" + arg["name"] if any(c["name"] == arg["name"] for c in f["columns"]) else arg["name"]


def check_catalog(tap, con, catalog_path):
    functions = catalog(catalog_path)
    tap.report(len(functions) >= 21, f"catalog: {len(functions)} functions read from {catalog_path}")
    listed = {(r[0], r[1]): r for r in con.execute(
        "SELECT name, narg, type, flags FROM pragma_function_list WHERE name LIKE 'capes%'")}
    modules = {r[0] for r in con.execute("SELECT name FROM pragma_module_list WHERE name LIKE 'capes%'")}
    wanted = set()
    for name, lo, hi, kind, f in functions:
        problems = []
        if kind == "TABLE":
            if name not in modules:
                problems.append("not in pragma_module_list")
            # the columns, then the arguments as HIDDEN columns (hidden = 1 in table_xinfo)
            got = [(r[1], r[6]) for r in con.execute(f"SELECT * FROM pragma_table_xinfo('{name}')")]
            want = [(c["name"], 0) for c in f["columns"]] + [(hidden_name(f, a), 1) for a in f["args"]]
            if got != want:
                problems.append(f"columns {got}, want {want} (the catalog's columns, then its arguments hidden)")
            for n in range(lo, hi + 2):
                sql = f"SELECT * FROM {name}({', '.join(['NULL'] * n)})"
                status, got = outcome(con, sql)
                accepted = status == "ok" or "(got no argument)" in str(got)
                if accepted != (n <= hi):
                    problems.append(f"{sql}: {got}")
        else:
            for n in range(lo, hi + 1):
                wanted.add((name, n))
                row = listed.get((name, n))
                if row is None:
                    problems.append(f"no registration with {n} arguments")
                elif row[2] != ("w" if kind == "AGGREGATE" else "s") \
                        or row[3] & 0x200800 != 0x200800:
                    problems.append(f"{n} arguments: type {row[2]}, flags {row[3]:#x} (want deterministic, innocuous)")
            for n in (lo - 1, hi + 1):
                if (name, n) in listed:
                    problems.append(f"registered with {n} arguments")
        tap.report(not problems, f"catalog: {name} ({kind.lower()}) with {lo} to {hi} arguments", *problems)
    extra = sorted(set(listed) - wanted) + sorted(modules - {f[0] for f in functions if f[3] == "TABLE"})
    tap.report(not extra, "catalog: capes.so registers nothing outside capes_functions[]", extra)


# One case with a term at its first signature; the same rows and answers as
# tests/pg/extension.sql's window tests (docs/rules.md#histories).
WINDOW_STEPS = """
    CREATE TEMP TABLE win (case_id INTEGER, seq INTEGER, state TEXT, day TEXT, until TEXT);
    INSERT INTO win VALUES (1, 1, 'notified', '2016-01-04', NULL), (1, 2, 'establishment_draft', '2016-01-20', NULL),
                           (1, 3, 'signed', '2016-02-10', '2017-06-30'), (1, 4, 'completed', '2017-06-01', NULL),
                           (2, 1, 'notified', '2016-01-04', NULL), (2, 2, 'establishment_draft', '2016-01-20', NULL);
"""
WINDOW_ROWS = [
    (1, 1, None, "2016-02-03"), (1, 2, None, "2016-02-19"), (1, 3, None, "2017-06-30"),
    (1, 4, "step 4 (completed on 2017-06-01): signed -> completed refused before 2017-06-30: the contract runs "
           "until 2017-06-30 (R162-45-1 I al. 4)", None),
    (2, 1, None, "2016-02-03"), (2, 2, None, "2016-02-19")]


def check_windows(tap, con):
    """The history aggregates as window functions: over a running frame each row gets the
    answer for the steps up to it; a frame whose start moves is refused."""
    con.executescript(WINDOW_STEPS)
    tap.is_(rows(con, "SELECT case_id, seq, capes_history_error(state, day, 'fr', until) OVER w, "
                      "capes_history_due(state, day, 'fr', until) OVER w FROM win "
                      "WINDOW w AS (PARTITION BY case_id ORDER BY seq) ORDER BY case_id, seq"),
            WINDOW_ROWS, "windows: capes_history_error and capes_history_due over a running frame, row by row")
    tap.is_(rows(con, "SELECT seq, capes_history_check(state, day, 'fr', until) OVER (ORDER BY seq ROWS BETWEEN "
                      "UNBOUNDED PRECEDING AND CURRENT ROW) FROM win WHERE case_id = 1 AND seq < 4 ORDER BY seq"),
            [(1, 1), (2, 1), (3, 1)], "windows: capes_history_check over a running frame")
    expect_error(tap, con, "SELECT capes_history_check(state, day, 'fr', until) OVER (PARTITION BY case_id "
                           "ORDER BY seq) FROM win", (),
                 "capes_history_check: step 4 (completed on 2017-06-01): signed -> completed refused before "
                 "2017-06-30: the contract runs until 2017-06-30 (R162-45-1 I al. 4)", SQLITE_CONSTRAINT,
                 "windows: capes_history_check raises at the first invalid step")
    for fn in ("capes_history_error", "capes_history_check", "capes_history_due"):
        expect_error(tap, con, f"SELECT {fn}(state, day) OVER (PARTITION BY case_id ORDER BY seq ROWS BETWEEN "
                               "1 PRECEDING AND CURRENT ROW) FROM win", (),
                     f"{fn}: the window frame must be a running frame, from UNBOUNDED PRECEDING (got a frame "
                     "whose start moves)", SQLITE_ERROR, f"windows: {fn} refuses a frame whose start moves")
    tap.is_(rows(con, "SELECT capes_history_due(state, day) OVER (ORDER BY seq ROWS BETWEEN 1 PRECEDING AND "
                      "CURRENT ROW) FROM win WHERE case_id = 2 ORDER BY seq"),
            [("2016-02-03",), ("2016-02-19",)],
            "windows: a moving frame that has not moved yet (two rows) still answers, as in PostgreSQL")


# Contracts whose rows leave a sliding frame: the same rows and answers as
# tests/pg/extension.sql's (docs/rules.md#contracts).
CONTRACT_WINDOW_ROWS = """
    CREATE TEMP TABLE cwin (c INTEGER, seq INTEGER, risk TEXT, level TEXT, rev);
    INSERT INTO cwin VALUES (1, 1, 'infectious', 'none', 1000000), (1, 2, 'medication', 'partial', 1000000),
                            (1, 3, 'care_pathway', 'none', 1000000), (2, 1, 'infectious', 'none', 500000),
                            (2, 2, 'infectious', 'partial', 500000), (3, 1, 'infectious', 'none', NULL),
                            (3, 2, 'medication', NULL, 10), (3, 3, 'care_pathway', 'complete', 10);
"""


def check_contract_windows(tap, con):
    """The contract aggregates as window functions over any frame: a row that leaves the
    frame leaves the contract (xInverse), as PostgreSQL counts each frame again."""
    con.executescript(CONTRACT_WINDOW_ROWS)
    tap.is_(rows(con, "SELECT c, seq, capes_contract_rate(risk, level) OVER w, "
                      "capes_contract_penalty(risk, level, rev) OVER w FROM cwin WHERE c IN (1, 3) "
                      "WINDOW w AS (PARTITION BY c ORDER BY seq ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) "
                      "ORDER BY c, seq"),
            [(1, 1, 0.0033, 3300.0), (1, 2, 0.0033, 3300.0), (1, 3, 0.0033, 3300.0),
             (3, 1, 0.0033, None), (3, 2, None, None), (3, 3, None, None)],
            "windows: the contract aggregates over a sliding frame (rows leave it; a NULL level or revenue, "
            "then not)")
    tap.is_(rows(con, "SELECT seq, capes_contract_rate(risk, level) OVER (PARTITION BY c) FROM cwin WHERE c = 1 "
                      "ORDER BY seq"),
            [(1, 0.005), (2, 0.005), (3, 0.005)], "windows: the contract aggregates over the whole partition")
    expect_error(tap, con, "SELECT capes_contract_rate(risk, level) OVER (PARTITION BY c ORDER BY seq) FROM cwin "
                           "WHERE c = 2", (),
                 "capes_contract_rate: risk must be listed once per contract (got 'infectious' twice)",
                 SQLITE_ERROR, "windows: a risk twice in a frame is the aggregate's error")


def check_explanations(tap, con):
    """Explanations checked by hand (docs/rules.md#explanations), and SQLite's own inputs: a REAL
    revenue shows its rounding, a join passes each row's arguments, an error names the function."""
    tap.is_(rows(con, "SELECT step, day, article FROM capes_explain_deadline('2016-02-27', 'observations')"),
            [("start", "2016-02-27", "CPC 640"), ("delay", "2016-03-28", "CPC 641 al. 1"),
             ("skipped", "2016-03-28", "CPC 642 al. 2"), ("result", "2016-03-29", "R162-45-2 III")],
            "explanations: 30 days from 2016-02-27 end on Easter Monday and move to 2016-03-29")
    tap.is_(value(con, "SELECT rule FROM capes_explain_deadline('2016-02-29', 'annual_report') WHERE step = 'delay'"),
            "12 months added: no day 29 in 2017-02, the last day of the month",
            "explanations: the month-end rule of CPC 641 al. 2")
    tap.is_(rows(con, "SELECT \"check\", passed FROM capes_explain_transition('notified', 'agency_draft', "
                      "'2016-03-01', '2016-03-20')"),
            [("transition table", 1), ("guard 1: date order", 1), ("guard 8: lapse", 1),
             ("guard 2: establishment's draft", 0), ("term", 1), ("verdict", 0)],
            "explanations: a refused step shows its failed check, the ones after it and the verdict")
    tap.is_(rows(con, "SELECT step, value, rule FROM capes_explain_penalty(2, 'partial', 0.285) WHERE step IN "
                      "('revenue', 'maximum')"),
            [("revenue", "0.28", "the REAL given, 0.28499999999999998 in binary, rounded to the nearest cent, "
                                 "halves away from zero (docs/rules.md#revenue)"),
             ("maximum", "0.00", "the maximum penalty")],
            "explanations: a REAL revenue is shown rounded to its nearest cent")
    tap.is_(rows(con, "SELECT value FROM capes_explain_penalty(1, 'none', 1000) WHERE step = 'revenue'"), [("1000.00",)],
            "explanations: an INTEGER revenue is whole euros")
    tap.is_(rows(con, "SELECT t.d, e.day FROM (SELECT '2016-02-27' AS d UNION ALL SELECT '2016-03-01') AS t, "
                      "capes_explain_deadline(t.d, 'observations') AS e WHERE e.step = 'result' ORDER BY t.d"),
            [("2016-02-27", "2016-03-29"), ("2016-03-01", "2016-03-31")],
            "explanations: in a join, each row's explanation")
    expect_error(tap, con, "SELECT * FROM capes_explain_penalty(4, 'none', 1)", (),
                 "capes_explain_penalty: risks must be a number of risks from 0 to 3 (got 4)")
    expect_error(tap, con, "SELECT * FROM capes_explain_deadline('2016-02-27')", (),
                 "capes_explain_deadline: kind must be one of establishment_draft, agency_draft, signature, "
                 "contract_end, annual_report, cure, observations, reassessment as text (got no argument)")
    tap.is_(value(con, "SELECT count(*) FROM capes_explain_transition('notified', NULL, '2016-01-04', '2016-02-01')"),
            0, "explanations: a NULL that gives capes_transition_error NULL gives no rows")
    # capes_history_trace: an aggregate, and a window function over a running frame
    con.executescript("""
        CREATE TEMP TABLE trace_steps (seq INTEGER, state TEXT, day TEXT, until TEXT);
        INSERT INTO trace_steps VALUES (1, 'notified', '2016-01-04', NULL), (2, 'establishment_draft', '2016-01-20', NULL),
                                       (3, 'signed', '2016-02-10', '2017-06-30'), (4, 'completed', '2017-06-01', NULL),
                                       (5, 'closed', '2017-07-01', NULL);
    """)
    whole = json.loads(value(con, "SELECT capes_history_trace(state, day, 'fr', until) FROM "
                                  "(SELECT * FROM trace_steps ORDER BY seq)"))
    tap.is_([(x["step"], x["state"], x["valid"], x["due"]) for x in whole],
            [(1, "notified", True, "2016-02-03"), (2, "establishment_draft", True, "2016-02-19"),
             (3, "signed", True, "2017-06-30"), (4, "completed", False, None), (5, "closed", None, None)],
            "capes_history_trace: each step's verdict and running deadline, none checked after the invalid one")
    tap.is_([(c["check"], c["passed"]) for c in whole[3]["checks"]][-2:], [("guard 9: contract's end", False),
                                                                          ("term", True)],
            "capes_history_trace: the invalid step shows its failed guard 9 and the check after it")
    tap.is_(whole[3]["reason"], value(con, "SELECT capes_history_error(state, day, 'fr', until) FROM "
                                           "(SELECT * FROM trace_steps ORDER BY seq)"),
            "capes_history_trace: the invalid step's reason is capes_history_error's")
    running = [json.loads(r[0]) for r in con.execute(
        "SELECT capes_history_trace(state, day, 'fr', until) OVER (ORDER BY seq) FROM trace_steps ORDER BY seq")]
    tap.is_([len(r) for r in running] + [running[-1] == whole], [1, 2, 3, 4, 5, True],
            "capes_history_trace over a running frame: each row gets the steps up to it")
    expect_error(tap, con, "SELECT capes_history_trace(state, day) OVER (ORDER BY seq ROWS BETWEEN 1 PRECEDING AND "
                           "CURRENT ROW) FROM trace_steps", (),
                 "capes_history_trace: the window frame must be a running frame, from UNBOUNDED PRECEDING "
                 "(got a frame whose start moves)")
    tap.is_(value(con, "SELECT capes_history_trace(state, day) FROM trace_steps WHERE 0"), "[]",
            "capes_history_trace of no rows is []")


def run(tap, con, extension, catalog_path):
    groups = [
        ("money", lambda: check_money(tap, con)),
        ("type", lambda: check_types(tap, con)),
        ("whole", lambda: check_whole(tap, con)),
        ("null", lambda: check_nulls(tap, con)),
        ("schema", lambda: check_schema(tap, extension)),
        ("tables", lambda: check_tables(tap, con)),
        ("aggregates", lambda: check_aggregates(tap, con)),
        ("windows", lambda: check_windows(tap, con)),
        ("contract windows", lambda: check_contract_windows(tap, con)),
        ("catalog", lambda: check_catalog(tap, con, catalog_path)),
        ("explanations", lambda: check_explanations(tap, con)),
    ]
    for name, group in groups:
        try:
            group()
        except Exception:  # a check that cannot go on is one failure, and the others still run
            tap.report(False, f"{name}: stopped by an unexpected error", traceback.format_exc())
