#!/usr/bin/env bash
# Fault script (RELIABILITY.md): the service under slow clients, a stopped and a frozen database,
# kill -9 during a 1M-checkpoint upload, and a key revoked on one of two instances. Everything runs
# on 127.0.0.1 against a throw-away PostgreSQL cluster this script creates on its own port (never
# the machine's shared server), with bounded loops; the cluster is removed at the end.
#
# Environment: FAULT_PG_PORT (15499), FAULT_PORT (18491; the second instance uses +1, the upload
# instance +2), SLOW_CLIENTS (50), SLOW_SECONDS (60), OUTAGE_SECONDS (30), KILL_FRACTIONS (of
# fractions of an uninterrupted upload's duration at which the service is killed; above 1 the
# upload has usually committed), JAVA_OPTS (-Xmx512m), P2LAW_JAR (the built jar in target/).
# Prints one JSON line per scenario and a summary; exits non-zero when a target is missed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pg_port=${FAULT_PG_PORT:-15499}
port_a=${FAULT_PORT:-18491}
port_b=$(( port_a + 1 ))
port_c=$(( port_a + 2 ))
slow_clients=${SLOW_CLIENTS:-50}
slow_seconds=${SLOW_SECONDS:-60}
outage=${OUTAGE_SECONDS:-30}
kill_fractions=${KILL_FRACTIONS:-0.25 0.5 0.75 0.95 2}
java_opts=${JAVA_OPTS:--Xmx512m}
admin_key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
family=llama3-depth
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/p2law-faults.XXXXXX)
chmod 755 "$work"
cluster=$work/pgdata
failed=0

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_ctl() { as_postgres "$pg_bin/pg_ctl" -D "$cluster" "$@"; }
postmaster() { head -n 1 "$cluster/postmaster.pid"; }
# The postmaster and every server process it started: what a frozen machine would stop.
cluster_processes() { local pm; pm=$(postmaster); echo "$pm" $(pgrep -P "$pm" || true); }
psql_faults() { psql -qtA -h 127.0.0.1 -p "$pg_port" -U postgres -d p2law_faults -c "$1"; }

cleanup() {
  # Only the services this script started (their pids are in $work/pids), never by name.
  [ -f "$work/pids" ] && while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done <"$work/pids"
  if [ -f "$cluster/postmaster.pid" ]; then
    kill -CONT $(cluster_processes) 2>/dev/null || true
    pg_ctl stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

jar=${P2LAW_JAR:-$(ls target/p2law-*.jar 2>/dev/null | grep -v original | head -n 1 || true)}
if [ -z "$jar" ]; then
  ./mvnw -q -B -DskipTests package
  jar=$(ls target/p2law-*.jar | grep -v original | head -n 1)
fi

echo "creating a throw-away PostgreSQL cluster on 127.0.0.1:$pg_port in $work"
mkdir -p "$cluster"
[ "$(id -u)" = 0 ] && chown postgres "$work" "$cluster"
as_postgres "$pg_bin/initdb" -D "$cluster" -U postgres --auth=trust -E UTF8 >/dev/null
pg_ctl -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" -l "$work/postgresql.log" -w start >/dev/null
psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "create database p2law_faults"

start_service() { # name port [extra args...]
  local name=$1 port=$2; shift 2
  if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "port $port is already in use: set FAULT_PORT" >&2; exit 1
  fi
  P2LAW_ADMIN_KEY=$admin_key java $java_opts -jar "$jar" --server.port="$port" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$pg_port/p2law_faults" \
    --spring.datasource.username=postgres "$@" >>"$work/$name.log" 2>&1 &
  local pid=$!
  echo "$pid" >>"$work/pids"
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null 2>&1 && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$work/$name.log" >&2; echo "$name did not start" >&2; exit 1; }
    sleep 1
  done
  echo "$name did not start within 120 s" >&2; exit 1
}

check() { # description condition-exit-status
  if [ "$2" = 0 ]; then echo "  ok    $1"; else echo "  MISSED $1"; failed=1; fi
}

service_a=$(start_service a "$port_a")
curl -sSf -X POST -H "Authorization: Bearer $admin_key" -H 'Content-Type: text/csv' \
  --data-binary @src/test/resources/data/p2-synthetic-llama3-depth.csv \
  "http://127.0.0.1:$port_a/api/v1/families/$family/runs" >/dev/null
curl -sSf "http://127.0.0.1:$port_a/api/v1/families/$family/law" >/dev/null

echo "== $slow_clients slow clients (1 byte/s bodies) for $slow_seconds s"
slow=$(python3 bench/faults.py slow "$port_a" "$family" "$slow_clients" "$slow_seconds")
echo "$slow"
p99=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['health_p99_ms'])" "$slow")
check "health p99 ${p99} ms < 1000 ms" "$(python3 -c "print(0 if $p99 < 1000 else 1)")"

