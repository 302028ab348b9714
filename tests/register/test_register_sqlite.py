#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The case register on SQLite (sql/register-sqlite.sql): tables, triggers, views.

Prints TAP (one "ok N - what" line per check). Run with the system's Python, whose
sqlite3 module can load extensions:

    /usr/bin/python3 tests/register/test_register_sqlite.py --extension build/capes \
        --register sql/register-sqlite.sql --demo sql/demo.sql \
        --register-1-0 tests/upgrade/register-sqlite-1.0.sql --migration sql/register-sqlite--1.0--1.1.sql

Expected messages and dates are written out by hand from docs/rules.md (deadlines, procedure) and the law, not
read back from capes.
"""
import argparse
import os
import sqlite3
import sys
import tempfile
import traceback

SQLITE_CONSTRAINT = 19

N = 0
FAILED = 0


def tap(ok, what, detail=None):
    global N, FAILED
    N += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (N, what))
    if not ok:
        FAILED += 1
        if detail:
            for line in str(detail).splitlines():
                print("#   " + line)
    sys.stdout.flush()
    return ok


def is_(got, want, what):
    return tap(got == want, what, "got:  %r\nwant: %r" % (got, want))


ARGS = None


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def connect(register=None, capes=True):
    """A register (ARGS.register unless given; "" for none) in a new database in memory."""
    db = sqlite3.connect(":memory:", isolation_level=None)  # autocommit: one statement, one transaction
    if capes:
        db.enable_load_extension(True)
        db.load_extension(ARGS.extension)
        db.enable_load_extension(False)
    db.execute("PRAGMA foreign_keys = ON")
    register = ARGS.register if register is None else register
    if register:
        db.executescript(read(register))
    return db


def base():
    """A register with one establishment per calendar the tests need."""
    db = connect()
    db.executemany("INSERT INTO establishment (finess, name, calendar) VALUES (?, ?, ?)", [
        ("750000011", "Paris", "fr"),
        ("2A0000011", "Ajaccio", "fr"),
        ("971000011", "Pointe-à-Pitre", "fr-guadeloupe"),
        ("974000011", "Saint-Denis", "fr-reunion"),
    ])
    return db


def new_case(db, case_id, finess="750000011", revenue="1000000.00", closed_year=None):
    """revenue: revenue_last_execution_year; closed_year: revenue_last_closed_year (default: the same)."""
    db.execute("INSERT INTO case_file (case_id, finess, revenue_last_execution_year, revenue_last_closed_year) "
               "VALUES (?, ?, ?, ?)", (case_id, finess, revenue, revenue if closed_year is None else closed_year))


def add_steps(db, case_id, steps, first_seq=1):
    """steps: [(state, date)] or [(state, date, until, amount)], one INSERT per step."""
    for i, step in enumerate(steps):
        state, day, until, amount = tuple(step) + (None,) * (4 - len(step))
        db.execute("INSERT INTO case_step (case_id, seq, state, occurred_on, until, amount) VALUES (?, ?, ?, ?, ?, ?)",
                   (case_id, first_seq + i, state, day, until, amount))


def add_steps_at_once(db, case_id, steps, first_seq=1):
    """steps in one multi-row INSERT statement."""
    values = ", ".join("(?, ?, ?, ?)" for _ in steps)
    params = []
    for i, (state, day) in enumerate(steps):
        params += [case_id, first_seq + i, state, day]
    db.execute("INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES " + values, params)


def history(db, case_id):
    return [tuple(r) for r in db.execute(
        "SELECT state, occurred_on FROM case_step WHERE case_id = ? ORDER BY seq", (case_id,))]


def current(db, case_id):
    return tuple(db.execute("SELECT state, since FROM case_current WHERE case_id = ?", (case_id,)).fetchone())


def refused(db, sql, params, message, what, constraint=True):
    """sql must fail with exactly message; a refused step with SQLITE_CONSTRAINT."""
    try:
        db.execute(sql, params)
    except sqlite3.Error as e:
        ok = str(e) == message
        code = getattr(e, "sqlite_errorcode", None)
        if constraint:
            ok = ok and isinstance(e, sqlite3.IntegrityError) and (code is None or code & 0xFF == SQLITE_CONSTRAINT)
        return tap(ok, what, "got:  %s %r (code %s)\nwant: %r" % (type(e).__name__, str(e), code, message))
    return tap(False, what, "accepted; want: %r" % message)


def step_refused(db, case_id, seq, state, day, message, what, constraint=True, until=None, amount=None):
    return refused(db, "INSERT INTO case_step (case_id, seq, state, occurred_on, until, amount) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                   (case_id, seq, state, day, until, amount), message, what, constraint)


def accepted(db, case_id, steps, what, first_seq=1):
    try:
        add_steps(db, case_id, steps, first_seq)
        return tap(True, what)
    except sqlite3.Error as e:
        return tap(False, what, e)


HC = "capes_history_check: "


def CT(n, state, day):
    """The start of the trigger's refusal of step n: capes_history_check names the step."""
    return HC + "step %d (%s on %s): " % (n, state, day)

SIGNED_COMPLETED_CLOSED = [("notified", "2016-01-04"), ("establishment_draft", "2016-01-25"),
                           ("signed", "2016-02-15"), ("completed", "2020-02-15"), ("closed", "2020-03-01")]
# notified 2016-03-01 (fr): the establishment's 30 days end 2016-03-31, the agency drafts from 04-01; the
# hearing's default delay (30 days, by analogy with R162-45-2 III) ends 2016-05-25
REFUSED_PENALTY_RECOVERY = [("notified", "2016-03-01"), ("agency_draft", "2016-04-01"), ("refused", "2016-04-20"),
                            ("refusal_hearing", "2016-04-25"), ("refusal_penalty", "2016-06-01"),
                            ("recovery_notified", "2016-06-15"), ("closed", "2016-07-01")]
# the formal notice's default delay: one year, to 2017-06-01
PENALTY_PATH = [("notified", "2015-11-22"), ("establishment_draft", "2015-12-21"), ("signed", "2016-01-15"),
                ("formal_notice", "2016-06-01"), ("penalty_proposed", "2017-06-02"),
                ("observations_received", "2017-06-20"), ("penalty_decided", "2017-07-20"),
                ("recovery_notified", "2017-08-01"), ("closed", "2017-08-15")]


def test_schema():
    db = connect()
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view', 'trigger')")}
    is_([r[0] for r in db.execute("SELECT name FROM pragma_table_info('case_step') ORDER BY cid")],
        ["case_id", "seq", "state", "occurred_on", "note", "recorded_at", "until", "amount"],
        "case_step: until and amount come last, as in a register migrated from 1.0")
    is_([r[0] for r in db.execute("SELECT name FROM pragma_table_info('case_file') ORDER BY cid")],
        ["case_id", "finess", "revenue_last_execution_year", "revenue_last_closed_year"],
        "case_file: the two revenues, each named for its legal base")
    is_(db.execute("SELECT count(*) FROM temp.sqlite_schema").fetchone()[0], 0,
        "loading leaves no temporary object behind")
    want = {"establishment", "case_file", "case_risk", "case_step", "case_step_insert", "case_step_no_update",
            "case_step_no_delete", "case_file_keep_finess", "case_current", "case_due", "case_overdue",
            "case_max_penalty", "case_invalid_history"}
    tap(want <= names, "register loads: tables, triggers and views", "missing: %s" % (want - names))


