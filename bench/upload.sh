#!/usr/bin/env bash
# Upload benchmark (BENCHMARKS.md, "Bulk upload"), 127.0.0.1 only: starts the built jar with a
# 512 MB heap against a fresh database, then times CSV uploads end to end (curl's total time: body
# sent, parsed, validated, copied into PostgreSQL, committed, answered). ROUNDS (3) uploads of
# 1,000,000 checkpoints (median; target <= 3 s), then one of BIG (10,000,000) checkpoints with the
# limits raised for it (it must succeed within the 512 MB heap).
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), BENCH_DB (p2law_upload_bench),
# BENCH_PORT (18095), BENCH_MANAGEMENT_PORT (18096), JAVA_OPTS (-Xmx512m), ROUNDS (3), BIG (10000000).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/service.sh
bench_settings p2law_upload_bench 18095 18096
rounds=${ROUNDS:-3}
big=${BIG:-10000000}

start_service --p2law.upload.max-bytes=2GB --p2law.upload.max-checkpoints="$big"

upload() { # slug file -> seconds
  curl -sS -o "$out/answer.json" -w '%{http_code} %{time_total}\n' -X POST -H "Authorization: Bearer $api_key" -H 'Content-Type: text/csv' \
    --data-binary @"$2" "$base/api/v1/families/$1/runs"
}
# a small upload first, so the measured ones do not pay for class loading and JIT warm-up
python3 bench/family_csv.py warm-up 100000 1 > "$out/warm.csv"
upload warm-up "$out/warm.csv" >/dev/null
times=()
for k in $(seq 1 "$rounds"); do
  python3 bench/family_csv.py "million-$k" 1000000 "$k" > "$out/million.csv"
  read -r code seconds < <(upload "million-$k" "$out/million.csv")
  [ "$code" = 201 ] || [ "$code" = 200 ] || { echo "upload of 1M answered $code: $(head -c 500 "$out/answer.json")"; exit 1; }
  echo "1M checkpoints ($(du -m "$out/million.csv" | cut -f1) MB): $seconds s"
  times+=("$seconds")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
rm -f "$out/million.csv"
python3 bench/family_csv.py big "$big" 11 > "$out/big.csv"
read -r big_code big_seconds < <(upload big "$out/big.csv")
heap=$(curl -sS "http://127.0.0.1:$management_port/actuator/prometheus" \
  | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {sum += $NF} END {printf "%d", sum / 1048576}')
big_count=$(psql -qtA -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$database" -c \
  "select count(*) from checkpoint c join run r on r.id = c.run_id join family f on f.id = r.family_id where f.slug = 'big'")
echo
echo "Bulk upload, $(nproc) cores, JAVA_OPTS ${JAVA_OPTS:--Xmx512m}, load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| upload | result |"
echo "|---|---|"
echo "| 1,000,000 checkpoints, median of $rounds | $median s (each: ${times[*]}) |"
echo "| $big checkpoints ($(du -m "$out/big.csv" | cut -f1) MB) | HTTP $big_code in $big_seconds s, $big_count checkpoints stored, heap in use afterwards $heap MB |"
if grep -q "OutOfMemoryError" "$out/service.log"; then
  grep -A12 -m1 "OutOfMemoryError" "$out/service.log" | grep -E "OutOfMemoryError|at io\.p2law" | head -8
  echo "FAIL: OutOfMemoryError"
  exit 1
fi
failed=0
awk -v m="$median" 'BEGIN {exit !(m <= 3)}' || { echo "FAIL: 1M upload median above 3 s"; failed=1; }
[ "$big_code" = 201 ] || [ "$big_code" = 200 ] || { echo "FAIL: the big upload answered $big_code: $(head -c 500 "$out/answer.json")"; failed=1; }
exit "$failed"
