# Sourced by scripts/test and bench/with-postgres: start a private PostgreSQL on a free loopback
# port in a temporary directory, export DATABASE_URL for it, and stop and remove it on exit.
# initdb and pg_ctl run as the postgres user when we are root (PostgreSQL refuses root).
start_private_postgres() {
  local python=${PYTHON:-python3}
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgdir=$(mktemp -d /tmp/zhenxing-pg.XXXXXX)
  pgport=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$pgdir"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # autovacuum off: each test loads thousands of units inside a transaction that is rolled back,
  # so autovacuum's ANALYZE records the tables as empty and the planner then nests loops over
  # self-joins of 4,000 units (a mechanism query ran for 17 CPU-minutes in the full suite).
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
    -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" >/dev/null
  trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/zhenxing"
}

# A streaming replica of the private server (pg_basebackup -R), on another free loopback port;
# exports DATABASE_REPLICA_URL. Call after start_private_postgres; stopped and removed with it.
start_private_replica() {
  local python=${PYTHON:-python3}
  replicaport=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$pgport" -U postgres -D "$pgdir/replica" -R -X stream >/dev/null
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/replica" -l "$pgdir/replica.log" -w start \
    -o "-p $replicaport -k $pgdir -c listen_addresses=127.0.0.1 -c hot_standby=on" >/dev/null
  trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/replica" -m immediate stop >/dev/null 2>&1; "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
  export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$replicaport/zhenxing"
}