def test_establishment():
    db = connect()
    ins = "INSERT INTO establishment (finess, name, calendar) VALUES (?, ?, ?)"
    try:
        db.execute(ins, ("2A0000011", "Ajaccio", "fr"))
        db.execute(ins, ("2B0000011", "Bastia", "fr"))
        db.execute(ins, ("976000011", "Mamoudzou", "fr-mayotte"))
        db.execute("INSERT INTO establishment (finess, name) VALUES ('750000011', 'Paris')")
        tap(True, "establishment: FINESS 2A/2B and digits accepted")
    except sqlite3.Error as e:
        tap(False, "establishment: FINESS 2A/2B and digits accepted", e)
    is_(db.execute("SELECT calendar FROM establishment WHERE finess = '750000011'").fetchone()[0], "fr",
        "establishment: calendar defaults to fr")
    for finess, why in [("2C0000011", "2C"), ("75000001", "8 characters"), ("7500000111", "10 characters"),
                        ("75000001X", "a letter"), ("A20000011", "A2"), ("2a0000011", "lower-case 2a")]:
        refused(db, ins, (finess, "x", "fr"), "CHECK constraint failed: finess_format",
                "establishment: FINESS %r (%s) refused" % (finess, why), constraint=True)
    refused(db, ins, ("750000029", "x", "fr-corse"),
            "capes_is_working_day: calendar must be one of none, fr, fr-alsace-moselle, fr-guadeloupe, "
            "fr-martinique, fr-guyane, fr-reunion, fr-mayotte (got 'fr-corse')",
            "establishment: unknown calendar refused by capes with its message", constraint=False)
    refused(db, ins, ("750000029", "x", "FR"), "CHECK constraint failed: calendar_known",
            "establishment: calendar stored in capes' lower-case code")
    refused(db, ins, ("750000029", "x", None), "NOT NULL constraint failed: establishment.calendar",
            "establishment: NULL calendar refused")
    refused(db, ins, ("750000029", " ", "fr"), "CHECK constraint failed: name_not_blank",
            "establishment: blank name refused")


def test_case_file():
    db = base()
    for column in ["revenue_last_execution_year", "revenue_last_closed_year"]:
        revenue_column(db, column)
    refused(db, "INSERT INTO case_file (finess) VALUES ('750000099')", (), "FOREIGN KEY constraint failed",
            "case_file: unknown establishment refused")
    db.execute("INSERT INTO case_file (case_id, finess) VALUES (100, '750000011')")
    add_steps(db, 100, [("notified", "2016-01-04")])
    refused(db, "UPDATE case_file SET finess = '971000011' WHERE case_id = 100", (),
            "case_file: a case with logged steps keeps its establishment",
            "case_file: a case with steps cannot move to another establishment (and calendar)")


def revenue_column(db, column):
    db.execute("DELETE FROM case_file WHERE case_id NOT IN (SELECT case_id FROM case_step)")
    ins = "INSERT INTO case_file (finess, %s) VALUES ('750000011', ?)" % column
    good = ["182450000.00", "46380250.5", "0", "10000000000000.00", None, 1234, 1234.5]
    try:
        for r in good:
            db.execute(ins, (r,))
        tap(True, "case_file.%s: decimal revenues (text, integer, one decimal, 0, 10^13, NULL) accepted" % column)
    except sqlite3.Error as e:
        tap(False, "case_file.%s: decimal revenues accepted" % column, e)
    is_([r[0] for r in db.execute("SELECT %s FROM case_file ORDER BY case_id" % column)],
        ["182450000.00", "46380250.5", "0", "10000000000000.00", None, "1234", "1234.5"],
        "case_file.%s: kept as the exact text" % column)
    for r in ["1.234", "-5", "abc", "1e3", "12,50", " 12", "1.2.3", "12.", ".5"]:
        refused(db, ins, (r,), "CHECK constraint failed: %s_decimal" % column,
                "case_file.%s: %r refused" % (column, r))
    refused(db, ins, ("10000000000000.01",),
            "capes_refusal_penalty: revenue must be an amount from 0 to 10000000000000 (got '10000000000000.01')",
            "case_file.%s: above 10^13 euros refused by capes" % column, constraint=False)


def test_case_risk():
    db = base()
    new_case(db, 1)
    ins = "INSERT INTO case_risk (case_id, risk, degree) VALUES (1, ?, ?)"
    db.execute(ins, ("infectious", "none"))
    db.execute(ins, ("medication", None))
    db.execute(ins, ("care_pathway", "complete"))
    tap(True, "case_risk: the three risks, with a degree or none yet")
    refused(db, ins, ("infectious", "partial"), "UNIQUE constraint failed: case_risk.case_id, case_risk.risk",
            "case_risk: a risk twice in one case refused (so at most three rows)")
    db2 = base()
    new_case(db2, 1)
    refused(db2, ins, ("infectieux", "none"), "CHECK constraint failed: risk_code",
            "case_risk: French alias refused, canonical codes only")
    refused(db2, ins, ("infectious", "partiellement"), "CHECK constraint failed: degree_code",
            "case_risk: degree alias refused, canonical codes only")
    refused(db2, "INSERT INTO case_risk (case_id, risk, degree) VALUES (9, 'infectious', 'none')", (),
            "FOREIGN KEY constraint failed", "case_risk: unknown case refused")


def test_paths():
    db = base()
    for case_id, steps, how, what in [
            (1, SIGNED_COMPLETED_CLOSED, add_steps, "signed, completed, closed (one INSERT per step)"),
            (2, REFUSED_PENALTY_RECOVERY, add_steps, "refused, hearing, refusal penalty, recovery, closed"),
            (3, PENALTY_PATH, add_steps_at_once,
             "formal notice, penalty proposed, observations, decided, recovery, closed (one multi-row INSERT)")]:
        new_case(db, case_id)
        try:
            how(db, case_id, steps)
            is_(history(db, case_id), steps, "path accepted: " + what)
        except sqlite3.Error as e:
            tap(False, "path accepted: " + what, e)
        is_(current(db, case_id), steps[-1], "case_current after the path: %s on %s" % steps[-1])
    # the other ways back into a running contract (docs/rules.md#transitions), each delay fixed (until)
    new_case(db, 4)
    more = [("notified", "2016-02-01"), ("establishment_draft", "2016-02-10"), ("agency_draft", "2016-02-20"),
            ("refused", "2016-03-01"), ("signed", "2016-03-10", "2019-03-09"),
            ("formal_notice", "2016-06-01", "2016-09-01"), ("signed", "2016-09-15"),
            ("formal_notice", "2016-10-03", "2016-12-01"), ("penalty_proposed", "2016-12-02"),
            ("signed", "2016-12-20", "2019-03-09"), ("formal_notice", "2017-01-09", "2017-02-28"),
            ("penalty_proposed", "2017-03-01"), ("penalty_decided", "2017-04-03"),
            ("recovery_notified", "2017-04-10"), ("signed", "2017-05-02")]
    try:
        add_steps(db, 4, more)
        is_(len(history(db, 4)), len(more), "path accepted: drafts by both, refusal then signature for three years, "
                                            "gaps reduced, penalty dropped, penalty decided after 30 days, "
                                            "contract goes on (returns with no term or the contract's end)")
    except sqlite3.Error as e:
        tap(False, "path accepted: the other ways back to signed", e)
    is_(db.execute("SELECT until FROM case_step WHERE case_id = 4 AND seq = 5").fetchone()[0], "2019-03-09",
        "the term fixed at the first signature is logged")
    is_(db.execute("SELECT due FROM case_due WHERE case_id = 4").fetchone()[0], "2017-12-31",
        "case_due after a return to signed: the contract's end from its first signature, or its lapse "
        "on 2017-12-31 when earlier (décret 2017-584 art. 2)")
    is_(db.execute("SELECT count(*) FROM case_invalid_history").fetchone()[0], 0,
        "case_invalid_history: empty when every step went through the trigger")


