#!/usr/bin/env bash
# Service load benchmark (BENCHMARKS.md, "Service load"): starts the built jar against a fresh
# database on the machine's PostgreSQL, uploads the depth family, warms its p2 law, then measures
# GET /actuator/health and POST /predictions with wrk in the same run, and checks that the cached
# law was never refitted under load. Exits non-zero when a target is missed.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (p2law_bench),
# BENCH_PORT (18080), DURATION (20s), CONNECTIONS (64), THREADS (2).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-postgres}
database=${BENCH_DB:-p2law_bench}
port=${BENCH_PORT:-18080}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
base="http://127.0.0.1:$port"
family=llama3-depth
out=$(mktemp -d)

if ! command -v wrk >/dev/null; then
  echo "installing wrk from Debian's packages"
  apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

jar=$(ls target/p2law-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then
  ./mvnw -q -B -DskipTests package
  jar=$(ls target/p2law-*.jar | grep -v original | head -n 1)
fi

# Load average before anything of ours runs: how busy the machine is with other work.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
psql -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -c "drop database if exists $database" \
  -c "create database $database"

java -Xmx512m -jar "$jar" --server.port="$port" \
  --spring.datasource.url="jdbc:postgresql://$pg_host:$pg_port/$database" \
  --spring.datasource.username="$pg_user" >"$out/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true; rm -rf "$out"' EXIT

for _ in $(seq 1 120); do
  curl -sf "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { cat "$out/service.log"; echo "the service did not start" >&2; exit 1; }
  sleep 1
done

curl -sSf -X POST -H 'Content-Type: text/csv' --data-binary @src/test/resources/data/p2-synthetic-llama3-depth.csv \
  "$base/api/v1/families/$family/runs" >/dev/null
warm_start=$(date +%s%N)
curl -sSf "$base/api/v1/families/$family/law" >/dev/null
echo "first fit of the p2 law (200 bootstrap resamples): $(( ($(date +%s%N) - warm_start) / 1000000 )) ms"
# Warm the JIT on both measured paths before the measured runs.
wrk -t"$threads" -c"$connections" -d5s "$base/actuator/health" >/dev/null
wrk -t"$threads" -c"$connections" -d5s -s bench/predictions.lua "$base/api/v1/families/$family/predictions" >/dev/null

fits() { curl -sSf "$base/api/v1/families/$family/fits?limit=100" | grep -o '"id":' | wc -l; }
metric() { # the sum of a Prometheus series, optionally only the samples with a given label
  curl -sSf "$base/actuator/prometheus" | grep -E "^$1[{ ]" | grep -F -- "${2:-}" | awk '{sum += $NF} END {printf "%d\n", sum}'
}
fits_before=$(fits)
fitted_before=$(metric p2law_law_fits_total)

wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base/actuator/health" | tee "$out/health.txt"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/predictions.lua \
  "$base/api/v1/families/$family/predictions" | tee "$out/predictions.txt"

fits_after=$(fits)
fitted_after=$(metric p2law_law_fits_total)
hits=$(metric p2law_law_cache_total 'result="hit"')
misses=$(metric p2law_law_cache_total 'result="miss"')

rate() { awk '/^Requests\/sec/ {print $2}' "$1"; }
percentile() { # wrk prints e.g. "99%    3.21ms"; in milliseconds
  awk -v p="$2%" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
        print (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : v)) }' "$1"
}
errors() { awk '/Non-2xx|Socket errors/ {print}' "$1"; }
health_rate=$(rate "$out/health.txt")
predictions_rate=$(rate "$out/predictions.txt")
ratio=$(awk -v p="$predictions_rate" -v h="$health_rate" 'BEGIN {printf "%.1f", 100 * p / h}')
health_p99=$(percentile "$out/health.txt" 99)
predictions_p99=$(percentile "$out/predictions.txt" 99)

echo
echo "| measure | GET /actuator/health | POST /predictions |"
echo "|---|---|---|"
echo "| requests/s | $health_rate | $predictions_rate ($ratio % of health) |"
echo "| p50 latency | $(percentile "$out/health.txt" 50) ms | $(percentile "$out/predictions.txt" 50) ms |"
echo "| p99 latency | $health_p99 ms | $predictions_p99 ms |"
echo "$connections connections, $threads wrk threads, $duration each, $(nproc) cores;" \
  "load average (1, 5, 15 min) before the service started: $load_before"
echo "fits stored before/after the load: $fits_before/$fits_after; p2law_law_fits_total $fitted_before/$fitted_after;" \
  "law cache hits $hits, misses $misses"

failed=0
[ -z "$(errors "$out/health.txt")$(errors "$out/predictions.txt")" ] || { echo "FAIL: errors under load"; failed=1; }
awk -v r="$ratio" 'BEGIN {exit !(r >= 70)}' || { echo "FAIL: predictions below 70 % of health"; failed=1; }
awk -v p="$predictions_p99" 'BEGIN {exit !(p <= 20)}' || { echo "FAIL: predictions p99 above 20 ms"; failed=1; }
[ "$fits_before" = "$fits_after" ] && [ "$fitted_before" = "$fitted_after" ] \
  || { echo "FAIL: the law was refitted under load"; failed=1; }

# The CI budget check against the same running service: one plan that passes, one that fails.
scripts/budget-check.sh --url "$base" --family "$family" --params-before 3210000000 --pruning-rate 0.25 \
  --loss-before 2.12 --tokens 1000000000 --target 2.3 || { echo "FAIL: budget check should pass"; failed=1; }
set +e
scripts/budget-check.sh --url "$base" --family "$family" --params-before 3210000000 --pruning-rate 0.25 \
  --loss-before 2.12 --tokens 1000000000 --target 2.0
[ $? = 1 ] || { echo "FAIL: budget check should fail with exit status 1"; failed=1; }
set -e
[ "$failed" = 0 ] && echo "all service load targets met"
exit "$failed"
