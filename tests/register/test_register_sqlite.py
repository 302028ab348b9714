#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The case register on SQLite (sql/register-sqlite.sql): tables, triggers, views.

Prints TAP (one "ok N - what" line per check). Run with the system's Python, whose
sqlite3 module can load extensions:

    /usr/bin/python3 tests/register/test_register_sqlite.py --extension build/capes \
        --register sql/register-sqlite.sql --demo sql/demo.sql

Expected messages and dates are written out by hand from docs/rules.md (deadlines, procedure) and the law, not
read back from capes.
"""
import argparse
import sqlite3
import sys
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


def connect():
    db = sqlite3.connect(":memory:", isolation_level=None)  # autocommit: one statement, one transaction
    db.enable_load_extension(True)
    db.load_extension(ARGS.extension)
    db.enable_load_extension(False)
    db.execute("PRAGMA foreign_keys = ON")
    with open(ARGS.register, encoding="utf-8") as f:
        db.executescript(f.read())
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


def new_case(db, case_id, finess="750000011", revenue="1000000.00"):
    db.execute("INSERT INTO case_file (case_id, finess, revenue) VALUES (?, ?, ?)", (case_id, finess, revenue))


def add_steps(db, case_id, steps, first_seq=1):
    """steps: [(state, date)], one INSERT per step."""
    for i, (state, day) in enumerate(steps):
        db.execute("INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (?, ?, ?, ?)",
                   (case_id, first_seq + i, state, day))


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


def step_refused(db, case_id, seq, state, day, message, what, constraint=True):
    return refused(db, "INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (?, ?, ?, ?)",
                   (case_id, seq, state, day), message, what, constraint)


CT = "capes_check_transition: "

SIGNED_COMPLETED_CLOSED = [("notified", "2016-01-04"), ("establishment_draft", "2016-01-25"),
                           ("signed", "2016-02-15"), ("completed", "2020-02-15"), ("closed", "2020-03-01")]
# notified 2016-03-01 (fr): the establishment's 30 days end 2016-03-31, the agency drafts from 04-01
REFUSED_PENALTY_RECOVERY = [("notified", "2016-03-01"), ("agency_draft", "2016-04-01"), ("refused", "2016-04-20"),
                            ("refusal_penalty", "2016-06-01"), ("recovery_notified", "2016-06-15"),
                            ("closed", "2016-07-01")]
PENALTY_PATH = [("notified", "2015-11-22"), ("establishment_draft", "2015-12-21"), ("signed", "2016-01-15"),
                ("formal_notice", "2017-01-16"), ("penalty_proposed", "2018-01-16"),
                ("observations_received", "2018-02-01"), ("penalty_decided", "2018-03-01"),
                ("recovery_notified", "2018-03-15"), ("closed", "2018-04-02")]


def test_schema():
    db = connect()
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view', 'trigger')")}
    want = {"establishment", "case_file", "case_risk", "case_step", "case_step_insert", "case_step_no_update",
            "case_step_no_delete", "case_current", "case_due", "case_overdue", "case_max_penalty",
            "case_invalid_history"}
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
    ins = "INSERT INTO case_file (finess, revenue) VALUES ('750000011', ?)"
    good = ["182450000.00", "46380250.5", "0", "10000000000000.00", None, 1234, 1234.5]
    try:
        for r in good:
            db.execute(ins, (r,))
        tap(True, "case_file: decimal revenues (text, integer, one decimal, 0, 10^13, NULL) accepted")
    except sqlite3.Error as e:
        tap(False, "case_file: decimal revenues accepted", e)
    is_([r[0] for r in db.execute("SELECT revenue FROM case_file ORDER BY case_id")],
        ["182450000.00", "46380250.5", "0", "10000000000000.00", None, "1234", "1234.5"],
        "case_file: revenue kept as the exact text")
    for r in ["1.234", "-5", "abc", "1e3", "12,50", " 12", "1.2.3", "12.", ".5"]:
        refused(db, ins, (r,), "CHECK constraint failed: revenue_decimal",
                "case_file: revenue %r refused" % r)
    refused(db, ins, ("10000000000000.01",),
            "capes_refusal_penalty: revenue must be an amount from 0 to 10000000000000 (got '10000000000000.01')",
            "case_file: revenue above 10^13 euros refused by capes", constraint=False)
    refused(db, "INSERT INTO case_file (finess) VALUES ('750000099')", (), "FOREIGN KEY constraint failed",
            "case_file: unknown establishment refused")
    db.execute("INSERT INTO case_file (case_id, finess) VALUES (100, '750000011')")
    add_steps(db, 100, [("notified", "2016-01-04")])
    refused(db, "UPDATE case_file SET finess = '971000011' WHERE case_id = 100", (),
            "case_file: a case with logged steps keeps its establishment",
            "case_file: a case with steps cannot move to another establishment (and calendar)")


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
            (2, REFUSED_PENALTY_RECOVERY, add_steps, "refused, refusal penalty, recovery, closed"),
            (3, PENALTY_PATH, add_steps_at_once,
             "formal notice, penalty proposed, observations, decided, recovery, closed (one multi-row INSERT)")]:
        new_case(db, case_id)
        try:
            how(db, case_id, steps)
            is_(history(db, case_id), steps, "path accepted: " + what)
        except sqlite3.Error as e:
            tap(False, "path accepted: " + what, e)
        is_(current(db, case_id), steps[-1], "case_current after the path: %s on %s" % steps[-1])
    # the other ways back into a running contract (docs/rules.md#transitions)
    new_case(db, 4)
    more = [("notified", "2016-02-01"), ("establishment_draft", "2016-02-10"), ("agency_draft", "2016-02-20"),
            ("refused", "2016-03-01"), ("signed", "2016-03-10"), ("formal_notice", "2017-03-10"),
            ("signed", "2017-09-01"), ("formal_notice", "2018-03-12"), ("penalty_proposed", "2019-03-12"),
            ("signed", "2019-04-01"), ("formal_notice", "2019-05-01"), ("penalty_proposed", "2019-06-03"),
            ("penalty_decided", "2019-07-04"), ("recovery_notified", "2019-07-10"), ("signed", "2019-08-01")]
    try:
        add_steps(db, 4, more)
        is_(history(db, 4), more, "path accepted: drafts by both, refusal then signature, gaps reduced, "
                                  "penalty dropped, penalty decided after 30 days, contract goes on")
    except sqlite3.Error as e:
        tap(False, "path accepted: the other ways back to signed", e)
    is_(db.execute("SELECT count(*) FROM case_invalid_history").fetchone()[0], 0,
        "case_invalid_history: empty when every step went through the trigger")


def test_refusals():
    db = base()
    new_case(db, 1)
    step_refused(db, 1, 1, "signed", "2016-01-04",
                 CT + "(none) -> signed refused: a case starts with notified (R162-45-1 I al. 1)",
                 "refused: a case that does not start with notified")
    step_refused(db, 1, 1, "notified", "2015-11-21",
                 CT + "(none) -> notified refused on 2015-11-21: R162-45 to R162-45-2 apply from 2015-11-22 to "
                 "2017-04-07 (décret 2015-1511, décret 2017-500)",
                 "refused: a case notified the day before R162-45 came into force")
    step_refused(db, 1, 1, "notified", "2017-04-08",
                 CT + "(none) -> notified refused on 2017-04-08: R162-45 to R162-45-2 apply from 2015-11-22 to "
                 "2017-04-07 (décret 2015-1511, décret 2017-500)",
                 "refused: a case notified the day after the repeal")
    new_case(db, 2)
    add_steps(db, 2, [("notified", "2017-04-07")])
    tap(True, "accepted: a case notified on the last day in force")

    # guard 2: notified -> agency_draft, in the case's calendar (fr: 1 May 2016 is a Sunday and a holiday)
    add_steps(db, 1, [("notified", "2016-04-01")])
    step_refused(db, 1, 2, "signed", "2016-04-15",
                 CT + "notified -> signed refused: from notified the next steps are establishment_draft, "
                 "agency_draft (R162-45-1 I al. 1)",
                 "refused: a move the transition table does not have, with the next steps allowed")
    step_refused(db, 1, 2, "agency_draft", "2016-05-02",
                 CT + "notified -> agency_draft refused before 2016-05-03: the establishment has 30 days to "
                 "propose a draft (R162-45-1 I)",
                 "refused: agency draft on the establishment's last day (30 days end on Sunday 1 May, extended)")
    try:
        add_steps(db, 1, [("agency_draft", "2016-05-03")], first_seq=2)
        tap(True, "accepted: agency draft on the first day after the establishment's 30 days")
    except sqlite3.Error as e:
        tap(False, "accepted: agency draft on the first day after the establishment's 30 days", e)

    # the same dates in two calendars: 27 May is a holiday in Guadeloupe only
    new_case(db, 3, finess="971000011")
    new_case(db, 4, finess="750000011")
    add_steps(db, 3, [("notified", "2016-04-27")])
    add_steps(db, 4, [("notified", "2016-04-27")])
    step_refused(db, 3, 2, "agency_draft", "2016-05-30",
                 CT + "notified -> agency_draft refused before 2016-05-31: the establishment has 30 days to "
                 "propose a draft (R162-45-1 I)",
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
                      ("formal_notice", "2016-03-01"), ("penalty_proposed", "2016-06-14")])
    step_refused(db, 5, 6, "penalty_decided", "2016-07-15",
                 CT + "penalty_proposed -> penalty_decided refused before 2016-07-16: the establishment has 30 "
                 "days to send its written observations (R162-45-2 III)",
                 "refused: penalty decided on the last day for observations (14 July extended to the 15th)")
    try:
        add_steps(db, 5, [("penalty_decided", "2016-07-16")], first_seq=6)
        tap(True, "accepted: penalty decided on the first day after the 30 days for observations")
    except sqlite3.Error as e:
        tap(False, "accepted: penalty decided on the first day after the 30 days for observations", e)

    # guard 1 and the rest of the table
    step_refused(db, 5, 7, "recovery_notified", "2016-07-15",
                 CT + "penalty_decided -> recovery_notified refused on 2016-07-15: a step cannot come before the "
                 "previous one, of 2016-07-16 (R162-45-1 II, R162-45-2 III)",
                 "refused: a step dated before the previous one")
    try:
        add_steps(db, 5, [("recovery_notified", "2016-07-16"), ("closed", "2016-07-16")], first_seq=7)
        tap(True, "accepted: two steps on the same day as the previous one")
    except sqlite3.Error as e:
        tap(False, "accepted: two steps on the same day as the previous one", e)
    step_refused(db, 5, 9, "notified", "2016-08-01",
                 CT + "closed -> notified refused: closed is a terminal state",
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
                 "refused: NULL state (the check gives NULL, NOT NULL refuses)")
    step_refused(db, 6, 1, "notified", None, "NOT NULL constraint failed: case_step.occurred_on",
                 "refused: NULL date")
    step_refused(db, 6, None, "notified", "2016-01-04", "NOT NULL constraint failed: case_step.seq",
                 "refused: NULL seq")
    step_refused(db, 6, 1, "NOTIFIED", "2016-01-04",
                 "case_step: state must be written as in capes_states (lower case, no spaces)",
                 "refused: a state capes reads but not in its canonical spelling")
    step_refused(db, 6, 1, "notifié", "2016-01-04",
                 CT + "to must be one of notified, establishment_draft, agency_draft, signed, refused, "
                 "refusal_penalty, formal_notice, penalty_proposed, observations_received, penalty_decided, "
                 "recovery_notified, completed, closed (got 'notifié')",
                 "refused: an unknown state, with capes' message", constraint=False)
    step_refused(db, 6, 1, "notified", "2016-02-30",
                 CT + "to_date must be a date 'YYYY-MM-DD' (got '2016-02-30')",
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
        is_(str(e), CT + "signed -> penalty_decided refused: from signed the next steps are formal_notice, "
            "completed (R162-45-1 I al. 4)", "refused: a multi-row INSERT whose last row breaks the rules")
    is_((db.execute("SELECT count(*) FROM case_step").fetchone()[0], history(db, 7)), (before, []),
        "nothing of the refused multi-row INSERT remains")
    # INSERT OR REPLACE cannot overwrite a logged step
    step = "INSERT OR REPLACE INTO case_step (case_id, seq, state, occurred_on) VALUES (5, 8, 'signed', '2016-07-16')"
    refused(db, step, (), "case_step: seq must be the seq of the case's last step + 1 (1 for its first step)",
            "refused: INSERT OR REPLACE over a logged step")
    is_(history(db, 5)[7], ("closed", "2016-07-16"), "the logged step is still there")


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
                                         ("signed", "2016-06-01"), ("formal_notice", "2016-06-20"),
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
    # notified 08-10 + 30 = 09-09; draft 05-30 + 30 = 06-29; signed + 4 years; observations 07-28 + 30 = 08-27,
    # a Saturday, so 08-29 (extended: the establishment's own deadline); Réunion: 20 December is a holiday
    due = [(1, "2016-09-09"), (2, "2016-06-29"), (3, "2020-03-01"), (4, "2016-08-29"), (5, None),
           (6, "2016-12-21"), (7, None)]
    is_([tuple(r) for r in db.execute("SELECT case_id, due FROM case_due ORDER BY case_id")], due,
        "case_due: the deadline running in each state, in the case's calendar")
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

    # a history imported with the trigger off, checked by case_invalid_history
    db.execute("DROP TRIGGER case_step_insert")
    for case_id, finess in [(20, "750000011"), (21, "750000011"), (22, "971000011"), (23, "750000011"),
                            (24, "750000011"), (25, "750000011")]:
        new_case(db, case_id, finess)
    db.executemany("INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (?, ?, ?, ?)", [
        # seq out of date order: taken in date order, valid
        (20, 3, "signed", "2016-02-10"), (20, 1, "notified", "2016-01-04"), (20, 2, "establishment_draft", "2016-01-20"),
        # a move the table does not allow
        (21, 1, "notified", "2016-01-04"), (21, 2, "signed", "2016-01-10"), (21, 3, "completed", "2016-02-10"),
        # valid in fr, too early in fr-guadeloupe (27 May)
        (22, 1, "notified", "2016-04-27"), (22, 2, "agency_draft", "2016-05-30"),
        # the same history in fr: valid
        (23, 1, "notified", "2016-04-27"), (23, 2, "agency_draft", "2016-05-30"),
        # dates in seq order going backwards: ordered by date, the case starts with signed
        (24, 1, "notified", "2016-03-01"), (24, 2, "establishment_draft", "2016-02-01"),
        # a case notified before the rules were in force
        (25, 1, "notified", "2015-10-01"),
    ])
    is_([tuple(r) for r in db.execute("SELECT case_id, error FROM case_invalid_history ORDER BY case_id")],
        [(21, "step 2 (signed on 2016-01-10): notified -> signed refused: from notified the next steps are "
              "establishment_draft, agency_draft (R162-45-1 I al. 1)"),
         (22, "step 2 (agency_draft on 2016-05-30): notified -> agency_draft refused before 2016-05-31: the "
              "establishment has 30 days to propose a draft (R162-45-1 I)"),
         (24, "step 1 (establishment_draft on 2016-02-01): (none) -> establishment_draft refused: a case starts "
              "with notified (R162-45-1 I al. 1)"),
         (25, "step 1 (notified on 2015-10-01): (none) -> notified refused on 2015-10-01: R162-45 to R162-45-2 "
              "apply from 2015-11-22 to 2017-04-07 (décret 2015-1511, décret 2017-500)")],
        "case_invalid_history: the first bad step of each bad history, in date order, in the case's calendar")

    # many cases imported in reverse order: the view still feeds each history in date order
    for case_id in range(100, 300):
        new_case(db, case_id)
    rows = []
    for case_id in range(299, 99, -1):
        rows += [(case_id, 4, "completed", "2020-02-15"), (case_id, 3, "signed", "2016-02-15"),
                 (case_id, 2, "establishment_draft", "2016-01-25"), (case_id, 1, "notified", "2016-01-04")]
    db.executemany("INSERT INTO case_step (case_id, seq, state, occurred_on) VALUES (?, ?, ?, ?)", rows)
    is_(db.execute("SELECT count(*) FROM case_invalid_history WHERE case_id >= 100").fetchone()[0], 0,
        "case_invalid_history: 200 histories inserted backwards are read in date order")


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
    ARGS = p.parse_args()
    for t in [test_schema, test_establishment, test_case_file, test_case_risk, test_paths, test_refusals,
              test_append_only, test_views, test_demo]:
        try:
            t()
        except Exception:  # a crash in one group is a failure, the others still run
            tap(False, "%s ran to its end" % t.__name__, traceback.format_exc())
    print("1..%d" % N)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
