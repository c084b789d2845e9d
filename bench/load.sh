#!/usr/bin/env bash
# Service load benchmark (BENCHMARKS.md, "Service load"): starts the built jar against a fresh
# database on the machine's PostgreSQL, uploads the depth family, warms its p2 law, then measures
# GET /actuator/health and POST /predictions with wrk in the same run, and checks that the cached
# law was never refitted under load. Exits non-zero when a target is missed. GET /api/v1/laws, a
# constant catalog that touches neither the database nor a law, is measured alongside as the floor:
# what the same server stack costs per request with no work of ours in it.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (p2law_bench),
# BENCH_PORT (18080), BENCH_MANAGEMENT_PORT (18081: health and metrics), JAVA_OPTS (-Xmx512m: the JVM's options),
# SERVICE_ARGS (extra arguments for the service, e.g. --server.tomcat.threads.max=16), DURATION (20: seconds per endpoint), ROUNDS (4), CONNECTIONS (64), THREADS (2),
# WARMUP (10: seconds of health, then twice that of predictions, before measuring).
# Each endpoint gets DURATION seconds in ROUNDS alternating slices (health, predictions, catalog, health, ...),
# so that a change in the machine's other load during the run falls on both alike.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/service.sh
bench_settings p2law_bench 18080 18081
duration=${DURATION:-20}
rounds=${ROUNDS:-4}
slice=$(( duration / rounds ))
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
warmup=${WARMUP:-10}
management="http://127.0.0.1:$management_port"
family=llama3-depth

if ! command -v wrk >/dev/null; then
  echo "installing wrk from Debian's packages"
  apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

# Starts the jar with a throw-away administrator key ($api_key) and waits for its health.
start_service

curl -sSf -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: text/csv' --data-binary @src/test/resources/data/p2-synthetic-llama3-depth.csv \
  "$base/api/v1/families/$family/runs" >/dev/null
warm_start=$(date +%s%N)
curl -sSf "$base/api/v1/families/$family/law" >/dev/null
echo "first fit of the p2 law (200 bootstrap resamples): $(( ($(date +%s%N) - warm_start) / 1000000 )) ms"
# Warm the JIT on both measured paths before the measured runs: on 2 shared cores C2 is still
# compiling the prediction path after 10 s of load, and a half-compiled path is not the service's
# steady state.
wrk -t"$threads" -c"$connections" -d"${warmup}s" "$management/actuator/health" >/dev/null
wrk -t"$threads" -c"$connections" -d"$(( 2 * warmup ))s" -s bench/predictions.lua \
  "$base/api/v1/families/$family/predictions" >/dev/null

fits() { curl -sSf "$base/api/v1/families/$family/fits?limit=100" | grep -o '"id":' | wc -l; }
metric() { # the sum of a Prometheus series, optionally only the samples with a given label
  curl -sSf "$management/actuator/prometheus" | grep -E "^$1[{ ]" | grep -F -- "${2:-}" | awk '{sum += $NF} END {printf "%d\n", sum}'
}
fits_before=$(fits)
fitted_before=$(metric p2law_law_fits_total)

cpu_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
service_cpu() { awk '{print $14 + $15}' "/proc/$service/stat"; }
read -r busy_before total_before < <(cpu_busy)
service_before=$(service_cpu)
for round in $(seq 1 "$rounds"); do
  wrk -t"$threads" -c"$connections" -d"${slice}s" --latency "$management/actuator/health" > "$out/health-$round.txt"
  wrk -t"$threads" -c"$connections" -d"${slice}s" --latency -s bench/predictions.lua \
    "$base/api/v1/families/$family/predictions" > "$out/predictions-$round.txt"
  wrk -t"$threads" -c"$connections" -d"${slice}s" --latency "$base/api/v1/laws" > "$out/catalog-$round.txt"
done
read -r busy_after total_after < <(cpu_busy)
service_after=$(service_cpu)
cat "$out"/health-*.txt "$out"/predictions-*.txt "$out"/catalog-*.txt

rate() { # requests per second over all rounds of one endpoint
  cat "$out/$1"-*.txt | awk '/requests in/ {n += $1; t += $4 + 0} END {printf "%.1f", n / t}'
}
health_rate=$(rate health)

