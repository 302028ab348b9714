#!/usr/bin/env python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The bad-input matrix of capes: tests/hardening/matrix.csv.

For every function of capes_functions[] and every one of its arguments, the same classes of bad
input (NULL, empty, spaces, case and spaces of a valid code, unknown code, bytes that are
not UTF-8, a NUL byte, a 1 MB string, negative and huge numbers, a number where text is
expected and the reverse, a BLOB, dates at and past the limits, impossible dates, NaN and
infinities), each written once for SQLite and once for PostgreSQL with what each engine
documents for it: a value, NULL, a capes error (its SQLite code or SQLSTATE and its exact
message) or the engine's own error when the engine refuses the input before capes sees it
(PostgreSQL's typed input: 22P02, 22007, 22008, 22021, 42883).

    python3 tests/hardening/matrix.py            # rewrite tests/hardening/matrix.csv
    python3 tests/hardening/matrix.py --check    # compare the committed file with the model

What capes answers to a text is computed by the independent model of the vectors
(tests/vectors/oracle.py, which shares no code with core/); what depends on the engine's
typing (SQLite's storage classes, PostgreSQL's input functions and implicit casts) is
written out below, class by class. The committed CSV is what the suites read.

Columns of matrix.csv:
  id            unique: FUNCTION-ARGUMENT-CLASS
  fn, arg, class
  sqlite_args   the SQL argument list given to the function in SQLite, '-' where the class
                has no SQLite form
  sqlite_expected  result as text (NULL, '' for an empty string or no rows, money with two
                decimals, rates with four, booleans true/false, table rows ';' and columns
                '|'); empty when the call fails
  sqlite_code   1 (SQLITE_ERROR) or 19 (SQLITE_CONSTRAINT) when the call fails
  sqlite_message   the exact message (sqlite3_errmsg)
  pg_args, pg_expected, pg_sqlstate, pg_message: the same for PostgreSQL; a pg_message
                starting with '~' is a LIKE pattern (the server's own wording around a
                type list), an empty one is not compared (the server quotes 1 MB back)
"""
import csv
import io
import os
import sys
import unicodedata

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "vectors"))

import oracle  # noqa: E402
from oracle import NULL, OMIT, Fail, WHAT, shown  # noqa: E402

oracle.decimal.getcontext().prec = 1100  # the oracle's own 200 digits do not hold 1e1000 in cents
# The oracle's fold, character by character, as one translation table built from it
# (the same function, fast on 1 MB strings).
_FOLD = {c: oracle.fold(chr(c)) for c in range(256) if oracle.fold(chr(c)) != chr(c)}
oracle.fold = lambda s: s.translate(_FOLD)

MB = 1048576
COLUMNS = ["id", "fn", "arg", "class", "sqlite_args", "sqlite_expected", "sqlite_code", "sqlite_message",
           "pg_args", "pg_expected", "pg_sqlstate", "pg_message"]

# ------------------------------------------------------- the functions (capes_functions[])

# name, kind, number of required arguments, [(argument, type, valid value[, value while the others are tested])].
# The term of a step (until, from_until, 1.1) is given as NULL (its default) while another argument is tested, so
# that the valid call stays valid; its own classes are built on the valid date.
FUNCTIONS = [
    ("capes_penalty_rate", "scalar", 2, [("risks", "risks", "2"), ("level", "level", "partial")]),
    ("capes_penalty", "scalar", 3, [("risks", "risks", "2"), ("level", "level", "partial"),
                                    ("revenue", "revenue", "1000000")]),
    ("capes_refusal_penalty", "scalar", 1, [("revenue", "revenue", "1000000")]),
    ("capes_contract_rate", "aggregate", 2, [("risk", "risk", "infectious"), ("level", "level", "none")]),
    ("capes_contract_penalty", "aggregate", 3, [("risk", "risk", "infectious"), ("level", "level", "none"),
                                                ("revenue", "revenue", "1000000")]),
    ("capes_deadline", "scalar", 2, [("start", "date", "2016-04-30"), ("kind", "kind", "establishment_draft"),
                                     ("calendar", "calendar", "fr")]),
    ("capes_due", "scalar", 2, [("state", "state", "notified"), ("since", "date", "2016-04-30"),
                                ("calendar", "calendar", "fr"), ("until", "date", "2016-06-01", NULL)]),
    ("capes_schedule", "table", 2, [("state", "state", "notified"), ("since", "date", "2016-01-04"),
                                    ("calendar", "calendar", "fr"), ("until", "date", "2016-06-01", NULL)]),
    ("capes_transition_valid", "scalar", 2, [("from", "state", "notified"), ("to", "state", "establishment_draft")]),
    ("capes_transition_error", "scalar", 4, [("from", "state", "notified"), ("to", "state", "agency_draft"),
                                             ("from_date", "date", "2016-01-04"), ("to_date", "date", "2016-01-20"),
                                             ("calendar", "calendar", "fr"), ("from_until", "date", "2016-02-01", NULL),
                                             ("until", "date", "2016-02-01", NULL)]),
    ("capes_check_transition", "scalar", 4, [("from", "state", "notified"), ("to", "state", "establishment_draft"),
                                             ("from_date", "date", "2016-01-04"), ("to_date", "date", "2016-01-20"),
                                             ("calendar", "calendar", "fr"), ("from_until", "date", "2016-02-01", NULL),
                                             ("until", "date", "2016-02-01", NULL)]),
    ("capes_history_error", "aggregate", 2, [("state", "state", "notified"), ("occurred_on", "date", "2016-01-04"),
                                             ("calendar", "calendar", "fr"), ("until", "date", "2016-02-01", NULL)]),
    ("capes_history_check", "aggregate", 2, [("state", "state", "notified"), ("occurred_on", "date", "2016-01-04"),
                                             ("calendar", "calendar", "fr"), ("until", "date", "2016-02-01", NULL)]),
    ("capes_history_due", "aggregate", 2, [("state", "state", "notified"), ("occurred_on", "date", "2016-01-04"),
                                           ("calendar", "calendar", "fr"), ("until", "date", "2016-02-01", NULL)]),
    ("capes_amount_error", "scalar", 3, [("state", "state", "penalty_decided"), ("amount", "amount", "1000.00"),
                                         ("maximum", "amount", "3300.00"), ("envisaged", "amount", "2000.00")]),
    ("capes_check_amount", "scalar", 3, [("state", "state", "penalty_decided"), ("amount", "amount", "1000.00"),
                                         ("maximum", "amount", "3300.00"), ("envisaged", "amount", "2000.00")]),
    ("capes_next_states", "table", 1, [("state", "state", "notified")]),
    ("capes_states", "table", 0, []),
    ("capes_codes", "table", 0, []),
    ("capes_is_working_day", "scalar", 1, [("day", "date", "2016-01-04"), ("calendar", "calendar", "fr")]),
    ("capes_holidays", "table", 1, [("year", "year", "2016"), ("calendar", "calendar", "fr")]),
    ("capes_in_force", "scalar", 1, [("day", "date", "2016-01-04")]),
    ("capes_label", "scalar", 1, [("code", "label", "partial"), ("lang", "lang", "en")]),
    ("capes_sources", "table", 0, []),
    ("capes_interpretations", "table", 0, []),
    ("capes_version", "scalar", 0, []),
]

ARG_BASE = {fn: [(a[0], a[3] if len(a) > 3 else a[2]) for a in args] for fn, _, _, args in FUNCTIONS}
CODE_TYPES = {"risk", "level", "kind", "calendar", "state", "lang", "label"}
# What SQLite's glue tells a value of the wrong storage class it must be (sqlite_ext/values.c).
SQLITE_EXPECTED = {
    "risks": "a whole number", "year": "a whole number", "date": "a date 'YYYY-MM-DD' as text",
    "revenue": "an amount as integer, real or decimal text", "label": "a risk, degree or state code as text",
    "amount": "an amount as integer, real or decimal text",
}
for _t in ("risk", "level", "kind", "calendar", "state", "lang"):
    SQLITE_EXPECTED[_t] = WHAT[_t] + " as text"
DATE_RANGE = "a date from 1583-01-01 to 9999-12-31"

# ------------------------------------------------------------------ outcomes

# An outcome is ("value", text), ("null",), ("error", code, message), or None (class not
# applicable to this engine). code: the SQLite code or the SQLSTATE.


def value(text):
    return ("value", text)


def sqlite_error_of(fail):
    return ("error", "19" if fail.sqlstate == "23514" else "1", fail.message)


_models = {}


def model(fn, kind, args):
    """What capes answers to these text arguments (OMIT: not given), by the oracle."""
    key = (fn, tuple(args))
    if key not in _models:
        _models[key] = _model(fn, kind, args)
    return _models[key]


def _model(fn, kind, args):
    args = list(args)
    while args and args[-1] is OMIT:
        args.pop()
    try:
        if fn == "capes_version":
            return value(oracle.RELEASE)
        if fn in ("capes_contract_rate", "capes_contract_penalty"):
            revenue = args[2] if len(args) > 2 else OMIT
            r = oracle.contract(fn, [(args[0], args[1])], revenue)
        elif fn in ("capes_history_error", "capes_history_check", "capes_history_due"):
            r = oracle.history_fn(fn, [(args[0], args[1]) + ((args[3],) if len(args) > 3 else ())],
                                  args[2] if len(args) > 2 else OMIT)
        elif kind == "table":
            r = oracle.table_call(fn, args)
        else:
            r = oracle.call(fn, args)
    except Fail as f:
        return ("fail", f)
    return ("null",) if r is NULL else value(r)


def for_sqlite(o):
    return sqlite_error_of(o[1]) if o[0] == "fail" else o


def for_pg(o):
    return ("error", o[1].sqlstate, o[1].message) if o[0] == "fail" else o


def replace_marker(o, marker, shown_as):
    """The oracle works on str: bytes that are not UTF-8 are given to it as control
    characters (shown \\x1F...), then put back as capes shows them."""
    if o[0] == "error":
        return ("error", o[1], o[2].replace(marker, shown_as))
    return o


def type_error(fn, arg, t, given):
    return ("error", "1", "%s: %s must be %s (got %s)" % (fn, arg, SQLITE_EXPECTED[t], given))


def no_function(fn):
    return ("error", "42883", "~function %s(%%) does not exist" % fn)


def pg_input(sqlstate, message):
    return ("error", sqlstate, message)


def blob_given(data):
    shown_hex = data[:16].hex().upper()
    return "blob x'%s'%s" % (shown_hex, "..." if len(data) > 16 else "")


def mixed(code):
    """'  PaRtIaL ': a valid code in mixed case with surrounding spaces."""
    out, up = [], True
    for c in code:
        if c.isalpha():
            out.append(c.upper() if up else c.lower())
            up = not up
        else:
            out.append(c)
    return "  " + "".join(out) + " "


def sq(text):
    return "'" + text.replace("'", "''") + "'"


# ------------------------------------------------------------------ the classes

class Case:
    """One class of input for one argument: the SQL of each engine and, for each, either
    the text capes is given (computed through the model) or an outcome written out."""

    def __init__(self, name, sqlite=None, pg=None, sqlite_text=None, pg_text=None, sqlite_out=None, pg_out=None,
                 marker=None):
        self.name = name
        self.sqlite, self.pg = sqlite, pg
        self.sqlite_text, self.pg_text = sqlite_text, pg_text
        self.sqlite_out, self.pg_out = sqlite_out, pg_out
        self.marker = marker  # (marker text given to the model, how capes shows the real bytes)


# Characters that cannot be seen, such as U+00A0 (no-break space, not trimmed like a space)
# or U+200B (zero-width space, pasted from a web page), and combining marks (U+0301 after
# a valid code) would make a message read "(got 'partial')" for a code that looks valid if
# they were written raw: the core shows them \uXXXX (docs/rules.md#given-values), as it
# shows bytes that are not UTF-8 \xNN; the oracle's shown() models it. Two arguments
# carry these classes.
INVISIBLE_ARGS = {("capes_penalty_rate", "level"), ("capes_label", "code")}


def show_invisible(o):
    """The outcome with the invisible characters of its message escaped as \\uXXXX."""
    if o[0] != "error":
        return o
    out = []
    for ch in o[2]:
        cat = unicodedata.category(ch)
        if (cat in ("Zs", "Cf", "Zl", "Zp") and ch != " ") or 0x80 <= ord(ch) <= 0x9F:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    return (o[0], o[1], "".join(out))


def code_cases(fn, arg, t, v):
    hexv = v.encode().hex()
    extra = []
    if (fn, arg) in INVISIBLE_ARGS:
        for name, text in (("no_break_spaces", "\u00a0%s\u00a0" % v), ("zero_width_space", v + "\u200b"),
                           ("combining_accent", v + "\u0301")):
            o = model(fn, "scalar", [text if a == arg else b for a, b in ARG_BASE[fn]])
            extra.append(Case(name, sq(text), sq(text), sqlite_out=show_invisible(for_sqlite(o)),
                              pg_out=show_invisible(for_pg(o))))
    return extra + [
        Case("null", "NULL", "NULL", NULL, NULL),
        Case("empty", "''", "''", "", ""),
        Case("spaces", "'   '", "'   '", "   ", "   "),
        Case("case_and_spaces", sq(mixed(v)), sq(mixed(v)), mixed(v), mixed(v)),
        Case("pg_varchar", None, sq(mixed(v)) + "::varchar", pg_text=mixed(v)),
        Case("unknown", "'unknown_code'", "'unknown_code'", "unknown_code", "unknown_code"),
        Case("not_utf8", "CAST(x'fffe' AS TEXT)", "E'\\xff\\xfe'", sqlite_text="\x1f\x1e",
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0xff'),
             marker=("\\x1F\\x1E", "\\xFF\\xFE")),
        Case("nul_byte", "CAST(x'%s00' AS TEXT)" % hexv, "E'%s\\x00'" % v, sqlite_text=v + "\x00",
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0x00')),
        Case("one_mb", "replace(hex(zeroblob(%d)), '0', 'x')" % (MB // 2), "repeat('x', %d)" % MB,
             "x" * MB, "x" * MB),
        Case("integer", "1", "1", sqlite_out=type_error(fn, arg, t, "integer 1"), pg_out=no_function(fn)),
        Case("real", "1.5", "1.5", sqlite_out=type_error(fn, arg, t, "real 1.5"), pg_out=no_function(fn)),
        Case("blob", "x'%s'" % hexv, "'\\x%s'::bytea" % hexv,
             sqlite_out=type_error(fn, arg, t, blob_given(v.encode())), pg_out=no_function(fn)),
    ]


def date_cases(fn, arg, t, v):
    hexv = v.encode().hex()

    def pg_range(given):
        return ("error", "22008", "%s: %s must be %s (got '%s')" % (fn, arg, DATE_RANGE, given))

    def pg_syntax(text):
        return pg_input("22007", 'invalid input syntax for type date: "%s"' % text)

    def pg_field(text):
        return pg_input("22008", 'date/time field value out of range: "%s"' % text)

    return [
        Case("null", "NULL", "NULL", NULL, NULL),
        Case("empty", "''", "''", sqlite_text="", pg_out=pg_syntax("")),
        Case("spaces", "'   '", "'   '", sqlite_text="   ", pg_out=pg_syntax("   ")),
        Case("surrounding_spaces", sq(" %s " % v), sq(" %s " % v), " %s " % v, v),
        Case("with_time", sq(v + " 10:30"), sq(v + " 10:30"), v + " 10:30", v),
        Case("basic_iso", sq(v.replace("-", "")), sq(v.replace("-", "")), v.replace("-", ""), v),
        Case("unknown", "'not a date'", "'not a date'", sqlite_text="not a date", pg_out=pg_syntax("not a date")),
        Case("not_utf8", "CAST(x'fffe' AS TEXT)", "E'\\xff\\xfe'", sqlite_text="\x1f\x1e",
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0xff'),
             marker=("\\x1F\\x1E", "\\xFF\\xFE")),
        Case("nul_byte", "CAST(x'%s00' AS TEXT)" % hexv, "E'%s\\x00'" % v, sqlite_text=v + "\x00",
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0x00')),
        Case("one_mb", "replace(hex(zeroblob(%d)), '0', 'x')" % (MB // 2), "repeat('x', %d)::date" % MB,
             sqlite_text="x" * MB, pg_out=pg_input("22007", "")),
        Case("integer", v.replace("-", ""), v.replace("-", ""),
             sqlite_out=type_error(fn, arg, t, "integer " + v.replace("-", "")), pg_out=no_function(fn)),
        Case("real", "2016.5", "2016.5", sqlite_out=type_error(fn, arg, t, "real 2016.5"), pg_out=no_function(fn)),
        Case("blob", "x'%s'" % hexv, "'\\x%s'::bytea" % hexv,
             sqlite_out=type_error(fn, arg, t, blob_given(v.encode())), pg_out=no_function(fn)),
        Case("pg_timestamp", None, sq(v + " 10:30") + "::timestamp", pg_out=no_function(fn)),
        Case("pg_text", None, sq(v) + "::text", pg_out=no_function(fn)),
        Case("first_day", "'1583-01-01'", "'1583-01-01'", "1583-01-01", "1583-01-01"),
        Case("before_first_day", "'1582-12-31'", "'1582-12-31'", "1582-12-31", "1582-12-31"),
        Case("last_day", "'9999-12-31'", "'9999-12-31'", "9999-12-31", "9999-12-31"),
        Case("after_last_day", "'10000-01-01'", "'10000-01-01'", sqlite_text="10000-01-01",
             pg_out=pg_range("10000-01-01")),
        Case("infinity", "'infinity'", "'infinity'", sqlite_text="infinity", pg_out=pg_range("infinity")),
        Case("minus_infinity", "'-infinity'", "'-infinity'", sqlite_text="-infinity", pg_out=pg_range("-infinity")),
        Case("pg_first_bc_day", None, "'4713-11-24 BC'", pg_out=pg_range("-4712-11-24")),
        Case("pg_last_date", None, "'5874897-12-31'", pg_out=pg_range("5874897-12-31")),
        Case("impossible_day", "'2016-02-30'", "'2016-02-30'", sqlite_text="2016-02-30",
             pg_out=pg_field("2016-02-30")),
        Case("not_leap", "'2015-02-29'", "'2015-02-29'", sqlite_text="2015-02-29", pg_out=pg_field("2015-02-29")),
        Case("month_13", "'2016-13-01'", "'2016-13-01'", sqlite_text="2016-13-01", pg_out=pg_field("2016-13-01")),
        Case("year_zero", "'0000-01-01'", "'0000-01-01'", sqlite_text="0000-01-01", pg_out=pg_field("0000-01-01")),
    ]


def int_cases(fn, arg, t, v):
    """A count of risks or a year (docs/rules.md#whole-numbers): SQLite gives capes INTEGER, REAL and TEXT alike
    (the model reads the text), PostgreSQL resolves an untyped literal to the double precision function (so its own
    input is double precision's), a bigint or numeric to their functions."""
    def pg_syntax(text):
        return pg_input("22P02", 'invalid input syntax for type double precision: "%s"' % text)

    in_range = "a number of risks from 0 to 3" if t == "risks" else "a year from 1583 to 9999"
    cases = [
        Case("null", "NULL", "NULL", NULL, NULL),
        Case("empty", "''", "''", sqlite_text="", pg_out=pg_syntax("")),
        Case("spaces", "'   '", "'   '", sqlite_text="   ", pg_out=pg_syntax("   ")),
        Case("surrounding_spaces", sq(" %s " % v), sq(" %s " % v), " %s " % v, v),
        Case("digits_as_text", sq(v), sq(v) + "::text", v, pg_out=no_function(fn)),
        Case("unknown", "'two'", "'two'", sqlite_text="two", pg_out=pg_syntax("two")),
        Case("not_utf8", "CAST(x'fffe' AS TEXT)", "E'\\xff\\xfe'",
             sqlite_out=("error", "1", "%s: %s must be a whole number (got '\\xFF\\xFE')" % (fn, arg)),
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0xff')),
        # a million nines: written out (the model's int() of a million digits is Python's limit)
        Case("one_mb", "replace(hex(zeroblob(%d)), '0', '9')" % (MB // 2), "repeat('9', %d)::integer" % MB,
             sqlite_out=("error", "1", "%s: %s must be %s (got %s...)" % (fn, arg, in_range, "9" * 40)),
             pg_out=pg_input("22003", "")),
        Case("minus_one", "-1", "-1", "-1", "-1"),
        Case("int32_max", "2147483647", "2147483647", "2147483647", "2147483647"),
        Case("int32_max_plus_one", "2147483648", "2147483648", "2147483648", "2147483648"),
        Case("int64_max", "9223372036854775807", "9223372036854775807", "9223372036854775807",
             "9223372036854775807"),
        Case("int64_min", "-9223372036854775808", "-9223372036854775808", "-9223372036854775808",
             "-9223372036854775808"),
        Case("real", "%s.0" % v, "%s.0" % v, "%s.0" % v, "%s.0" % v),
        Case("fraction", "%s.5" % v, "%s.5" % v, "%s.5" % v, "%s.5" % v),
        # 1e16, not 1e300: SQLite parses exponents in long double, which valgrind computes in double
        Case("real_huge", "1e16", "1e16", "1e16", "1e16"),
        Case("nan_text", "'NaN'", "'NaN'::numeric", "NaN", "NaN"),
        Case("infinity", "1e999", "'Infinity'::float8", "Infinity", "Infinity"),
        Case("blob", "x'02'", "'\\x02'::bytea", sqlite_out=type_error(fn, arg, t, "blob x'02'"),
             pg_out=no_function(fn)),
        Case("pg_smallint", None, "%s::smallint" % v, pg_text=v),
        Case("pg_float8", None, "%s::float8" % v, pg_text=v),
        Case("pg_numeric_scaled", None, "%s::numeric(10, 4)" % v, pg_text=v + ".0000"),
    ]
    if t == "risks":
        cases.append(Case("four", "4", "4", "4", "4"))
    else:
        cases += [Case("first_year", "1583", "1583", "1583", "1583"),
                  Case("before_first_year", "1582", "1582", "1582", "1582"),
                  Case("last_year", "9999", "9999", "9999", "9999"),
                  Case("after_last_year", "10000", "10000", "10000", "10000")]
    return cases


def revenue_cases(fn, arg, t, v):
    """A revenue, or (1.1) an amount of capes_amount_error: the same classes; where a revenue's answer is written
    out below because it is the range error, an amount's (which may be a reason instead) comes from the model."""
    range_msg = "%s: %s must be an amount from 0 to 10000000000000 (got '%%s')" % (fn, arg)

    def written(sqlite_out, text):
        if t == "amount" and text is not None:
            return {"sqlite_text": text}
        return {"sqlite_out": sqlite_out}

    def pg_syntax(text):
        return pg_input("22P02", 'invalid input syntax for type numeric: "%s"' % text)

    return [
        Case("null", "NULL", "NULL", NULL, NULL),
        Case("empty", "''", "''", sqlite_text="", pg_out=pg_syntax("")),
        Case("spaces", "'   '", "'   '", sqlite_text="   ", pg_out=pg_syntax("   ")),
        Case("surrounding_spaces", "' 1000000.00 '", "' 1000000.00 '", " 1000000.00 ", "1000000.00"),
        Case("exponent", "'1e6'", "'1e6'", "1e6", "1000000"),
        Case("unknown", "'abc'", "'abc'", sqlite_text="abc", pg_out=pg_syntax("abc")),
        Case("not_utf8", "CAST(x'fffe' AS TEXT)", "E'\\xff\\xfe'", sqlite_text="\x1f\x1e",
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0xff'),
             marker=("\\x1F\\x1E", "\\xFF\\xFE")),
        Case("nul_byte", "CAST(x'%s00' AS TEXT)" % v.encode().hex(), "E'%s\\x00'" % v, sqlite_text=v + "\x00",
             pg_out=pg_input("22021", 'invalid byte sequence for encoding "UTF8": 0x00')),
        # the model cannot multiply a million digits at its precision: written out
        Case("one_mb_nines", "replace(hex(zeroblob(%d)), '0', '9')" % (MB // 2), "repeat('9', %d)::numeric" % MB,
             sqlite_out=("error", "1", range_msg.replace("'%s'", "%s") % shown("9" * MB)),
             pg_out=pg_input("22003", "value overflows numeric format")),
        Case("one_mb_zeros", "hex(zeroblob(%d))" % (MB // 2), "repeat('0', %d)::numeric" % MB, "0" * MB, "0"),
        Case("one_mb_fraction", "'0.' || hex(zeroblob(%d)) || '1'" % (MB // 2), None, "0." + "0" * MB + "1"),
        Case("minus_one", "-1", "-1", pg_text="-1", **written(("error", "1", range_msg % "-1"), "-1")),
        Case("minus_one_text", "'-1'", "'-1'", "-1", "-1"),
        Case("minus_tenth_of_cent", "'-0.001'", "-0.001", "-0.001", "-0.001"),
        Case("max", "10000000000000", "10000000000000", "10000000000000", "10000000000000"),
        Case("max_plus_cent", "'10000000000000.01'", "10000000000000.01", "10000000000000.01",
             "10000000000000.01"),
        Case("integer_1e14", "100000000000000", "100000000000000", pg_text="100000000000000",
             **written(("error", "1", range_msg % "100000000000000"), "100000000000000")),
        Case("int64_max", "9223372036854775807", "9223372036854775807", pg_text="9223372036854775807",
             **written(("error", "1", range_msg % "9223372036854775807"), "9223372036854775807")),
        Case("infinity", "1e999", "'Infinity'::numeric", pg_text="Infinity",
             **written(("error", "1", range_msg % "Infinity"), "Infinity")),
        Case("minus_infinity", "-1e999", "'-Infinity'::numeric", pg_text="-Infinity",
             **written(("error", "1", range_msg % "-Infinity"), "-Infinity")),
        # SQLite has no NaN value: 0.0/0 is NULL
        Case("nan", "0.0/0", "'NaN'::numeric", NULL, "NaN"),
        Case("real", "1000000.0", "1000000.0", "1000000", "1000000.0"),
        # 1e16, not 1e300: SQLite parses exponents in long double, which valgrind computes
        # in double, so 1e300 would not be the same REAL under valgrind
        Case("real_huge", "1e16", "1e16", pg_text="10000000000000000",
             **written(("error", "1", range_msg % "10000000000000000"), "10000000000000000")),
        Case("pg_numeric_huge", None, "1e1000", pg_text="1" + "0" * 1000),
        Case("digits_as_text", "'1000000'", "'1000000'::text", "1000000", pg_out=no_function(fn)),
        Case("pg_bigint", None, "1000000::bigint", pg_text="1000000"),
        Case("pg_float8", None, "1e6::float8", pg_out=no_function(fn)),
        Case("pg_money", None, "'1000000'::money", pg_out=no_function(fn)),
        Case("blob", "x'31'", "'\\x31'::bytea", sqlite_out=type_error(fn, arg, t, "blob x'31'"),
             pg_out=no_function(fn)),
    ]


def cases_for(fn, arg, t, v):
    if t in CODE_TYPES:
        return code_cases(fn, arg, t, v)
    if t == "date":
        return date_cases(fn, arg, t, v)
    if t in ("risks", "year"):
        return int_cases(fn, arg, t, v)
    return revenue_cases(fn, arg, t, v)


# ------------------------------------------------------------------ rows

def outcome_cells(o, sqlite):
    """(expected, code, message) cells of an outcome."""
    if o is None:
        return ("", "", "")
    if o[0] == "value":
        return ("''" if o[1] == "" else o[1], "", "")
    if o[0] == "null":
        return ("NULL", "", "")
    return ("", o[1], o[2])


def sql_value(text):
    """A valid argument as SQL: NULL, integers bare, the rest quoted."""
    if text is NULL:
        return "NULL"
    return text if text.lstrip("-").isdigit() else sq(text)


def rows():
    out = []

    def add(fn, arg, cls, sqlite_args, sqlite_o, pg_args, pg_o):
        s = outcome_cells(sqlite_o, True)
        p = outcome_cells(pg_o, False)
        out.append(["%s-%s-%s" % (fn[6:], arg, cls), fn, arg, cls,
                    "-" if sqlite_args is None else sqlite_args, *s,
                    "-" if pg_args is None else pg_args, *p])

    for fn, kind, required, args in FUNCTIONS:
        base = [v for _, v in ARG_BASE[fn]]
        base_sql = ", ".join(sql_value(v) for v in base)
        # the valid call, all arguments given, and with the optional one left out
        if args or fn == "capes_version":  # the other tables without arguments are not modelled
            o = model(fn, kind, base)
            add(fn, "-", "valid", base_sql, for_sqlite(o), base_sql, for_pg(o))
        if required < len(args):
            short = base[:required]
            short_sql = ", ".join(sql_value(v) for v in short)
            o = model(fn, kind, short)
            add(fn, "-", "optional_left_out", short_sql, for_sqlite(o), short_sql, for_pg(o))
        # arity: one argument too many, one too few
        extra = base_sql + (", " if base else "") + "'x'"
        if kind == "table":
            sqlite_many = ("error", "1", "too many arguments on %s() - max %d" % (fn, len(args)))
        else:
            sqlite_many = ("error", "1", "wrong number of arguments to function %s()" % fn)
        add(fn, "-", "too_many_arguments", extra, sqlite_many, extra, no_function(fn))
        if required:
            fewer = ", ".join(sql_value(v) for v in base[:required - 1])
            name, t = args[required - 1][:2]
            if kind == "table":  # a hidden column left out
                sqlite_few = ("error", "1", "%s: %s must be %s (got no argument)" % (fn, name, SQLITE_EXPECTED[t]))
            else:
                sqlite_few = ("error", "1", "wrong number of arguments to function %s()" % fn)
            add(fn, "-", "too_few_arguments", fewer, sqlite_few, fewer, no_function(fn))
        # every class of bad input, argument by argument, the others valid
        for i, (name, t, v, *_) in enumerate(args):
            for c in cases_for(fn, name, t, v):
                def call_sql(expr):
                    if expr is None:
                        return None
                    return ", ".join(expr if j == i else sql_value(base[j]) for j in range(len(base)))

                def through_model(text):
                    a = list(base)
                    a[i] = text
                    return model(fn, kind, a)

                so = c.sqlite_out
                if so is None and c.sqlite is not None:
                    so = for_sqlite(through_model(c.sqlite_text))
                    if c.marker:
                        so = replace_marker(so, *c.marker)
                po = c.pg_out
                if po is None and c.pg is not None:
                    po = for_pg(through_model(c.pg_text))
                add(fn, name, c.name, call_sql(c.sqlite), so if c.sqlite is not None else None,
                    call_sql(c.pg), po if c.pg is not None else None)
    return out


def render():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows():
        w.writerow(r)
    return buf.getvalue()


# SQLite has no infinite date: 'infinity' is a text there, a date in PostgreSQL.
NOT_THE_SAME_INPUT = {"infinity", "minus_infinity"}


def cross_engine(text):
    """docs/rules.md#errors: the same call fails the same way with the same text in both engines. For
    each class, the rows whose SQL is the same in both engines and which capes answers in
    both (a value, NULL, or capes' own error, not an engine's refusal) must agree. Yields
    (ok, description, diagnostics)."""
    by_class = {}
    for r in csv.DictReader(io.StringIO(text)):
        if r["sqlite_args"] != r["pg_args"] or r["sqlite_args"] == "-" or r["class"] in NOT_THE_SAME_INPUT:
            continue
        capes = r["fn"] + ": "
        s_err, p_err = bool(r["sqlite_code"]), bool(r["pg_sqlstate"])
        if (s_err and not r["sqlite_message"].startswith(capes)) or (p_err and not r["pg_message"].startswith(capes)):
            continue  # an engine refused the input before capes saw it (documented per row)
        if s_err != p_err:
            continue  # one engine's typed input made it valid or invalid first (documented per row)
        if s_err and (r["sqlite_code"] == "19") != (r["pg_sqlstate"] == "23514"):
            continue  # one engine's typed input refused it (22xxx), the other's let capes refuse the step (23514)
        same = (r["sqlite_message"] == r["pg_message"]) if s_err else (r["sqlite_expected"] == r["pg_expected"])
        by_class.setdefault(r["class"], []).append((same, r))
    for cls in sorted(by_class):
        rows = by_class[cls]
        bad = [r for same, r in rows if not same]
        diag = ["%s(%s):\n  SQLite:     %s\n  PostgreSQL: %s" % (r["fn"], r["sqlite_args"][:60],
                                                                 r["sqlite_message"] or r["sqlite_expected"],
                                                                 r["pg_message"] or r["pg_expected"]) for r in bad]
        yield (not bad, "cross-engine, class %s: the same SQL gets the same answer from capes in SQLite and "
               "PostgreSQL (%d rows)" % (cls, len(rows)), diag)


def main():
    path = os.path.join(HERE, "matrix.csv")
    text = render()
    if "--check" in sys.argv:
        with open(path, encoding="utf-8", newline="") as f:
            committed = f.read()
        same = committed == text
        print(("ok 1" if same else "not ok 1") + " - tests/hardening/matrix.csv is what tests/hardening/matrix.py "
              "writes (%d rows)" % (text.count("\n") - 1))
        if not same:
            print("#   run python3 tests/hardening/matrix.py and review the difference")
        n, failed = 1, not same
        for ok, description, diag in cross_engine(committed):
            n += 1
            failed |= not ok
            print("%s %d - %s" % ("ok" if ok else "not ok", n, description))
            for d in diag[:6]:
                for line in d.splitlines():
                    print("#   " + line)
        return 1 if failed else 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print("%s: %d rows" % (path, text.count("\n") - 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
