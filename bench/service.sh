# Sourced by the benchmarks: starts the built jar (building it if needed) against a fresh database
# on the machine's PostgreSQL and waits until its health answers on the management port.
# bench_settings sets pg_host, pg_port, pg_user, database, port, management_port (from PGHOST, PGPORT,
# PGUSER, BENCH_DB, BENCH_PORT and BENCH_MANAGEMENT_PORT, defaulting to the benchmark's own), base (the
# service's URL) and out (a scratch directory); start_service needs them and sets service (the
# pid), load_before and api_key (a throw-away administrator key for this run, for writes), and
# stops the service and removes $out on exit.
# JAR chooses another jar; keep_database=1 starts it on the database as it is (a restart).
# Usage: bench_settings DATABASE PORT MANAGEMENT_PORT (the defaults); start_service [extra service arguments...]
bench_settings() {
  pg_host=${PGHOST:-127.0.0.1}
  pg_port=${PGPORT:-5432}
  pg_user=${PGUSER:-postgres}
  database=${BENCH_DB:-$1}
  port=${BENCH_PORT:-$2}
  management_port=${BENCH_MANAGEMENT_PORT:-$3}
  base="http://127.0.0.1:$port"
  out=$(mktemp -d)
}


start_service() {
  local jar
  jar=${JAR:-$(ls target/p2law-*.jar 2>/dev/null | grep -v original | head -n 1 || true)}
  if [ -z "$jar" ]; then
    ./mvnw -q -B -DskipTests package
    jar=$(ls target/p2law-*.jar | grep -v original | head -n 1)
  fi
  # Load average before anything of ours runs: how busy the machine is with other work.
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ -z "${keep_database:-}" ]; then
    psql -q -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -c "drop database if exists $database" \
      -c "create database $database"
    api_key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  fi
  export P2LAW_API_KEY=$api_key
  P2LAW_ADMIN_KEY=$api_key java ${JAVA_OPTS:--Xmx512m -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10} -jar "$jar" --server.port="$port" --management.server.port="$management_port" \
    --spring.datasource.url="jdbc:postgresql://$pg_host:$pg_port/$database" --spring.datasource.username="$pg_user" \
    "$@" ${SERVICE_ARGS:-} >"$out/service.log" 2>&1 &
  service=$!
  trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true; rm -rf "$out"' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$management_port/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$service" 2>/dev/null || { cat "$out/service.log"; echo "the service did not start" >&2; exit 1; }
    sleep 1
  done
  echo "the service did not answer within 120 s" >&2
  exit 1
}