def test_refusals():
    db = base()
    new_case(db, 1)
    step_refused(db, 1, 1, "signed", "2016-01-04",
                 CT(1, "signed", "2016-01-04") + "(none) -> signed refused: a case starts with notified "
                 "(R162-45-1 I al. 1)",
                 "refused: a case that does not start with notified")
    step_refused(db, 1, 1, "notified", "2015-11-21",
                 CT(1, "notified", "2015-11-21") + "(none) -> notified refused on 2015-11-21: R162-45 to "
                 "R162-45-2 apply from 2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)",
                 "refused (guard 4): a case notified the day before R162-45 came into force")
    step_refused(db, 1, 1, "notified", "2017-04-09",
                 CT(1, "notified", "2017-04-09") + "(none) -> notified refused on 2017-04-09: R162-45 to "
                 "R162-45-2 apply from 2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)",
                 "refused (guard 4): a case notified the day after the repeal (décret 2017-500, JO of 2017-04-08)")
    new_case(db, 2)
    accepted(db, 2, [("notified", "2017-04-08")], "accepted: a case notified on the last day in force, 2017-04-08")

    # guard 2: notified -> agency_draft, in the case's calendar (fr: 1 May 2016 is a Sunday and a holiday)
    add_steps(db, 1, [("notified", "2016-04-01")])
    step_refused(db, 1, 2, "signed", "2016-04-15",
                 CT(2, "signed", "2016-04-15") + "notified -> signed refused: from notified the next steps are "
                 "establishment_draft, agency_draft (R162-45-1 I al. 1)",
                 "refused: a move the transition table does not have, with the next steps allowed")
    step_refused(db, 1, 2, "agency_draft", "2016-05-02",
                 CT(2, "agency_draft", "2016-05-02") + "notified -> agency_draft refused before 2016-05-03: the "
                 "establishment has 30 days to propose a draft (R162-45-1 I)",
                 "refused (guard 2): agency draft on the establishment's last day (30 days end on Sunday 1 May, "
                 "extended)")
    accepted(db, 1, [("agency_draft", "2016-05-03")],
             "accepted: agency draft on the first day after the establishment's 30 days", first_seq=2)

    # the same dates in two calendars: 27 May is a holiday in Guadeloupe only
    new_case(db, 3, finess="971000011")
    new_case(db, 4, finess="750000011")
    add_steps(db, 3, [("notified", "2016-04-27")])
    add_steps(db, 4, [("notified", "2016-04-27")])
    step_refused(db, 3, 2, "agency_draft", "2016-05-30",
                 CT(2, "agency_draft", "2016-05-30") + "notified -> agency_draft refused before 2016-05-31: the "
                 "establishment has 30 days to propose a draft (R162-45-1 I)",
                 "refused: the case's calendar is used (fr-guadeloupe: 27 May is a holiday, 30 days end 30 May)")
    try:
        add_steps(db, 4, [("agency_draft", "2016-05-28")], first_seq=2)
        add_steps(db, 3, [("agency_draft", "2016-05-31")], first_seq=2)
        tap(True, "accepted: agency draft from 2016-05-28 in fr, from 2016-05-31 in fr-guadeloupe")
    except sqlite3.Error as e:
        tap(False, "accepted: agency draft from 2016-05-28 in fr, from 2016-05-31 in fr-guadeloupe", e)

    # guard 3: penalty_proposed -> penalty_decided (14 July 2016 is a holiday: the 30 days end on the 15th)
    new_case(db, 5)
    add_steps(db, 5, [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("signed", "2016-02-01"),
                      ("formal_notice", "2016-03-01", "2016-06-13"), ("penalty_proposed", "2016-06-14")])
    step_refused(db, 5, 6, "penalty_decided", "2016-07-15",
                 CT(6, "penalty_decided", "2016-07-15") + "penalty_proposed -> penalty_decided refused before "
                 "2016-07-16: the establishment has 30 days to send its written observations (R162-45-2 III)",
                 "refused (guard 3): penalty decided on the last day for observations (14 July extended to the 15th)")
    accepted(db, 5, [("penalty_decided", "2016-07-16")],
             "accepted: penalty decided on the first day after the 30 days for observations", first_seq=6)

    # guard 1 and the rest of the table
    step_refused(db, 5, 7, "recovery_notified", "2016-07-15",
                 CT(7, "recovery_notified", "2016-07-15") + "penalty_decided -> recovery_notified refused on "
                 "2016-07-15: a step cannot come before the previous one, of 2016-07-16 (R162-45-1 II, R162-45-2 III)",
                 "refused (guard 1): a step dated before the previous one")
    accepted(db, 5, [("recovery_notified", "2016-07-16"), ("closed", "2016-07-16")],
             "accepted: two steps on the same day as the previous one", first_seq=7)
    step_refused(db, 5, 9, "notified", "2016-08-01",
                 CT(9, "notified", "2016-08-01") + "closed -> notified refused: closed is a terminal state",
                 "refused: any step after closed")

    # register rules around the check
    step_refused(db, 5, 8, "signed", "2016-08-01",
                 "case_step: seq must be the seq of the case's last step + 1 (1 for its first step)",
                 "refused: a seq that repeats the case's last one")
    step_refused(db, 5, 10, "signed", "2016-08-01",
                 "case_step: seq must be the seq of the case's last step + 1 (1 for its first step)",
                 "refused: a seq that skips a number")
    step_refused(db, 99, 1, "notified", "2016-08-01", "case_step: no case_file row with this case_id",
                 "refused: a step for a case that does not exist")
    new_case(db, 6)
    step_refused(db, 6, 1, None, "2016-01-04", "NOT NULL constraint failed: case_step.state",
                 "refused: NULL state (left to NOT NULL)")
    step_refused(db, 6, 1, "notified", None, "NOT NULL constraint failed: case_step.occurred_on",
                 "refused: NULL date")
    step_refused(db, 6, None, "notified", "2016-01-04", "NOT NULL constraint failed: case_step.seq",
                 "refused: NULL seq")
    step_refused(db, 6, 1, "NOTIFIED", "2016-01-04",
                 "case_step: state must be written as in capes_states (lower case, no spaces)",
                 "refused: a state capes reads but not in its canonical spelling")
    step_refused(db, 6, 1, "notifié", "2016-01-04",
                 HC + "state must be one of notified, establishment_draft, agency_draft, signed, refused, "
                 "refusal_hearing, refusal_penalty, formal_notice, penalty_proposed, observations_received, "
                 "penalty_decided, recovery_notified, completed, closed (got 'notifié')",
                 "refused: an unknown state, with capes' message", constraint=False)
    step_refused(db, 6, 1, "notified", "2016-02-30",
                 HC + "occurred_on must be a date 'YYYY-MM-DD' (got '2016-02-30')",
                 "refused: an impossible date, with capes' message", constraint=False)
    step_refused(db, 6, 1, "notified", "2016-01-04 10:00", "CHECK constraint failed: occurred_on_date",
                 "refused: a date with a time part")
    is_(db.execute("SELECT count(*) FROM case_step WHERE case_id = 6").fetchone()[0], 0,
        "no step of a refused INSERT was logged")

    # a refused multi-row INSERT leaves nothing behind
    new_case(db, 7)
    before = db.execute("SELECT count(*) FROM case_step").fetchone()[0]
    try:
        add_steps_at_once(db, 7, [("notified", "2016-03-01"), ("establishment_draft", "2016-03-10"),
                                  ("signed", "2016-03-20"), ("penalty_decided", "2016-04-01")])
        tap(False, "refused: a multi-row INSERT whose last row breaks the rules")
    except sqlite3.IntegrityError as e:
        is_(str(e), CT(4, "penalty_decided", "2016-04-01") + "signed -> penalty_decided refused: from signed "
            "the next steps are formal_notice, completed (R162-45-1 I al. 4)",
            "refused: a multi-row INSERT whose last row breaks the rules")
    is_((db.execute("SELECT count(*) FROM case_step").fetchone()[0], history(db, 7)), (before, []),
        "nothing of the refused multi-row INSERT remains")
    # INSERT OR REPLACE cannot overwrite a logged step
    step = "INSERT OR REPLACE INTO case_step (case_id, seq, state, occurred_on) VALUES (5, 8, 'signed', '2016-07-16')"
    refused(db, step, (), "case_step: seq must be the seq of the case's last step + 1 (1 for its first step)",
            "refused: INSERT OR REPLACE over a logged step")
    is_(history(db, 5)[7], ("closed", "2016-07-16"), "the logged step is still there")


