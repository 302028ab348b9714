#!/usr/bin/env bash
# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Drives the libFuzzer targets built in build/fuzz/ (see tests/fuzz/fuzz.mk).
#   tests/fuzz/run.sh fuzz SECONDS TARGET...   fuzz each target for SECONDS, print executions
#   tests/fuzz/run.sh replay TARGET...         run the seed corpus and kept crashes once, print TAP
# Each target's -max_len is in tests/fuzz/max_len. Binaries, working corpus, artifacts and logs
# are in $FUZZ_BIN (default build/fuzz).
set -u
mode=$1
shift
bin=${FUZZ_BIN:-build/fuzz}
src=tests/fuzz
mkdir -p "$bin/logs"

max_len() { awk -v t="$1" '$1 == t { print $2 }' "$src/max_len"; }

if [ "$mode" = fuzz ]; then
  seconds=$1
  shift
  total=0 failed=0
  for t in "$@"; do
    work="$bin/corpus/$t" art="$bin/artifacts/$t" log="$bin/logs/$t.fuzz.log"
    mkdir -p "$work" "$art"
    "$bin/$t" -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$art/" "$work" "$src/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=0
    total=$((total + runs))
    if [ "$rc" -ne 0 ]; then
      failed=$((failed + 1))
      printf 'fuzz %-10s %12d executions  FAILED (exit %d): see %s\n' "$t" "$runs" "$rc" "$log"
      grep -E 'invariant broken|ERROR: |SUMMARY: |runtime error|Test unit written' "$log" | head -n 8 | sed 's/^/    /'
    else
      printf 'fuzz %-10s %12d executions  (%ss, corpus %s)\n' "$t" "$runs" "$seconds" \
        "$(find "$work" -type f | wc -l)"
    fi
  done
  printf 'fuzz total      %12d executions over %d targets, %d failed\n' "$total" "$#" "$failed"
  [ "$failed" -eq 0 ]
  exit
fi

if [ "$mode" = replay ]; then
  n=0 bad=0
  replay() { # label target dir
    local label=$1 t=$2 dir=$3 log files count
    mapfile -t files < <(find "$dir" -type f ! -name '.*' 2>/dev/null | sort)
    count=${#files[@]}
    [ "$count" -gt 0 ] || return 0
    n=$((n + 1))
    log="$bin/logs/$t.$label.log"
    if "$bin/$t" -timeout=10 "${files[@]}" >"$log" 2>&1; then
      echo "ok $n - fuzz $label: $t ($count inputs)"
    else
      bad=$((bad + 1))
      echo "not ok $n - fuzz $label: $t ($count inputs)"
      grep -E 'Running: |invariant broken|ERROR: |SUMMARY: |runtime error' "$log" | tail -n 8 | sed 's/^/#   /'
    fi
  }
  for t in "$@"; do
    replay replay "$t" "$src/corpus/$t"
    replay regression "$t" "$src/crashes/$t"
  done
  echo "1..$n"
  [ "$bad" -eq 0 ]
  exit
fi

echo "usage: $0 fuzz SECONDS TARGET... | replay TARGET..." >&2
exit 2
