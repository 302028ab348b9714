#!/usr/bin/python3
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""The proofs that `make test-sqlite-fr` runs the SQLite suite in French.

Run by tests/locale/locale.mk in the environment it then gives `make test-sqlite`:
LC_ALL=fr_FR.UTF-8 and tests/locale/python-fr first on PYTHONPATH, whose sitecustomize
calls setlocale(LC_ALL, "") in every Python process. A run that only looks French would
prove nothing, so this checks, in a Python process started the same way, that the hook ran
and that the C library -- the one capes.so calls -- writes and reads a decimal comma.
Prints TAP."""

import ctypes
import locale
import os
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
FR = "fr_FR.UTF-8"
HOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python-fr", "sitecustomize.py")
count = failed = 0


def report(ok, name, *diagnostics):
    global count, failed
    count += 1
    failed += not ok
    print(f"{'ok' if ok else 'not ok'} {count} - {name}")
    for line in diagnostics if not ok else ():
        print(f"#   {line}")


def main():
    report(os.environ.get("LC_ALL") == FR, f"LC_ALL is {FR} in the environment",
           f"got LC_ALL={os.environ.get('LC_ALL')!r}")
    hook = sys.modules.get("sitecustomize")
    where = os.path.realpath(getattr(hook, "__file__", "") or "")
    report(where == os.path.realpath(HOOK), "Python imported tests/locale/python-fr/sitecustomize.py at startup",
           f"sitecustomize is {where or 'not imported'}")
    numeric = locale.setlocale(locale.LC_NUMERIC)  # the query form: changes nothing
    report(numeric == FR, f"LC_NUMERIC is {FR} in the process (setlocale was called)", f"got {numeric!r}")
    libc = ctypes.CDLL(None)
    buf = ctypes.create_string_buffer(64)
    libc.snprintf(buf, ctypes.c_size_t(len(buf)), b"%.2f", ctypes.c_double(1234.5))
    report(buf.value == b"1234,50", "the C library's snprintf(\"%.2f\", 1234.5) writes 1234,50",
           f"got {buf.value!r}")
    libc.strtod.restype = ctypes.c_double
    libc.strtod.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    got = libc.strtod(b"0,25", None)
    report(got == 0.25, "the C library's strtod(\"0,25\") reads 0.25", f"got {got!r}")
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