def test_history_rules():
    """The rules of 1.1 that need the terms or the whole history (docs/rules.md#terms, #order-of-the-checks and #histories)."""
    db = base()
    signed = [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("signed", "2016-02-01")]
    # terms (until)
    new_case(db, 1)
    add_steps(db, 1, signed[:2])
    step_refused(db, 1, 3, "signed", "2016-02-01",
                 CT(3, "signed", "2016-02-01") + "establishment_draft -> signed refused: until 2020-02-02 must be at "
                 "most four years after the signature, by 2020-02-01 (R162-45-1 I al. 4)",
                 "refused (term): a contract signed for four years and a day", until="2020-02-02")
    step_refused(db, 1, 3, "signed", "2016-02-01",
                 CT(3, "signed", "2016-02-01") + "establishment_draft -> signed refused: until 2016-02-01 must be "
                 "after the signature, 2016-02-01 (R162-45-1 I al. 4)",
                 "refused (term): a contract that ends the day it is signed", until="2016-02-01")
    accepted(db, 1, [("signed", "2016-02-01", "2020-02-01")], "accepted: a contract signed for four years exactly",
             first_seq=3)
    step_refused(db, 1, 4, "formal_notice", "2016-03-01",
                 CT(4, "formal_notice", "2016-03-01") + "signed -> formal_notice refused: until 2017-03-02 must be "
                 "at most one year after the formal notice, by 2017-03-01 (R162-45-2 I al. 2)",
                 "refused (term): a formal notice with more than a year to reduce the gaps", until="2017-03-02")
    add_steps(db, 1, [("formal_notice", "2016-03-01", "2016-06-30")], first_seq=4)
    # guard 5: the penalty only at the end of the delay fixed in the notice
    step_refused(db, 1, 5, "penalty_proposed", "2016-06-30",
                 CT(5, "penalty_proposed", "2016-06-30") + "formal_notice -> penalty_proposed refused before "
                 "2016-07-01: the penalty comes only at the end of the delay fixed in the formal notice, 2016-06-30 "
                 "(R162-45-2 II)",
                 "refused (guard 5): a penalty proposed on the last day of the delay fixed in the notice")
    accepted(db, 1, [("penalty_proposed", "2016-07-01")], "accepted: a penalty proposed the day after that delay",
             first_seq=5)
    step_refused(db, 1, 6, "signed", "2016-08-01",
                 CT(6, "signed", "2016-08-01") + "penalty_proposed -> signed refused: until 2019-01-01 must be NULL "
                 "or the contract's end fixed at its first signature, 2020-02-01 (R162-45-1 I al. 4)",
                 "refused (term): a return to signed cannot move the contract's end", until="2019-01-01")
    step_refused(db, 1, 6, "observations_received", "2016-08-01",
                 CT(6, "observations_received", "2016-08-01") + "penalty_proposed -> observations_received refused: "
                 "until 2016-09-01 must be NULL: no term is fixed at observations_received (R162-45-2 III)",
                 "refused (term): a term at a state that fixes none", until="2016-09-01")
    # guard 9: completed only once the contract stops producing effects
    new_case(db, 2)
    add_steps(db, 2, signed[:2] + [("signed", "2016-02-01", "2017-02-01")])
    step_refused(db, 2, 4, "completed", "2017-01-31",
                 CT(4, "completed", "2017-01-31") + "signed -> completed refused before 2017-02-01: the contract "
                 "runs until 2017-02-01 (R162-45-1 I al. 4)",
                 "refused (guard 9): completed the day before the contract's end")
    accepted(db, 2, [("completed", "2017-02-01")], "accepted: completed on the contract's end", first_seq=4)
    new_case(db, 3)
    add_steps(db, 3, signed)
    step_refused(db, 3, 4, "completed", "2017-12-30",
                 CT(4, "completed", "2017-12-30") + "signed -> completed refused before 2017-12-31: the contract "
                 "runs until 2017-12-31 (décret 2017-584 art. 2)",
                 "refused (guard 9): completed before the lapse of a four-year contract")
    # guard 8: no step after 2017-12-31 but completed and closed
    add_steps(db, 3, [("formal_notice", "2017-10-02", "2017-12-29")], first_seq=4)
    step_refused(db, 3, 5, "penalty_proposed", "2018-01-02",
                 CT(5, "penalty_proposed", "2018-01-02") + "formal_notice -> penalty_proposed refused on 2018-01-02: "
                 "the CAPES lapsed on 2018-01-01, only completed and closed may follow (décret 2017-584 art. 2)",
                 "refused (guard 8): a penalty proposed after the CAPES lapsed")
    # guard 7: a first signature only until 2017-04-22
    new_case(db, 4)
    add_steps(db, 4, [("notified", "2017-03-20"), ("establishment_draft", "2017-04-10")])
    step_refused(db, 4, 3, "signed", "2017-04-23",
                 CT(3, "signed", "2017-04-23") + "establishment_draft -> signed refused on 2017-04-23: only contracts "
                 "concluded by 2017-04-22 survive the end of the CAPES (décret 2017-584 art. 2)",
                 "refused (guard 7): a first signature on 2017-04-23")
    accepted(db, 4, [("signed", "2017-04-22")], "accepted: a first signature on 2017-04-22", first_seq=3)
    # refused -> refusal_penalty goes through the hearing (guard 6 after it)
    new_case(db, 5)
    add_steps(db, 5, signed[:2] + [("refused", "2016-02-10")])
    step_refused(db, 5, 4, "refusal_penalty", "2016-04-01",
                 CT(4, "refusal_penalty", "2016-04-01") + "refused -> refusal_penalty refused: from refused the next "
                 "steps are signed, refusal_hearing, closed (R162-45-1 II)",
                 "refused: a refusal penalty without a hearing (1.1)")
    add_steps(db, 5, [("refusal_hearing", "2016-02-15", "2016-03-15")], first_seq=4)
    step_refused(db, 5, 5, "refusal_penalty", "2016-03-15",
                 CT(5, "refusal_penalty", "2016-03-15") + "refusal_hearing -> refusal_penalty refused before "
                 "2016-03-16: the establishment may present its observations until 2016-03-15 (R162-45-1 II)",
                 "refused (guard 6): a refusal penalty on the last day given for observations")
    is_(db.execute("SELECT due FROM case_due WHERE case_id = 5").fetchone()[0], "2016-03-15",
        "case_due at a hearing: the delay given (until)")
    accepted(db, 5, [("refusal_penalty", "2016-03-16")], "accepted: a refusal penalty the day after", first_seq=5)
    step_refused(db, 5, 6, "recovery_notified", "2016-03-20", HC + "until must be a date 'YYYY-MM-DD' (got '2016-4-1')",
                 "refused: a term that is not a date 'YYYY-MM-DD', with capes' message", constraint=False,
                 until="2016-4-1")