outage_watch() { # name action-start action-end
  local name=$1
  python3 bench/faults.py watch "$port_a" "$family" $(( outage + 20 )) "$work/$name.json" &
  local watcher=$!
  sleep 5
  eval "$2"
  sleep "$outage"
  eval "$3"
  wait "$watcher"
  python3 - "$work/$name.json" "$outage" <<'PY'
import json, sys
samples = json.load(open(sys.argv[1]))
outage = float(sys.argv[2])
during = [s for s in samples if 6 <= s["t"] <= 5 + outage]
after = [s for s in samples if s["t"] > 5 + outage]
recovered = next((s["t"] - 5 - outage for s in after if s["read"] == 200 and s["ready"] == 200), None)
print(json.dumps({
    "samples": len(samples),
    "during_read_statuses": sorted({s["read"] for s in during}),
    "during_reads_503_with_retry_after": sum(1 for s in during if s["read"] == 503 and s["retry_after"]),
    "during_reads": len(during),
    "during_prediction_statuses": sorted({s["prediction"] for s in during}),
    "during_predictions_marked_stale": sum(1 for s in during if s["prediction_stale"]),
    "during_readiness_statuses": sorted({s["ready"] for s in during}),
    "during_liveness_statuses": sorted({s["live"] for s in during}),
    "max_request_ms": max(max(s["read_ms"], s["prediction_ms"], s["ready_ms"], s["live_ms"]) for s in samples),
    "max_read_ms": max(s["read_ms"] for s in samples),
    "max_prediction_ms": max(s["prediction_ms"] for s in samples),
    "max_readiness_ms": max(s["ready_ms"] for s in samples),
    "recovered_after_s": recovered,
    "after_read_statuses": sorted({s["read"] for s in after[-4:]}),
}))
PY
}

echo "== database stopped for $outage s, then started again"
stopped=$(outage_watch stopped "pg_ctl stop -m fast >/dev/null" \
  "pg_ctl -o '-p $pg_port -k $work -c listen_addresses=127.0.0.1' -l '$work/postgresql.log' -w start >/dev/null")
echo "$stopped"
python3 - "$stopped" <<'PY' || failed=1
import json, sys
r = json.loads(sys.argv[1])
ok = (set(r["during_read_statuses"]) <= {503} and r["during_prediction_statuses"] == [200]
      and 503 in r["during_readiness_statuses"] and r["during_liveness_statuses"] == [200]
      and r["recovered_after_s"] is not None and r["after_read_statuses"] == [200])
print("  %s reads 503, cached predictions 200, readiness DOWN, liveness UP, recovered without restart" % ("ok   " if ok else "MISSED"))
sys.exit(0 if ok else 1)
PY

echo "== database frozen (SIGSTOP of every cluster process) for $outage s, then thawed"
frozen=$(outage_watch frozen 'kill -STOP $(cluster_processes)' 'kill -CONT $(cluster_processes)')
echo "$frozen"
python3 - "$frozen" <<'PY' || failed=1
import json, sys
r = json.loads(sys.argv[1])
ok = (r["during_prediction_statuses"] == [200] and r["during_liveness_statuses"] == [200]
      and 503 in r["during_readiness_statuses"] and r["max_request_ms"] <= 21000
      and r["recovered_after_s"] is not None and r["after_read_statuses"] == [200])
