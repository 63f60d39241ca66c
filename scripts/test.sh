#!/usr/bin/env bash
# The whole suite on SQLite and, beside it, the database tests again on PostgreSQL when one is
# reachable, then the fault injection of tests/faults, with one summary line. Browser tests and
# tests that touch no database (marked `no_db` by
# tests/conftest.py from the fixtures each test uses) run once: a second database changes
# nothing for them. REQUIRE_POSTGRES=1 turns "PostgreSQL not reachable" into a failure (CI).
set -uo pipefail
cd "$(dirname "$0")/.."

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
mkdir -p var
export DJANGO_ALLOW_ASYNC_UNSAFE=true
status=0

# The two runs go side by side (two cores): the SQLite run is mostly browser tests waiting on
# Chromium, the PostgreSQL run mostly database work. The PostgreSQL output is shown after the
# SQLite run's, whole.
pg_pid=""
# The whole suite (no arguments) includes the fault injection; a run of chosen tests does not.
faults=0
if [ "$#" -eq 0 ]; then faults=1; fi
rm -f var/junit-faults.xml
if .venv/bin/python scripts/pg_reachable.py "$PG_URL"; then
  # Exit 5 = nothing selected (e.g. "$@" names only engine tests): not a failure.
  ( DATABASE_URL="$PG_URL" .venv/bin/pytest --junitxml=var/junit-postgres.xml \
      -m "not browser and not no_db" "$@" >var/test-postgres.log 2>&1
    rc=$?
    failed=0
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then failed=1; fi
    # The fault injection (docs/fault-injection.md) follows the PostgreSQL run, beside the
    # rest of the SQLite run: its gunicorn, PostgreSQL cluster and worker are its own.
    if [ "$faults" = 1 ]; then
      .venv/bin/pytest tests/faults -m faults -p no:randomly \
        --junitxml=var/junit-faults.xml >var/test-faults.log 2>&1 || failed=1
    fi
    exit $failed ) &
  pg_pid=$!
  reports="var/junit-sqlite.xml var/junit-postgres.xml"
else
  rm -f var/junit-postgres.xml
  reports="var/junit-sqlite.xml"
  if [ "${REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "PostgreSQL is not reachable at $PG_URL and REQUIRE_POSTGRES=1" >&2
    status=1
  else
    echo "PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL run"
  fi
fi

echo "== Test suite on SQLite"
env -u DATABASE_URL .venv/bin/pytest --junitxml=var/junit-sqlite.xml "$@" || status=1

if [ -n "$pg_pid" ]; then
  wait "$pg_pid" || status=1
  echo "== Database tests on PostgreSQL ($PG_URL)"
  cat var/test-postgres.log
  if [ "$faults" = 1 ]; then
    echo "== Fault injection (tests/faults)"
    cat var/test-faults.log
    reports="$reports var/junit-faults.xml"
  fi
fi

# shellcheck disable=SC2086
.venv/bin/python scripts/junit_summary.py $reports || status=1
exit $status