def test_amounts():
    """Amounts under their caps (docs/rules.md#amounts), with the maximum computed from the case."""
    db = base()
    # 1 000 000.00 of the last year of execution, two risks open, partial: 0.33 %, at most 3300.00;
    # 2 000 000.00 of the last closed fiscal year: a refusal penalty of at most 20000.00
    new_case(db, 1, revenue="1000000.00", closed_year="2000000.00")
    db.executemany("INSERT INTO case_risk (case_id, risk, degree) VALUES (?, ?, ?)",
                   [(1, "infectious", "partial"), (1, "medication", "none"), (1, "care_pathway", "complete")])
    add_steps(db, 1, [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("signed", "2016-02-01"),
                      ("formal_notice", "2016-03-01", "2016-05-31")])
    step_refused(db, 1, 5, "penalty_proposed", "2016-06-01",
                 "capes_check_amount: penalty_proposed amount 3300.01 refused: it must be at most the maximum of "
                 "the table, 3300.00 (R162-45-2 III)",
                 "refused: an envisaged penalty a cent above the maximum of the table", amount="3300.01")
    accepted(db, 1, [("penalty_proposed", "2016-06-01", None, "3000.00")],
             "accepted: an envisaged penalty under the maximum", first_seq=5)
    step_refused(db, 1, 6, "penalty_decided", "2016-07-04",
                 "capes_check_amount: penalty_decided amount 3300.01 refused: it must be at most the maximum of "
                 "the table, 3300.00 (R162-45-2 III)",
                 "refused: a decided penalty above the maximum of the table", amount="3300.01")
    step_refused(db, 1, 6, "penalty_decided", "2016-07-04",
                 "capes_check_amount: penalty_decided amount 3000.01 refused: it must be at most the envisaged "
                 "amount put to the establishment, 3000.00 (R162-45-2 III)",
                 "refused: a decided penalty above the envisaged one", amount="3000.01")
    step_refused(db, 1, 6, "penalty_decided", "2016-07-04",
                 "capes_check_amount: penalty_decided amount -1.00 refused: an amount is never negative (R162-45-2 III)",
                 "refused: a negative amount, by capes", amount="-1")
    step_refused(db, 1, 6, "penalty_decided", "2016-07-04", "CHECK constraint failed: amount_decimal",
                 "refused: an amount that is not a decimal with at most two decimals", amount="10.001")
    accepted(db, 1, [("penalty_decided", "2016-07-04", None, "3000.00")],
             "accepted: a decided penalty equal to the envisaged one", first_seq=6)
    step_refused(db, 1, 7, "recovery_notified", "2016-07-10", "CHECK constraint failed: amount_only_for_penalties",
                 "refused: an amount at a state that decides none", amount="10.00")
    # the refusal penalty, on the other revenue
    new_case(db, 2, revenue="1000000.00", closed_year="2000000.00")
    add_steps(db, 2, [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("refused", "2016-02-10"),
                      ("refusal_hearing", "2016-02-15")])
    step_refused(db, 2, 5, "refusal_penalty", "2016-03-17",
                 "capes_check_amount: refusal_penalty amount 20000.01 refused: it must be at most 1 % of the last "
                 "closed fiscal year's products, 20000.00 (R162-45-1 II)",
                 "refused: a refusal penalty above 1 % of revenue_last_closed_year", amount="20000.01")
    accepted(db, 2, [("refusal_penalty", "2016-03-17", None, "20000.00")],
             "accepted: a refusal penalty of 1 % of revenue_last_closed_year (above 1 % of the other revenue)",
             first_seq=5)
    # an amount whose maximum is unknown
    new_case(db, 3, revenue=None, closed_year=None)
    db.execute("INSERT INTO case_risk (case_id, risk, degree) VALUES (3, 'infectious', 'none')")
    add_steps(db, 3, [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("refused", "2016-02-10"),
                      ("refusal_hearing", "2016-02-15")])
    step_refused(db, 3, 5, "refusal_penalty", "2016-03-17",
                 "case_step: the amount's maximum is unknown: set the case's revenue_last_closed_year",
                 "refused: a refusal penalty while revenue_last_closed_year is unknown", amount="1.00")
    accepted(db, 3, [("refusal_penalty", "2016-03-17")], "accepted: a refusal penalty whose amount is not known yet",
             first_seq=5)
    new_case(db, 4)
    db.execute("INSERT INTO case_risk (case_id, risk, degree) VALUES (4, 'infectious', NULL)")
    add_steps(db, 4, [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("signed", "2016-02-01"),
                      ("formal_notice", "2016-03-01", "2016-05-31")])
    step_refused(db, 4, 5, "penalty_proposed", "2016-06-01",
                 "case_step: the amount's maximum is unknown: set the case's revenue_last_execution_year and "
                 "every risk's degree",
                 "refused: an envisaged penalty while a degree is not assessed", amount="1.00")
    is_(db.execute("SELECT count(*) FROM case_step WHERE amount IS NOT NULL").fetchone()[0], 3,
        "only the amounts within their caps were logged")


def test_append_only():
    db = base()
    new_case(db, 1)
    add_steps(db, 1, SIGNED_COMPLETED_CLOSED[:3])
    upd = "case_step: the log of steps is append-only: UPDATE refused (log a new step instead)"
    refused(db, "UPDATE case_step SET occurred_on = '2016-02-16' WHERE case_id = 1 AND seq = 3", (), upd,
            "UPDATE of a logged step refused")
    refused(db, "UPDATE case_step SET note = 'typo' WHERE case_id = 1", (), upd,
            "UPDATE of a note refused too")
    refused(db, "DELETE FROM case_step WHERE case_id = 1 AND seq = 3", (),
            "case_step: the log of steps is append-only: DELETE refused", "DELETE of a logged step refused")
    refused(db, "INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (1, 3, 'signed', '2016-02-15') "
                "ON CONFLICT (case_id, seq) DO UPDATE SET note = 'x'", (),
            "case_step: seq must be the seq of the case's last step + 1 (1 for its first step)",
            "an upsert over a logged step refused")
    is_(history(db, 1), SIGNED_COMPLETED_CLOSED[:3], "the log is unchanged")


