# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""TAP output for the SQLite suite, and what every part of it shares."""

import sqlite3


class Tap:
    """Numbered `ok N - name` / `not ok N - name` lines, with `#` diagnostics."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def report(self, ok, name, *diagnostics):
        self.count += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}")
        if not ok:
            for line in diagnostics:
                for part in str(line).splitlines() or [""]:
                    print(f"#   {part}")
        return ok

    def is_(self, got, expected, name):
        return self.report(got == expected, name, f"expected {expected!r}", f"got      {got!r}")

    def plan(self):
        print(f"1..{self.count}")


def connect(extension, path=":memory:"):
    """A connection in autocommit mode with capes loaded."""
    con = sqlite3.connect(path, isolation_level=None)
    con.enable_load_extension(True)
    con.load_extension(extension)
    con.enable_load_extension(False)
    return con


def outcome(con, sql, params=()):
    """('ok', rows) or ('error', exception)."""
    try:
        return "ok", con.execute(sql, params).fetchall()
    except sqlite3.Error as e:
        return "error", e


# docs/rules.md#errors: a refused transition is SQLITE_CONSTRAINT (IntegrityError), any other error
# SQLITE_ERROR.
SQLITE_ERROR, SQLITE_CONSTRAINT = 1, 19


def error_matches(e, sqlstate, message):
    """Whether a sqlite3 error is the one a vector's sqlstate and message describe."""
    want_class, want_code = (
        (sqlite3.IntegrityError, SQLITE_CONSTRAINT) if sqlstate == "23514"
        else (sqlite3.OperationalError, SQLITE_ERROR))
    return (type(e) is want_class and getattr(e, "sqlite_errorcode", None) == want_code
            and str(e) == message)


def describe_error(e):
    return f"{type(e).__name__} (code {getattr(e, 'sqlite_errorcode', '?')}): {e}"
