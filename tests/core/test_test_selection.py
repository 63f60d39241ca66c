"""`make test` runs database tests on SQLite and PostgreSQL, everything else once.

tests/conftest.py marks a test `no_db` unless it uses the database; scripts/test.sh runs the
second (PostgreSQL) pass with `-m "not browser and not no_db"`.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _postgres_pass_selection() -> str:
    script = (ROOT / "scripts" / "test.sh").read_text()
    return re.search(r'junit-postgres\.xml \\\n\s*-m "([^"]+)"', script).group(1)


def _marked_no_db(request) -> bool:
    return request.node.get_closest_marker("no_db") is not None


def test_a_test_that_touches_no_database_is_marked_to_run_once(request):
    assert _marked_no_db(request)


def test_a_test_that_reaches_the_database_through_a_persona_runs_on_both(request, alice):
    # No django_db mark here: `alice` → `organisation` → `db` is enough.
    assert not _marked_no_db(request)


@pytest.mark.django_db
def test_a_test_with_the_django_db_mark_runs_on_both(request):
    assert not _marked_no_db(request)


def test_the_postgres_pass_selects_database_tests_only():
    result = subprocess.run(  # noqa: S603 (our own test command)
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", _postgres_pass_selection(),
         "tests/core/test_healthz.py", "tests/methodology/test_bsn.py",
         "tests/e2e/test_home_browser.py"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    selected = [line for line in result.stdout.splitlines() if "::" in line]
    assert selected, result.stdout + result.stderr
    assert {line.split("::")[0] for line in selected} == {"tests/core/test_healthz.py"}
