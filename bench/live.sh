#!/usr/bin/env bash
# Live-family benchmark (BENCHMARKS.md, "Live families"), 127.0.0.1 only. Starts the built jar
# against a fresh database on the machine's PostgreSQL and measures two situations:
#
# 1. Live load: the depth family plus WRITERS (20) runs; each writer appends a checkpoint to its own
#    run every PERIOD (0.1) s for LIVE_SECONDS (60) while CONNECTIONS (64) connections ask for
#    predictions on the same family (wrk). Targets: predictions p99 <= 20 ms, no request waited for
#    a fit (p2law_law_fit_waits_total unchanged), and at the end the law is at most one refit behind:
#    every refit that finished is the one answering, and at most one runs and one waits.
# 2. Cold fits: 7 families of 9,000 checkpoints and one of 500,000 each asked for a fit with 1,000
#    bootstrap samples (8 jobs at once), then for COLD_SECONDS (20) liveness (management port) and
#    predictions of the already-fitted depth family are measured side by side while they run.
#    Targets: liveness p99 < 100 ms, predictions p99 < 100 ms.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (p2law_live_bench),
# BENCH_PORT (18090), BENCH_MANAGEMENT_PORT (18091), JAVA_OPTS (-Xmx512m
# -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10: fit threads at nice 10), SERVICE_ARGS, THREADS (2),
# REFERENCE_SECONDS (15), plus the counts above. Exits non-zero when a target is missed.
# Before the live load, the same connections measure predictions with no writers and GET /api/v1/laws
# (a constant answer: the server stack's floor on this machine), for REFERENCE_SECONDS each.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/service.sh
bench_settings p2law_live_bench 18090 18091
writers=${WRITERS:-20}
period=${PERIOD:-0.1}
live_seconds=${LIVE_SECONDS:-60}
cold_seconds=${COLD_SECONDS:-20}
reference_seconds=${REFERENCE_SECONDS:-15}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
management="http://127.0.0.1:$management_port"
family=llama3-depth
sql() { psql -qtA -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$database" -c "$1"; }

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
start_service --p2law.upload.max-bytes=256MB

metric() { curl -sSf "$management/actuator/prometheus" | grep -E "^$1[{ ]" | awk '{sum += $NF} END {printf "%d\n", sum}'; }
p99() { awk '/^ +99%/ {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.1f\n", v}' "$1"; }
p50() { awk '/^ +50%/ {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.1f\n", v}' "$1"; }
rate() { awk '/^Requests\/sec/ {printf "%d\n", $2}' "$1"; }
errors() { grep -E "Non-2xx|Socket errors" "$1" || true; }
failed=0

# --- 1. live load -----------------------------------------------------------------------------
curl -sSf -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: text/csv' --data-binary @src/test/resources/data/p2-synthetic-llama3-depth.csv \
  "$base/api/v1/families/$family/runs" >/dev/null
runs=$(python3 - "$writers" <<'PY'
import json, sys
print(json.dumps({"runs": [{"runId": f"writer-{k}", "baseModel": "llama-3.2-3b", "pruningMethod": "depth",
    "paramsBefore": 3210000000, "pruningRate": 0.25, "lossBefore": 2.12,
    "checkpoints": [{"tokens": 100000000 * (j + 1), "loss": round(2.33 - 0.01 * j, 4)} for j in range(5)]}
    for k in range(int(sys.argv[1]))]}))
PY
)
curl -sSf -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: application/json' -d "$runs" "$base/api/v1/families/$family/runs" >/dev/null
first=$(date +%s%N)
curl -sSf "$base/api/v1/families/$family/law" >/dev/null
echo "first fit of the p2 law ($(curl -sSf "$base/api/v1/families/$family/law" | grep -o '"points":[0-9]*')): $(( ($(date +%s%N) - first) / 1000000 )) ms"
wrk -t"$threads" -c"$connections" -d10s -s bench/predictions.lua "$base/api/v1/families/$family/predictions" >/dev/null
# The same connections with no writers and no refits, then on the constant catalog (no law, no
# database: what the server stack alone answers on this machine), so that the live p99 below can be
# read against what this machine allows at all.
wrk -t"$threads" -c"$connections" -d"${reference_seconds}s" --latency -s bench/predictions.lua \
  "$base/api/v1/families/$family/predictions" > "$out/quiet.txt"
wrk -t"$threads" -c"$connections" -d"${reference_seconds}s" --latency "$base/api/v1/laws" > "$out/floor.txt"

waits_before=$(metric p2law_law_fit_waits_total)
fits_before=$(metric p2law_law_fits_total)
stale_before=$(metric p2law_law_answers_total)
version_before=$(sql "select data_version from family where slug = '$family'")
python3 bench/live_writers.py "$port" "$family" "$writers" "$period" "$live_seconds" > "$out/writers.txt" &
writers_pid=$!
wrk -t"$threads" -c"$connections" -d"${live_seconds}s" --latency -s bench/predictions.lua \
  "$base/api/v1/families/$family/predictions" > "$out/live.txt"
wait "$writers_pid"
writes_end=$(date +%s%N)
# read before the law: a refit finishing in between then shows as served > newest, never the reverse
newest_done=$(sql "select coalesce(max(j.fit_id), 0) from fit_job j join family f on f.id = j.family_id where f.slug = '$family' and j.status = 'done' and j.form = 'p2' and j.bootstrap_samples = 200")
law=$(curl -sSf "$base/api/v1/families/$family/law")
served=$(echo "$law" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
served_version=$(echo "$law" | grep -o '"dataVersion":[0-9]*' | head -1 | cut -d: -f2)
current_version=$(sql "select data_version from family where slug = '$family'")
pending=$(sql "select string_agg(j.status || '@' || j.data_version, ' ' order by j.id) from fit_job j join family f on f.id = j.family_id where f.slug = '$family' and j.status in ('queued', 'running')")
running=$(sql "select count(*) from fit_job j join family f on f.id = j.family_id where f.slug = '$family' and j.status = 'running'")
queued=$(sql "select count(*) from fit_job j join family f on f.id = j.family_id where f.slug = '$family' and j.status = 'queued'")
refit_ms=$(sql "select coalesce(percentile_cont(0.5) within group (order by duration_millis), 0)::int from law_fit l join family f on f.id = l.family_id where f.slug = '$family'")
waits=$(( $(metric p2law_law_fit_waits_total) - waits_before ))
refits=$(( $(metric p2law_law_fits_total) - fits_before ))
stale=$(( $(metric p2law_law_answers_total) - stale_before ))
# after the counts: a fresh=true request waits for the refit by design
curl -sSf "$base/api/v1/families/$family/law?fresh=true" >/dev/null
current_after=$(( ($(date +%s%N) - writes_end) / 1000000 ))
cat "$out/live.txt" "$out/writers.txt"

# --- 2. cold fits ------------------------------------------------------------------------------
for k in 1 2 3 4 5 6 7; do
  python3 bench/family_csv.py "cold-$k" 9000 "$k" > "$out/cold-$k.csv"
  curl -sSf -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: text/csv' --data-binary @"$out/cold-$k.csv" "$base/api/v1/families/cold-$k/runs" >/dev/null
done
python3 bench/family_csv.py cold-big 500000 8 > "$out/cold-big.csv"
curl -sSf -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: text/csv' --data-binary @"$out/cold-big.csv" "$base/api/v1/families/cold-big/runs" >/dev/null
for f in cold-1 cold-2 cold-3 cold-4 cold-5 cold-6 cold-7 cold-big; do
  curl -sSf -o /dev/null -w "%{http_code} " -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: application/json' \
    -d '{"bootstrapSamples":1000}' "$base/api/v1/families/$f/fits"
done
echo "<- POST /fits of the 8 cold families"
sleep 1
wrk -t1 -c4 -d"${cold_seconds}s" --latency "$management/actuator/health/liveness" > "$out/liveness.txt" &
liveness_pid=$!
wrk -t1 -c"$connections" -d"${cold_seconds}s" --latency -s bench/predictions.lua \
  "$base/api/v1/families/$family/predictions" > "$out/cold-predictions.txt"
wait "$liveness_pid"
cold_running=$(sql "select count(*) from fit_job where status in ('queued', 'running') and family like 'cold-%'")
cat "$out/liveness.txt" "$out/cold-predictions.txt"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "Live families, $(nproc) cores, load average before $load_before, after $load_after"
echo "| measure | value | target |"
echo "|---|---|---|"
echo "| reference: predictions/s, p50, p99 ($connections connections, no writers, no refits) | $(rate "$out/quiet.txt")/s, $(p50 "$out/quiet.txt") ms, $(p99 "$out/quiet.txt") ms | |"
echo "| reference: GET /api/v1/laws (constant, the stack's floor)/s, p50, p99 ($connections connections) | $(rate "$out/floor.txt")/s, $(p50 "$out/floor.txt") ms, $(p99 "$out/floor.txt") ms | |"
echo "| live: predictions/s, p50, p99 ($connections connections, $writers writers every ${period} s for ${live_seconds} s) | $(rate "$out/live.txt")/s, $(p50 "$out/live.txt") ms, $(p99 "$out/live.txt") ms | p99 <= 20 ms |"
echo "| live: appends | $(cat "$out/writers.txt") | all 2xx |"
echo "| live: requests that waited for a fit | $waits | 0 |"
echo "| live: stale answers, refits stored | $stale, $refits (median fit $refit_ms ms) | |"
echo "| live: at the end: data version, served fit's, pending jobs | $current_version (from $version_before), $served_version (fit $served; newest done fit $newest_done), ${pending:-none} | newest done fit serves; <= 1 running + 1 queued |"
echo "| live: from the last write to a current law (fresh=true) | $current_after ms | |"
echo "| cold: liveness requests/s, p50, p99 (4 connections) | $(rate "$out/liveness.txt")/s, $(p50 "$out/liveness.txt") ms, $(p99 "$out/liveness.txt") ms | p99 < 100 ms |"
echo "| cold: predictions of the fitted family/s, p50, p99 ($connections connections) | $(rate "$out/cold-predictions.txt")/s, $(p50 "$out/cold-predictions.txt") ms, $(p99 "$out/cold-predictions.txt") ms | p99 < 100 ms |"
echo "| cold: fit jobs still queued or running at the end | $cold_running of 8 | > 0 (the fits ran throughout) |"

awk -v v="$(p99 "$out/live.txt")" 'BEGIN {exit !(v <= 20)}' || { echo "FAIL: live predictions p99 above 20 ms"; failed=1; }
[ "$waits" -eq 0 ] || { echo "FAIL: $waits request(s) waited for a fit"; failed=1; }
[ "$served" -ge "$newest_done" ] || { echo "FAIL: a finished refit ($newest_done) is not the one answering ($served)"; failed=1; }
[ "$running" -le 1 ] && [ "$queued" -le 1 ] || { echo "FAIL: more than one running or queued refit"; failed=1; }
[ -z "$(errors "$out/live.txt")$(errors "$out/liveness.txt")$(errors "$out/cold-predictions.txt")" ] || { echo "FAIL: errors under load"; failed=1; }
grep -q "errors 0 " "$out/writers.txt" || { echo "FAIL: appends failed"; failed=1; }
awk -v v="$(p99 "$out/liveness.txt")" 'BEGIN {exit !(v < 100)}' || { echo "FAIL: liveness p99 not under 100 ms"; failed=1; }
awk -v v="$(p99 "$out/cold-predictions.txt")" 'BEGIN {exit !(v < 100)}' || { echo "FAIL: predictions p99 not under 100 ms with 8 cold fits"; failed=1; }
exit "$failed"