def test_views():
    db = base()
    cases = {
        1: ("750000011", "182450000.00", [("notified", "2016-08-10")]),
        2: ("2A0000011", "46380250.50", [("notified", "2016-05-02"), ("establishment_draft", "2016-05-30")]),
        3: ("750000011", "96120000.00", [("notified", "2016-01-11"), ("establishment_draft", "2016-02-08"),
                                         ("signed", "2016-03-01")]),
        4: ("971000011", "26480900.80", [("notified", "2016-04-20"), ("establishment_draft", "2016-05-10"),
                                         ("signed", "2016-06-01"), ("formal_notice", "2016-06-20", "2016-07-27"),
                                         ("penalty_proposed", "2016-07-28")]),
        5: ("974000011", "61007300.25", [("notified", "2016-02-01"), ("establishment_draft", "2016-02-26"),
                                         ("refused", "2016-03-21")]),
        6: ("974000011", None, [("notified", "2016-11-20")]),
        7: ("750000011", "1000.00", []),
    }
    for case_id, (finess, revenue, steps) in cases.items():
        new_case(db, case_id, finess, revenue)
        add_steps(db, case_id, steps)
    db.executemany("INSERT INTO case_risk (case_id, risk, degree) VALUES (?, ?, ?)", [
        (3, "medication", "complete"), (3, "care_pathway", "partial"),
        (4, "infectious", "none"), (4, "medication", "none"), (4, "care_pathway", "none"),
        (5, "infectious", "partial"), (5, "medication", "partial"), (5, "care_pathway", "complete"),
        (2, "infectious", None),
        (6, "medication", "none"),
        (1, "infectious", "complete"),
    ])
    is_([tuple(r) for r in db.execute("SELECT case_id, finess, calendar, seq, state, since FROM case_current "
                                      "ORDER BY case_id")],
        [(1, "750000011", "fr", 1, "notified", "2016-08-10"),
         (2, "2A0000011", "fr", 2, "establishment_draft", "2016-05-30"),
         (3, "750000011", "fr", 3, "signed", "2016-03-01"),
         (4, "971000011", "fr-guadeloupe", 5, "penalty_proposed", "2016-07-28"),
         (5, "974000011", "fr-reunion", 3, "refused", "2016-03-21"),
         (6, "974000011", "fr-reunion", 1, "notified", "2016-11-20"),
         (7, "750000011", "fr", None, None, None)],
        "case_current: each case's last step (none yet for case 7)")
    # notified 08-10 + 30 = 09-09; draft 05-30 + 30 = 06-29; signed: four years, but the contract lapses on
    # 2018-01-01 (décret 2017-584 art. 2), so 2017-12-31; observations 07-28 + 30 = 08-27, a Saturday, so 08-29
    # (extended: the establishment's own deadline); Réunion: 20 December is a holiday
    due = [(1, "2016-09-09"), (2, "2016-06-29"), (3, "2017-12-31"), (4, "2016-08-29"), (5, None),
           (6, "2016-12-21"), (7, None)]
    is_([tuple(r) for r in db.execute("SELECT case_id, due FROM case_due ORDER BY case_id")], due,
        "case_due: the deadline running after each case's history, in the case's calendar")
    is_([tuple(r) for r in db.execute(
            "SELECT case_id, coalesce(due < '2016-09-01', 0) AS overdue FROM case_due ORDER BY case_id")],
        [(1, 0), (2, 1), (3, 0), (4, 1), (5, 0), (6, 0), (7, 0)],
        "overdue on 2016-09-01 (the README's fixed-date query on case_due)")
    is_([tuple(r) for r in db.execute(
            "SELECT case_id, coalesce(due < '2016-08-29', 0) FROM case_due WHERE case_id = 4")], [(4, 0)],
        "not overdue on the due date itself")
    today = db.execute("SELECT date('now')").fetchone()[0]
    is_([tuple(r) for r in db.execute("SELECT case_id, as_of, overdue FROM case_overdue ORDER BY case_id")],
        [(c, today, int(d is not None and d < today)) for c, d in due],
        "case_overdue: as of date('now') (%s)" % today)
    is_([tuple(r) for r in db.execute("SELECT case_id, risks, open_risks, max_rate, max_penalty, "
                                      "max_refusal_penalty FROM case_max_penalty ORDER BY case_id")],
        [(1, 1, 0, 0.0, 0.0, 1824500.0),
         (2, 1, None, None, None, 463802.5),          # a degree not assessed yet: NULL
         (3, 2, 1, 0.0016, 153792.0, 961200.0),    # 1 risk open, partial: 0.16 %
         (4, 3, 3, 0.01, 264809.0, 264809.0),      # 3 risks open, none: 1 % of 26480900.80 = 264809.008
         (5, 3, 2, 0.0033, 201324.09, 610073.0),   # 2 open, partial: 0.33 % of 61007300.25 = 201324.09...
         (6, 1, 1, 0.0033, None, None),            # revenue unknown
         (7, 0, 0, None, None, 10.0)],             # no risk rows
        "case_max_penalty: contract rate and penalty (rounded down), refusal penalty")
    # the same as text, as a person reads them whatever the tool prints for a REAL (159225.0, 159225):
    # the text tests/register/pg/register.sql expects from PostgreSQL's view, character for character
    is_([tuple(r) for r in db.execute("SELECT case_id, max_rate_text, max_penalty_text, max_refusal_penalty_text "
                                      "FROM case_max_penalty ORDER BY case_id")],
        [(1, "0.0000", "0.00", "1824500.00"), (2, None, None, "463802.50"), (3, "0.0016", "153792.00", "961200.00"),
         (4, "0.0100", "264809.00", "264809.00"), (5, "0.0033", "201324.09", "610073.00"), (6, "0.0033", None, None),
         (7, None, None, "10.00")],
        "case_max_penalty: the rate with 4 decimals and the amounts with 2, as text")
    add_steps(db, 4, [("penalty_decided", "2016-09-01", None, "264809")], first_seq=6)
    is_([tuple(r) for r in db.execute("SELECT case_id, amount, amount_text FROM case_current "
                                      "WHERE case_id IN (3, 4) ORDER BY case_id")],
        [(3, None, None), (4, "264809", "264809.00")],
        "case_current: the amount as given and as text with 2 decimals")

    # a history imported with the trigger off, checked by case_invalid_history
    db.execute("DROP TRIGGER case_step_insert")
    for case_id, finess in [(20, "750000011"), (21, "750000011"), (22, "971000011"), (23, "750000011"),
                            (24, "750000011"), (25, "750000011")]:
        new_case(db, case_id, finess)
    db.executemany("INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (?, ?, ?, ?)", [
        # inserted out of seq order: read in seq order, valid
        (20, 3, "signed", "2016-02-10"), (20, 1, "notified", "2016-01-04"), (20, 2, "establishment_draft", "2016-01-20"),
        # a move the table does not allow
        (21, 1, "notified", "2016-01-04"), (21, 2, "signed", "2016-01-10"), (21, 3, "completed", "2016-02-10"),
        # valid in fr, too early in fr-guadeloupe (27 May)
        (22, 1, "notified", "2016-04-27"), (22, 2, "agency_draft", "2016-05-30"),
        # the same history in fr: valid
        (23, 1, "notified", "2016-04-27"), (23, 2, "agency_draft", "2016-05-30"),
        # dates in seq order going backwards: step 2 comes before step 1
        (24, 1, "notified", "2016-03-01"), (24, 2, "establishment_draft", "2016-02-01"),
        # a case notified before the rules were in force
        (25, 1, "notified", "2015-10-01"),
    ])
    is_([tuple(r) for r in db.execute("SELECT case_id, error FROM case_invalid_history ORDER BY case_id")],
        [(21, "step 2 (signed on 2016-01-10): notified -> signed refused: from notified the next steps are "
              "establishment_draft, agency_draft (R162-45-1 I al. 1)"),
         (22, "step 2 (agency_draft on 2016-05-30): notified -> agency_draft refused before 2016-05-31: the "
              "establishment has 30 days to propose a draft (R162-45-1 I)"),
         (24, "step 2 (establishment_draft on 2016-02-01): notified -> establishment_draft refused on 2016-02-01: "
              "a step cannot come before the previous one, of 2016-03-01 (R162-45-1 I al. 2)"),
         (25, "step 1 (notified on 2015-10-01): (none) -> notified refused on 2015-10-01: R162-45 to R162-45-2 "
              "apply from 2015-11-22 to 2017-04-08 (décret 2015-1511, décret 2017-500)")],
        "case_invalid_history: the first bad step of each bad history, in seq order, in the case's calendar")

    # many cases imported in reverse order: the view still feeds each history in date order
    for case_id in range(100, 300):
        new_case(db, case_id)
    rows = []
    for case_id in range(299, 99, -1):
        rows += [(case_id, 4, "completed", "2020-02-15"), (case_id, 3, "signed", "2016-02-15"),
                 (case_id, 2, "establishment_draft", "2016-01-25"), (case_id, 1, "notified", "2016-01-04")]
    db.executemany("INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (?, ?, ?, ?)", rows)
    is_(db.execute("SELECT count(*) FROM case_invalid_history WHERE case_id >= 100").fetchone()[0], 0,
        "case_invalid_history: 200 histories inserted backwards are read in seq order")


