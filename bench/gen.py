# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
"""Generates the benchmark data as CSV files (deterministic: same seed, same files).

  penalty_rows.csv    id,establishment,risks,level,revenue,day,calendar
                      one assessed establishment-year per row: risks not completely treated (0-3),
                      degree, revenue (euros with cents, up to billions), a date in 2015-2017, calendar
  contract_risks.csv  contract_id,establishment,risk,level,revenue
                      one row per risk of a contract (1 to 3 rows, the same revenue on each)
  holidays.csv        calendar,day   (bench/holidays.py, 2014-2019)
  steps.csv           id,from_state,to_state,from_date,to_date,calendar
                      one step of a case per row, from a state where a deadline runs to a next
                      state the procedure allows (the vectors' model, tests/vectors/oracle.py),
                      60 to 140 days later (370 to 395 from a formal notice to a penalty), by 2017:
                      past every wait the procedure imposes
  histories.csv       case_id,seq,state,occurred_on,finess,calendar
                      whole histories of cases (about 120,000 steps), walks through the transition
                      table from a notification, 40 to 90 days between steps, for the bulk load of
                      the case register (the bench keeps the cases capes finds valid)
  histories_1m.csv    the same columns, 1,000,000 steps of about 107,000 cases (9.4 steps a case): longer
                      histories for the bulk load at the issue's scale (1M steps of about 100k cases)
                      and, replicated tenfold by bench.py, the history aggregates over 10M steps: cases
                      opened in the register's first month, 40 to 55 days between steps, at most 16
                      steps, and nine times in ten a case that could close goes on instead

Usage: gen.py OUTDIR [ROWS]   (ROWS defaults to 1000000 for each table; the histories are scaled
                              by ROWS / 1000000: 120,000 and 1,000,000 steps at the default)
"""
import csv
import datetime
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "vectors"))
import holidays  # noqa: E402
from oracle import ALLOWED  # noqa: E402

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


# The states where capes_due has a deadline running (README, capes_due), weighted as in a register.
STEP_FROM = [("notified", 20), ("establishment_draft", 15), ("agency_draft", 10), ("signed", 30),
             ("formal_notice", 15), ("penalty_proposed", 10)]
# Every date stays where the rules of the end of the regime (docs/rules.md#in-force) accept it:
# steps by 2017-12-31, first signatures by 2017-04-22, a penalty a year after its formal notice.
FIRST_DAY_STEP = datetime.date(2015, 11, 22)
LAST_FROM_DAY = datetime.date(2016, 11, 30)
LAST_DAY = datetime.date(2017, 12, 31)
LAST_SIGNATURE = datetime.date(2017, 4, 22)
HISTORY_STEPS = 120_000
HISTORY_STEPS_1M = 1_000_000


def steps(rng, n):
    froms = [s for s, w in STEP_FROM for _ in range(w)]
    cals = [c for c, w in CAL_WEIGHTS for _ in range(w)]
    span = (LAST_FROM_DAY - FIRST_DAY_STEP).days + 1
    for i in range(1, n + 1):
        frm = rng.choice(froms)
        to = rng.choice(ALLOWED[frm])
        day = FIRST_DAY_STEP + datetime.timedelta(rng.randrange(span))
        gap = rng.randint(370, 395) if (frm, to) == ("formal_notice", "penalty_proposed") else rng.randint(60, 140)
        yield (i, frm, to, day.isoformat(), (day + datetime.timedelta(gap)).isoformat(), rng.choice(cals))


def histories(rng, n_steps, etabs, start=220, gap=(40, 90), most=12, stay=0.0):
    """Cases from a notification through the transition table until closed, `most` steps or the end
    of 2017: opened within `start` days of the first day, `gap` days between steps (a year and more
    from a formal notice to a penalty), a move to completed or closed replaced by one of the other
    allowed moves with probability `stay` (the defaults draw what histories.csv has always held)."""
    cals = [c for c, w in CAL_WEIGHTS for _ in range(w)]
    calendar = {e: rng.choice(cals) for e in etabs}
    case = written = 0
    while written < n_steps:
        case += 1
        etab = rng.choice(etabs)
        state, signed = "notified", False
        day = FIRST_DAY_STEP + datetime.timedelta(rng.randrange(start))
        for seq in range(1, most + 1):
            yield (case, seq, state, day.isoformat(), etab, calendar[etab])
            written += 1
            if not ALLOWED[state] or written >= n_steps:
                break
            nxt = rng.choice(ALLOWED[state])
            if stay and nxt in ("completed", "closed") and rng.random() < stay:
                nxt = rng.choice([s for s in ALLOWED[state] if s not in ("completed", "closed")] or [nxt])
            days = rng.randint(370, 390) if (state, nxt) == ("formal_notice", "penalty_proposed") else rng.randint(*gap)
            day += datetime.timedelta(days)
            if nxt == "completed":
                day = max(day, LAST_DAY)
            if (day > LAST_DAY and nxt not in ("completed", "closed")) or \
                    (nxt == "signed" and not signed and day > LAST_SIGNATURE):
                break
            signed = signed or nxt == "signed"
            state = nxt


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
    # a generator of its own, so that the tables above stay as they were before it
    write(os.path.join(out, "steps.csv"), ["id", "from_state", "to_state", "from_date", "to_date", "calendar"],
          steps(random.Random(20170407), n))
    write(os.path.join(out, "histories.csv"), ["case_id", "seq", "state", "occurred_on", "finess", "calendar"],
          histories(random.Random(20171231), HISTORY_STEPS * n // 1_000_000, etabs))
    write(os.path.join(out, "histories_1m.csv"), ["case_id", "seq", "state", "occurred_on", "finess", "calendar"],
          histories(random.Random(20180101), HISTORY_STEPS_1M * n // 1_000_000, etabs,
                    start=30, gap=(40, 55), most=16, stay=0.9))


if __name__ == "__main__":
    main()
