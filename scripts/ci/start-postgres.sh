#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1:55432 for the tests and exports DOCLIVE_TEST_PG_URL.
# Sourced by .ci/run; also usable by hand: `source scripts/ci/start-postgres.sh`.
PGBIN=/usr/lib/postgresql/15/bin
PGDATA_DIR=${DOCLIVE_TEST_PGDATA:-/tmp/doclive-test-pg}
PGPORT_TEST=${DOCLIVE_TEST_PGPORT:-55432}
if ! "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT_TEST" >/dev/null 2>&1; then
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  chown postgres:postgres "$PGDATA_DIR"
  su postgres -c "$PGBIN/initdb -D $PGDATA_DIR -A trust -U postgres >/dev/null"
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA_DIR -o '-p $PGPORT_TEST -k /tmp -c listen_addresses=127.0.0.1' -l $PGDATA_DIR/log -w start >/dev/null"
fi
export DOCLIVE_TEST_PG_URL="postgres://postgres@127.0.0.1:$PGPORT_TEST/postgres"
export DOCLIVE_TEST_PGBIN="$PGBIN"
export DOCLIVE_TEST_PGDATA="$PGDATA_DIR"
echo "PostgreSQL ready at $DOCLIVE_TEST_PG_URL"
