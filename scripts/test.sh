#!/usr/bin/env bash
# The whole suite on SQLite and the database tests again on PostgreSQL when one is reachable,
# with one summary line. Browser tests and tests that touch no database (marked `no_db` by
# tests/conftest.py from the fixtures each test uses) run once: a second database changes
# nothing for them. REQUIRE_POSTGRES=1 turns "PostgreSQL not reachable" into a failure (CI).
set -uo pipefail
cd "$(dirname "$0")/.."

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
mkdir -p var
export DJANGO_ALLOW_ASYNC_UNSAFE=true
status=0

# Two lanes side by side (two cores): the browser tests on SQLite, mostly waiting on Chromium,
# in front; behind them the other tests on SQLite, then the database tests on PostgreSQL. The
# second lane's output is shown after the first's, whole.
if .venv/bin/python scripts/pg_reachable.py "$PG_URL"; then
  pg=1
  reports="var/junit-browser.xml var/junit-sqlite.xml var/junit-postgres.xml"
else
  pg=0
  rm -f var/junit-postgres.xml
  reports="var/junit-browser.xml var/junit-sqlite.xml"
  if [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "PostgreSQL is not reachable at $PG_URL and REQUIRE_POSTGRES=1" >&2
    status=1
  else
    echo "PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL run"
  fi
fi

# Exit 5 = nothing selected (e.g. "$@" names only engine tests): not a failure.
ok() { [ "$1" -eq 0 ] || [ "$1" -eq 5 ]; }

(
  lane=0
  echo "== Test suite on SQLite (without the browser tests)"
  env -u DATABASE_URL .venv/bin/pytest --junitxml=var/junit-sqlite.xml -m "not browser" "$@"
  ok $? || lane=1
  if [ "$pg" = "1" ]; then
    echo "== Database tests on PostgreSQL ($PG_URL)"
    DATABASE_URL="$PG_URL" .venv/bin/pytest --junitxml=var/junit-postgres.xml \
      -m "not browser and not no_db" "$@"
    ok $? || lane=1
  fi
  exit $lane
) >var/test-lane.log 2>&1 &
lane_pid=$!

echo "== Browser tests on SQLite"
env -u DATABASE_URL .venv/bin/pytest --junitxml=var/junit-browser.xml -m browser "$@"
ok $? || status=1

wait "$lane_pid" || status=1
cat var/test-lane.log

# shellcheck disable=SC2086
.venv/bin/python scripts/junit_summary.py $reports || status=1
exit $status