print("  %s no request over the 20 s socket timeout (+1 s), cached predictions 200, readiness DOWN, liveness UP, recovered" % ("ok   " if ok else "MISSED"))
sys.exit(0 if ok else 1)
PY

echo "== a key revoked on one instance, refused by another on the same database"
start_service b "$port_b" >/dev/null
revoked=$(python3 bench/faults.py revoke "$port_a" "$port_b" "$admin_key" 5)
echo "$revoked"
max_ms=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['max_ms'])" "$revoked")
check "refused by the other instance within ${max_ms} ms < 1000 ms" "$(python3 -c "print(0 if $max_ms < 1000 else 1)")"

echo "== kill -9 during a 1M-checkpoint upload, then restart: all or nothing"
kill "$service_a" 2>/dev/null || true
python3 - "$work/million.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("family,run_id,base_model,pruning_method,params_before,pruning_rate,tokens,loss\n")
    for run in range(100):
        for step in range(10000):
            f.write("big,r%03d,m,depth,%d,0.25,%d,%.6f\n" % (run, 1000000000 + run, (step + 1) * 1000, 3.0 - step * 1e-5))
PY
echo "  upload: $(( $(stat -c %s "$work/million.csv") / 1048576 )) MiB, 1,000,000 checkpoints in 100 runs"
service_c=$(start_service c "$port_c" --p2law.upload.max-bytes=128MB)
upload_start=$(date +%s%N)
curl -sSf -o /dev/null -X POST -H "Authorization: Bearer $admin_key" -H 'Content-Type: text/csv' \
  --data-binary @"$work/million.csv" "http://127.0.0.1:$port_c/api/v1/families/big/runs"
upload_ms=$(( ($(date +%s%N) - upload_start) / 1000000 ))
echo "  uninterrupted upload: $upload_ms ms"
curl -sSf -o /dev/null -X DELETE -H "Authorization: Bearer $admin_key" "http://127.0.0.1:$port_c/api/v1/families/big"
kill "$service_c"; wait "$service_c" 2>/dev/null || true
trials=()
for fraction in $kill_fractions; do
  delay=$(python3 -c "print(round($upload_ms * $fraction / 1000, 2))")
  service_c=$(start_service c "$port_c" --p2law.upload.max-bytes=128MB)
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $admin_key" -H 'Content-Type: text/csv' \
    --data-binary @"$work/million.csv" "http://127.0.0.1:$port_c/api/v1/families/big/runs" &
  upload=$!
  sleep "$delay"
  kill -9 "$service_c"
  wait "$upload" 2>/dev/null || true
  service_c=$(start_service c "$port_c" --p2law.upload.max-bytes=128MB)
  state=$(psql_faults "select count(distinct r.id) || ' runs, ' || count(c.run_id) || ' checkpoints' from family f
    join run r on r.family_id = f.id left join checkpoint c on c.run_id = r.id where f.slug = 'big'")
  [ -n "$state" ] || state="0 runs, 0 checkpoints"
  echo "  killed after ${delay} s (${fraction} of the upload): family 'big' has $state"
  trials+=("$delay s ($fraction): $state")
  case "$state" in
    "0 runs, 0 checkpoints"|"100 runs, 1000000 checkpoints") ;;
    *) failed=1 ;;
  esac
  curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $admin_key" "http://127.0.0.1:$port_c/api/v1/families/big"
  kill "$service_c"; wait "$service_c" 2>/dev/null || true
done

echo
echo "summary (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  slow clients: $slow"
echo "  database stopped: $stopped"
echo "  database frozen: $frozen"
echo "  revocation: $revoked"
printf '  kill -9 during upload: %s\n' "${trials[@]}"
[ "$failed" = 0 ] && echo "all targets met" || { echo "a target was missed" >&2; exit 1; }
