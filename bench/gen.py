# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Generates the benchmark data as CSV files (deterministic: same seed, same files).

  penalty_rows.csv    id,establishment,risks,level,revenue,day,calendar
                      one assessed establishment-year per row: risks not completely treated (0-3),
                      degree, revenue (euros with cents, up to billions), a date in 2015-2017, calendar
  contract_risks.csv  contract_id,establishment,risk,level,revenue
                      one row per risk of a contract (1 to 3 rows, the same revenue on each)
  holidays.csv        calendar,day   (bench/holidays.py, 2014-2019)

Usage: gen.py OUTDIR [ROWS]   (ROWS defaults to 1000000 for each table)
"""
import csv
import datetime
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import holidays  # noqa: E402

RISKS = ["infectious", "medication", "care_pathway"]
LEVELS = ["none", "partial", "complete"]
# metropolitan France dominates; each overseas department and Alsace-Moselle get a share
CAL_WEIGHTS = [("fr", 70), ("fr-alsace-moselle", 8), ("fr-guadeloupe", 3), ("fr-martinique", 3),
               ("fr-guyane", 3), ("fr-reunion", 3), ("fr-mayotte", 3), ("none", 7)]
FIRST_DAY = datetime.date(2015, 1, 1)
N_DAYS = (datetime.date(2017, 12, 31) - FIRST_DAY).days + 1


def revenue(rng):
    """Insurance products of one establishment: log-uniform from 10 thousand to 5 billion euros, with cents."""
    cents = int(math.exp(rng.uniform(math.log(1e6), math.log(5e11))))
    return "%d.%02d" % divmod(cents, 100)


def establishments(rng, n=2000):
    # FINESS-like numbers: department (2 digits) + 7 digits
    return ["%02d%07d" % (rng.randint(1, 95), rng.randrange(10**7)) for _ in range(n)]


def penalty_rows(rng, n, etabs):
    cals = [c for c, w in CAL_WEIGHTS for _ in range(w)]
    for i in range(1, n + 1):
        risks = rng.choices((0, 1, 2, 3), (20, 30, 30, 20))[0]
        level = rng.choices(LEVELS, (25, 45, 30))[0]
        day = FIRST_DAY + datetime.timedelta(rng.randrange(N_DAYS))
        yield (i, rng.choice(etabs), risks, level, revenue(rng), day.isoformat(), rng.choice(cals))


def contract_risks(rng, n, etabs):
    contract = 0
    written = 0
    while written < n:
        contract += 1
        k = min(rng.choices((1, 2, 3), (4, 6, 90))[0], n - written)
        etab, rev = rng.choice(etabs), revenue(rng)
        for risk in sorted(rng.sample(RISKS, k)):
            yield (contract, etab, risk, rng.choices(LEVELS, (20, 40, 40))[0], rev)
        written += k


def write(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20151122)  # the day R162-45 came into force
    etabs = establishments(rng)
    write(os.path.join(out, "holidays.csv"), ["calendar", "day"], holidays.rows(2014, 2019))
    write(os.path.join(out, "penalty_rows.csv"),
          ["id", "establishment", "risks", "level", "revenue", "day", "calendar"],
          penalty_rows(rng, n, etabs))
    write(os.path.join(out, "contract_risks.csv"),
          ["contract_id", "establishment", "risk", "level", "revenue"],
          contract_risks(rng, n, etabs))


if __name__ == "__main__":
    main()