def schema(db):
    """What a register is made of: the columns of its tables, and the text of its other objects."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
    return ({t: [tuple(r) for r in db.execute("SELECT * FROM pragma_table_info(?)", (t,))] for t in tables},
            [tuple(r) for r in db.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                          "WHERE type <> 'table' ORDER BY type, name")])


def script_refused(db, path, message, what):
    try:
        db.executescript(read(path))
        return tap(False, what, "accepted; want: %r" % message)
    except sqlite3.Error as e:
        return is_(str(e), message, what)


def test_load():
    db = base()
    new_case(db, 1)
    add_steps(db, 1, [("notified", "2016-01-04")])
    before = schema(db)
    script_refused(db, ARGS.register,
                   "register-sqlite.sql: a register is already loaded here; a 1.0 one is brought to 1.1 by "
                   "sql/register-sqlite--1.0--1.1.sql",
                   "loading the register twice fails with a clear message")
    # a program that stops at the first error (executescript) rolls back the script's transaction
    is_(db.in_transaction, True, "... and leaves the script's transaction open, with nothing done in it")
    db.execute("ROLLBACK")
    is_((schema(db), history(db, 1)), (before, [("notified", "2016-01-04")]), "... and changes nothing")
    db = connect(register="", capes=False)
    script_refused(db, ARGS.register,
                   "register-sqlite.sql: capes 1.1 is not loaded in this connection (no capes_history_check)",
                   "loading the register without capes fails with a clear message")
    is_(db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0], 0, "... and creates nothing")
    # a shell that goes on after errors: the last check rolls back what the failed load began
    db = connect(register="")
    db.execute("CREATE TABLE case_risk (x)")
    statements = read(ARGS.register)
    try:
        db.executescript(statements)
        tap(False, "a load that fails half-way is refused")
    except sqlite3.Error as e:
        is_(str(e), "table case_risk already exists" if "already loaded" not in str(e) else str(e),
            "a load that meets an object of the same name fails")
    is_(sorted(r[0] for r in db.execute("SELECT name FROM sqlite_schema")), ["case_risk"], "... and creates nothing")


MIGRATION = "register-sqlite--1.0--1.1.sql: "


def register_1_0():
    """A 1.0 register, as released, full of cases logged under the 1.0 rules."""
    db = connect(register=ARGS.register_1_0)
    db.executemany("INSERT INTO establishment (finess, name, calendar) VALUES (?, ?, ?)", [
        ("750000011", "Paris", "fr"), ("971000011", "Pointe-à-Pitre", "fr-guadeloupe")])
    paths = [
        [("notified", "2016-01-04")],
        [("notified", "2016-01-04"), ("establishment_draft", "2016-01-20"), ("signed", "2016-02-10")],
        # valid in 1.0, refused by 1.1: a refusal penalty without a hearing
        [("notified", "2016-03-01"), ("agency_draft", "2016-04-01"), ("refused", "2016-04-20"),
         ("refusal_penalty", "2016-06-01"), ("recovery_notified", "2016-06-15"), ("closed", "2016-07-01")],
        # valid in 1.0, refused by 1.1: a penalty before the end of the delay fixed in the notice
        [("notified", "2015-11-22"), ("establishment_draft", "2015-12-21"), ("signed", "2016-01-15"),
         ("formal_notice", "2016-06-01"), ("penalty_proposed", "2016-06-02")],
        [("notified", "2015-11-22"), ("establishment_draft", "2015-12-21"), ("signed", "2016-01-15"),
         ("formal_notice", "2016-03-01"), ("penalty_proposed", "2017-03-02")],
    ]
    # logged under capes 1.0: its trigger, which now calls capes 1.1, is off for the import
    trigger = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'case_step_insert'").fetchone()[0]
    db.execute("DROP TRIGGER case_step_insert")
    for case_id in range(1, 201):
        db.execute("INSERT INTO case_file (case_id, finess, revenue) VALUES (?, ?, ?)",
                   (case_id, "750000011" if case_id % 2 else "971000011",
                    None if case_id % 10 == 0 else "%d.%02d" % (1000000 + case_id, case_id % 100)))
        db.execute("INSERT INTO case_risk (case_id, risk, degree) VALUES (?, 'infectious', 'partial')", (case_id,))
        for seq, (state, day) in enumerate(paths[case_id % len(paths)], 1):
            db.execute("INSERT INTO case_step (case_id, seq, state, occurred_on, note) VALUES (?, ?, ?, ?, ?)",
                       (case_id, seq, state, day, "case %d step %d" % (case_id, seq)))
    db.execute(trigger)
    return db


def test_migration():
    db = register_1_0()
    steps = [tuple(r) for r in db.execute("SELECT case_id, seq, state, occurred_on, note, recorded_at FROM case_step "
                                          "ORDER BY case_id, seq")]
    revenues = [tuple(r) for r in db.execute("SELECT case_id, finess, revenue FROM case_file ORDER BY case_id")]
    try:
        db.executescript(read(ARGS.migration))
        tap(True, "a 1.0 register of 200 cases (%d steps) migrates to 1.1" % len(steps))
    except sqlite3.Error as e:
        tap(False, "a 1.0 register of 200 cases migrates to 1.1", e)
        return
    is_([tuple(r) for r in db.execute("SELECT case_id, seq, state, occurred_on, note, recorded_at FROM case_step "
                                      "ORDER BY case_id, seq")], steps, "every logged step is kept, as it was")
    is_(db.execute("SELECT count(*) FROM case_step WHERE until IS NOT NULL OR amount IS NOT NULL").fetchone()[0], 0,
        "the steps of 1.0 have no term and no amount")
    is_([tuple(r) for r in db.execute("SELECT case_id, finess, revenue_last_execution_year, revenue_last_closed_year "
                                      "FROM case_file ORDER BY case_id")],
        [(c, f, r, r) for c, f, r in revenues],
        "the 1.0 revenue becomes revenue_last_execution_year and is copied into revenue_last_closed_year")
    fresh = connect()
    is_(schema(db), schema(fresh), "the migrated register has the tables, columns, triggers, views and index of a "
                                   "fresh 1.1 register, with the same text")
    is_(db.execute("SELECT count(*) FROM temp.sqlite_schema").fetchone()[0], 0, "no temporary object is left")
    is_(db.execute("SELECT count(*) FROM case_invalid_history").fetchone()[0], 80,
        "case_invalid_history lists the 80 histories 1.0 accepted and 1.1 refuses")
    is_([tuple(r) for r in db.execute("SELECT case_id, error FROM case_invalid_history WHERE case_id IN (2, 3)")],
        [(2, "step 4 (refusal_penalty on 2016-06-01): refused -> refusal_penalty refused: from refused the next steps "
             "are signed, refusal_hearing, closed (R162-45-1 II)"),
         (3, "step 5 (penalty_proposed on 2016-06-02): formal_notice -> penalty_proposed refused before 2017-06-02: "
             "the penalty comes only at the end of the delay fixed in the formal notice, 2017-06-01 (R162-45-2 II)")],
        "... each with the first step 1.1 refuses (no hearing before a refusal penalty; a penalty before the delay)")
    is_(db.execute("SELECT due FROM case_due WHERE case_id = 1").fetchone()[0], "2017-12-31",
        "case_due of a migrated signed case: the lapse, from the whole history")
    # new steps follow the 1.1 rules
    step_refused(db, 5, 2, "agency_draft", "2016-02-01",
                 CT(2, "agency_draft", "2016-02-01") + "notified -> agency_draft refused before 2016-02-04: the "
                 "establishment has 30 days to propose a draft (R162-45-1 I)",
                 "after the migration: a step the law does not allow is refused, by capes_history_check")
    step_refused(db, 1, 4, "completed", "2017-06-01",
                 CT(4, "completed", "2017-06-01") + "signed -> completed refused before 2017-12-31: the contract runs "
                 "until 2017-12-31 (décret 2017-584 art. 2)",
                 "after the migration: the 1.1 rules need the whole history (guard 9)")
    step_refused(db, 4, 6, "penalty_decided", "2017-04-04",
                 "capes_check_amount: penalty_decided amount 99999.00 refused: it must be at most the maximum of the "
                 "table, 1600.00 (R162-45-2 III)",
                 "after the migration: an amount above its cap is refused (1 risk partial: 0.16 % of the 1.0 revenue)",
                 amount="99999.00")
    accepted(db, 4, [("observations_received", "2017-03-20")], "after the migration: a valid step is logged",
             first_seq=6)
    refused(db, "DELETE FROM case_step WHERE case_id = 1", (),
            "case_step: the log of steps is append-only: DELETE refused", "after the migration: the log is append-only")
    before = schema(db)
    script_refused(db, ARGS.migration, MIGRATION + "the register is already at 1.1 (case_step has the column until)",
                   "migrating twice fails with a clear message")
    db.execute("ROLLBACK")
    is_((schema(db), db.execute("SELECT count(*) FROM case_step").fetchone()[0]), (before, len(steps) + 1),
        "... and changes nothing")
    script_refused(connect(), ARGS.migration,
                   MIGRATION + "the register is already at 1.1 (case_step has the column until)",
                   "the migration refuses a fresh 1.1 register")
    script_refused(connect(register=""), ARGS.migration,
                   MIGRATION + "no capes register in this database (no table case_step)",
                   "the migration refuses a database without a register")
    other = connect(register="")
    other.executescript("CREATE TABLE case_step (x); CREATE TABLE case_file (case_id)")
    script_refused(other, ARGS.migration, MIGRATION + "this is not the 1.0 register (case_file has no column revenue)",
                   "the migration refuses tables that are not the 1.0 register")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "register.db")
        made = sqlite3.connect(path)
        made.enable_load_extension(True)
        made.load_extension(ARGS.extension)
        made.executescript(read(ARGS.register_1_0))
        made.close()
        no_capes = sqlite3.connect(path, isolation_level=None)
        script_refused(no_capes, ARGS.migration,
                       MIGRATION + "capes 1.1 is not loaded in this connection (no capes_history_check)",
                       "the migration refuses to run without capes 1.1")
        no_capes.close()


def test_demo():
    db = connect()
    try:
        with open(ARGS.demo, encoding="utf-8") as f:
            text = f.read()
        # the SQL of the demo, without the shell's dot-commands and the report
        sql = "\n".join(line for line in text.split(".mode box")[0].splitlines() if not line.startswith("."))
        db.executescript(sql)
        tap(True, "demo data loads through the triggers")
    except sqlite3.Error as e:
        tap(False, "demo data loads through the triggers", e)
        return
    states = {r[0] for r in db.execute("SELECT state FROM case_current")}
    all_states = {r[0] for r in db.execute("SELECT state FROM capes_states")}
    is_(states, all_states, "demo: the cases' current states cover every state")
    cals = {r[0] for r in db.execute("SELECT calendar FROM establishment")}
    tap(len(cals) >= 3 and db.execute("SELECT count(*) FROM establishment WHERE finess GLOB '2[AB]*'").fetchone()[0]
        and db.execute("SELECT count(*) FROM establishment WHERE finess GLOB '97*'").fetchone()[0],
        "demo: a Corsican and an overseas establishment, several calendars")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--extension", required=True)
    p.add_argument("--register", required=True)
    p.add_argument("--demo", required=True)
    p.add_argument("--register-1-0", required=True, help="the 1.0 register, as released")
    p.add_argument("--migration", required=True, help="the migration of a 1.0 register to 1.1")
    ARGS = p.parse_args()
    for t in [test_schema, test_establishment, test_case_file, test_case_risk, test_paths, test_refusals,
              test_history_rules, test_amounts, test_append_only, test_views, test_load, test_migration, test_demo]:
        try:
            t()
        except Exception:  # a crash in one group is a failure, the others still run
            tap(False, "%s ran to its end" % t.__name__, traceback.format_exc())
    print("1..%d" % N)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
