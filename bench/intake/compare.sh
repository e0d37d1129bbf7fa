#!/bin/sh
# Before/after in one run: bench:intake of two checkouts (e.g. a `git worktree` of main and this branch),
# alternating, ROUNDS rounds each, so a noisy neighbour hits both. BENCH_* settings pass through.
#   BENCH_ENGINES=postgres BENCH_SCENARIOS=0,4 sh bench/intake/compare.sh /tmp/main-tree . 3
# Prints each round's result lines; compare the apps/s of the same scenario.
set -eu
before=$1; after=$2; rounds=${3:-3}
export BENCH_REPEAT=${BENCH_REPEAT:-1}
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    dir=$before; [ "$side" = after ] && dir=$after
    (cd "$dir" && BENCH_RESULTS="compare-$side" node --import tsx bench/intake/run.ts) 2>&1 \
      | grep -E '\] (PostgreSQL|PGlite) ' | sed "s/^/round $round $side: /"
  done
done
