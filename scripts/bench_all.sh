#!/usr/bin/env bash
# Every benchmark of bench/, one after the other (two cores: side by side they would measure
# each other), on SQLite and on PostgreSQL where the benchmark has a database, then the load
# test. Each prints its own figures and its ratio to a baseline measured in the same run; this
# script keeps each output in var/bench/<time>/<name>.txt with the machine and its load, which
# is what docs/performance.md quotes.
#
#   make bench                 the sizes docs/performance.md reports (about an hour)
#   make bench BENCH_QUICK=1   small sizes (a few minutes): do the benchmarks still run?
#   BENCH_ONLY="engine pages" make bench    only these (names as in the list below)
#   BENCH_DATABASES=postgresql make bench   only the runs on this database (sqlite, postgresql)
#
# PostgreSQL runs use the database name `bench` (Django makes `test_bench`), never `postgres`,
# whose test database is the test suite's.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench}"
quick="${BENCH_QUICK:-0}"
only=" ${BENCH_ONLY:-} "
databases=" ${BENCH_DATABASES:-sqlite postgresql} "
out="var/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
status=0

# Reachable means the server answers (Django makes the test_… database itself).
if $PY scripts/pg_reachable.py "${PG_URL%/*}/postgres"; then pg=1; else pg=0; fi

machine() {
  echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu:     $(nproc) × $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "memory:  $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "python:  $($PY --version 2>&1); $(psql --version 2>/dev/null | head -1)"
}
machine | tee "$out/machine.txt"

# run NAME DATABASE FULL_ARGS -- QUICK_ARGS
run() {
  local name="$1" database="$2"; shift 2
  local full=() small=() seen=0
  for arg in "$@"; do
    if [ "$arg" = "--" ]; then seen=1; elif [ "$seen" = 0 ]; then full+=("$arg"); else small+=("$arg"); fi
  done
  if [ "$only" != "  " ] && [[ "$only" != *" ${name%% *} "* ]]; then return; fi
  if [[ "$databases" != *" $database "* ]]; then return; fi
  local args=("${full[@]}")
  if [ "$quick" = "1" ]; then args=("${small[@]}"); fi
  local label="$name ($database)" file="$out/${name// /-}-$database.txt"
  if [ "$database" = "postgresql" ] && [ "$pg" = "0" ]; then
    echo "== $label: skipped, PostgreSQL not reachable at $PG_URL" | tee "$file"
    return
  fi
  echo "== $label: ${args[*]}"
  {
    echo "command: ${args[*]}"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    local started=$SECONDS
    if [ "$database" = "postgresql" ]; then
      DATABASE_URL="$PG_URL" "${args[@]}" 2>&1
    else
      env -u DATABASE_URL "${args[@]}" 2>&1
    fi
    local rc=$?
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); $((SECONDS - started)) s; exit $rc"
    [ "$rc" = 0 ]
  } | tee "$file"
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "!! $label failed"; status=1; }
}

run "engine" sqlite $PY bench/engine.py -- $PY bench/engine.py --rows 5000 --purchases 1000 --runs 2
run "engine-hostile" sqlite $PY bench/engine.py --hostile -- $PY bench/engine.py --hostile
run "hostile_files" sqlite $PY bench/hostile_files.py --runs 3 -- $PY bench/hostile_files.py --runs 1
run "import_xlsx" sqlite $PY bench/import_xlsx.py 10000 -- $PY bench/import_xlsx.py 2000
run "step4_page" sqlite $PY bench/step4_page.py -- $PY bench/step4_page.py --runs 5
for db in sqlite postgresql; do
  run "pages" $db $PY bench/pages.py -- \
    $PY bench/pages.py --employees 2000 --purchases 1000 --runs 5 --no-pdf
  run "applications" $db $PY bench/applications.py --count 1000 -- \
    $PY bench/applications.py --count 20 --pdfs 5
  run "invoices" $db $PY bench/invoices.py --count 10000 -- \
    $PY bench/invoices.py --count 200 --pdfs 10
  run "register_import" $db $PY bench/register_import.py -- \
    $PY bench/register_import.py --rows 2000
  run "buyers" $db $PY bench/buyers.py -- $PY bench/buyers.py --buyers 2 --runs 5
done
run "pdf" sqlite $PY bench/pdf.py -- \
  $PY bench/pdf.py --runs 2 --employees 2000 --purchases 2000 --entities 20
run "migration" postgresql $PY bench/migration.py --drafts 100000 -- \
  $PY bench/migration.py --drafts 2000
# The two servers' benchmarks make their own PostgreSQL databases (bench_register, bench_load).
run "register" postgresql $PY bench/register.py -- \
  $PY bench/register.py --certificates 2000 --organisations 20000 --duration 10
run "load" postgresql $PY bench/load.py -- $PY bench/load.py --users 20 --duration 60
run "load two-instances" postgresql $PY bench/load.py --instances 2 -- \
  $PY bench/load.py --instances 2 --users 20 --duration 60

echo "outputs: $out"
exit $status
