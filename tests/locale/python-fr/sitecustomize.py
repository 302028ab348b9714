# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Makes every Python process of `make test-sqlite-fr` follow its user's locale.

tests/locale/locale.mk puts this directory first on PYTHONPATH, with LC_ALL=fr_FR.UTF-8, for
the SQLite suite run exactly as `make test-sqlite` runs it. Python takes only LC_CTYPE from
the environment at startup; a program that follows its user's locale calls
setlocale(LC_ALL, ""), and Python's site module imports this file at startup to do just
that, so that printf and strtod in the process -- in capes.so too, once the suite loads it
-- write and read a decimal comma. A process that cannot take the locale stops here rather
than run the suite in "C" and pass for French. (This shadows Debian's own sitecustomize,
which only installs apport's exception hook.)"""

import locale
import sys

try:
    locale.setlocale(locale.LC_ALL, "")
except locale.Error as e:
    sys.stderr.write(f"tests/locale/python-fr/sitecustomize.py: setlocale(LC_ALL, \"\") failed: {e}\n")
    raise SystemExit(3)