# The same connections again, but each one waits between a response and its next request, so that
# together they offer the rate the server answered health checks at in the saturated rounds. In
# those every connection always has a request waiting, and by Little's law the mean latency is
# connections / throughput whatever the server does: the saturated p99 (the checked target) measures
# the queue the load generator keeps full as well as the server, the paced one how long a request
# takes when 64 clients ask about as fast as the server can answer its cheapest checks.
pause_ms=$(awk -v c="$connections" -v h="$health_rate" 'BEGIN {printf "%d", 1000 * c / h}')
{ cat bench/predictions.lua; printf 'function delay()\n  return %d\nend\n' "$pause_ms"; } > "$out/paced.lua"
wrk -t"$threads" -c"$connections" -d"$(( duration / 2 ))s" --latency -s "$out/paced.lua" \
  "$base/api/v1/families/$family/predictions" > "$out/paced-1.txt"
cat "$out/paced-1.txt"

fits_after=$(fits)
fitted_after=$(metric p2law_law_fits_total)
hits=$(metric p2law_law_cache_total 'result="hit"')
misses=$(metric p2law_law_cache_total 'result="miss"')

percentile() { # wrk prints e.g. "99%    3.21ms": every round's value, in milliseconds, ascending
  cat "$out/$1"-*.txt | awk -v p="$2%" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
        print (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : v)) }' | sort -g
}
median() { percentile "$1" "$2" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
worst() { percentile "$1" "$2" | tail -n 1; }
errors() { cat "$out/$1"-*.txt | awk '/Non-2xx|Socket errors/ {print}'; }
catalog_rate=$(rate catalog)
paced_rate=$(rate paced)
paced_p99=$(worst paced 99)
predictions_rate=$(rate predictions)
ratio=$(awk -v p="$predictions_rate" -v h="$health_rate" 'BEGIN {printf "%.1f", 100 * p / h}')
health_p99=$(worst health 99)
predictions_p99=$(worst predictions 99)
machine_busy=$(awk -v b=$(( busy_after - busy_before )) -v t=$(( total_after - total_before )) -v c="$(nproc)" \
  'BEGIN {printf "%.2f", c * b / t}')
service_busy=$(awk -v s=$(( service_after - service_before )) -v t=$(( total_after - total_before )) -v c="$(nproc)" \
'BEGIN {printf "%.2f", c * s / t}')

echo
echo "| measure | GET /actuator/health | POST /predictions | GET /api/v1/laws (floor) |"
echo "|---|---|---|---|"
echo "| requests/s | $health_rate | $predictions_rate ($ratio % of health) | $catalog_rate |"
echo "| p50 latency (median round) | $(median health 50) ms | $(median predictions 50) ms | $(median catalog 50) ms |"
echo "| p99 latency (worst round) | $health_p99 ms | $predictions_p99 ms | $(worst catalog 99) ms |"
echo "| p99 latency per round | $(percentile health 99 | tr '\n' ' ')ms | $(percentile predictions 99 | tr '\n' ' ')ms |" \
  "$(percentile catalog 99 | tr '\n' ' ')ms |"
echo
echo "Paced: $connections connections, each pausing ${pause_ms} ms after every response (offering health's $health_rate/s):" \
  "predictions answered $paced_rate/s, p50 $(median paced 50) ms, p90 $(median paced 90) ms, p99 $paced_p99 ms"
echo "$connections connections, $threads wrk threads, ${duration}s per endpoint in $rounds alternating rounds, $(nproc) cores;" \
  "load average (1, 5, 15 min) before the service started: $load_before;" \
  "CPU busy during the measured runs: $machine_busy of $(nproc) cores, the service $service_busy"
echo "fits stored before/after the load: $fits_before/$fits_after; p2law_law_fits_total $fitted_before/$fitted_after;" \
  "law cache hits $hits, misses $misses"

failed=0
[ -z "$(errors health)$(errors predictions)$(errors catalog)$(errors paced)" ] || { echo "FAIL: errors under load"; failed=1; }
awk -v r="$ratio" 'BEGIN {exit !(r >= 70)}' || { echo "FAIL: predictions below 70 % of health"; failed=1; }
awk -v p="$predictions_p99" 'BEGIN {exit !(p <= 20)}' \
  || { echo "FAIL: predictions p99 $predictions_p99 ms above 20 ms (worst saturated round)"; failed=1; }
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
[ "$failed" = 0 ] && echo "service load targets met: throughput, p99 at $connections connections, no refit, budget checks"
exit "$failed"
