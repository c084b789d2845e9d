#!/usr/bin/env bash
# Plot benchmark over HTTP (BENCHMARKS.md, "Plot"), 127.0.0.1 only: starts the built jar (or JAR) with a
# 512 MB heap against a fresh database, uploads a family of RUNS (100) runs x 1,000 checkpoints, fits it with
# the first plot, then times (curl's total time) plots not drawn before: ROUNDS (12) new `runs` selections
# (every run but one, a different one each time), then the same after restarting the service (the first
# request for the whole family, then ROUNDS new selections). Prints each time and the medians.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (p2law_plot_bench),
# BENCH_PORT (18097), BENCH_MANAGEMENT_PORT (18098), JAVA_OPTS (-Xmx512m), JAR, RUNS (100), ROUNDS (12).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/service.sh
bench_settings p2law_plot_bench 18097 18098
runs=${RUNS:-100}
rounds=${ROUNDS:-12}

start_service
python3 bench/family_csv.py plotted $((runs * 1000)) 1 "$runs" > "$out/family.csv"
curl -sSf -o /dev/null -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: text/csv' \
  --data-binary @"$out/family.csv" "$base/api/v1/families/plotted/runs"
plot() { # query -> seconds
  curl -sS -o "$out/plot.svg" -w '%{http_code} %{time_total} %{size_download}\n' "$base/api/v1/families/plotted/law/plot.svg?$1"
}
but() { # a run index -> every other run, as a runs= query
  local ids=()
  for r in $(seq 0 $((runs - 1))); do [ "$r" = "$1" ] || ids+=("run-$r"); done
  (IFS=,; echo "runs=${ids[*]}")
}
selections() { # label first-index -> prints times, then the median
  local times=()
  for k in $(seq "$2" $(($2 + rounds - 1))); do
    read -r code seconds size < <(plot "$(but $((k % runs)))")
    [ "$code" = 200 ] || { echo "plot answered $code: $(head -c 300 "$out/plot.svg")"; exit 1; }
    times+=("$seconds")
  done
  echo "$1: ${times[*]} s; median $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2}') s ($size bytes)"
}
read -r code seconds size < <(plot "form=p2")
echo "first plot, fitting p2 on $runs x 1,000 checkpoints: $code in $seconds s ($size bytes)"
# warm-up: class loading and JIT on the paths measured
for k in 1 2 3 4 5; do plot "$(but $((runs - k)))" >/dev/null; done
selections "new runs selections" 0
kill "$service"
wait "$service" 2>/dev/null || true
keep_database=1 start_service
read -r code seconds size < <(plot "form=p2")
echo "after a restart, the whole family's plot: $code in $seconds s ($size bytes)"
selections "after a restart, new runs selections" "$rounds"
echo "load average before: $load_before; now: $(cut -d' ' -f1-3 /proc/loadavg)"
