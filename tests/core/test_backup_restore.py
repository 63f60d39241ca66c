"""Backup and restore (issue 15 item 8, docs/backup.md): scripts/backup.sh and
scripts/restore.sh, the documented commands themselves, take the demo database (every role's
rows, certificates of every status, paid and open invoices) into a dump, restore it into an
empty database, and every certificate and invoice is found there unchanged. The TOTP seeds are
still readable with the same FIELD_ENCRYPTION_KEY, which is not in the dump.

The PostgreSQL test runs in the PostgreSQL suite (pg_dump / pg_restore on the test database);
the SQLite test in the SQLite suite (the sqlite3 command-line ".backup").
"""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from psoportal.accounts.models import TotpDevice
from psoportal.billing.models import Invoice
from psoportal.certification.models import Certificate
from psoportal.core.lib.crypto import decrypt

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

CERTIFICATES_SQL = ('SELECT number, kind, level, organisation_name, start, "end", revoked_on, '
                    "verification_code FROM certification_certificate ORDER BY number")
INVOICES_SQL = ("SELECT number, kind, status, invoice_date, due_date FROM billing_invoice "
                "ORDER BY number")
SEEDS_SQL = "SELECT user_id, encrypted_seed FROM accounts_totpdevice ORDER BY id"


def live_rows():
    """What the running database holds, read the same way as the restored copy."""
    with connection.cursor() as cursor:
        rows = []
        for sql in (CERTIFICATES_SQL, INVOICES_SQL):
            cursor.execute(sql)
            rows.append([tuple(str(v) for v in row) for row in cursor.fetchall()])
    return rows


def script(name, *args, env, status=0):
    """Runs scripts/NAME as an operator would; returns its output, after checking its status."""
    # Our own scripts with arguments the test made (no shell, no outside input).
    result = subprocess.run(["/bin/bash", str(ROOT / "scripts" / name), *map(str, args)],  # noqa: S603
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
                            check=False)
    assert result.returncode == status, result.stderr
    return result.stdout if status == 0 else result.stderr


@pytest.fixture
def demo_world():
    call_command("seed_demo", verbosity=0)
    # The demo must hold what the test claims to find, or the test proves nothing.
    assert Certificate.objects.count() >= 100
    assert Invoice.objects.filter(status=Invoice.Status.PAID).exists()
    assert Invoice.objects.filter(status=Invoice.Status.OPEN).exists()
    assert TotpDevice.objects.exists()
    return live_rows()


def assert_seeds_readable(rows):
    seeds = {device.user_id: decrypt(device.encrypted_seed)
             for device in TotpDevice.objects.all()}
    restored = {user_id: decrypt(token) for user_id, token in rows}
    assert restored == seeds


def test_a_postgresql_dump_restores_every_certificate_and_invoice_into_an_empty_database(
        demo_world, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL suite runs this; the SQLite test below covers SQLite")
    import psycopg

    params = connection.settings_dict
    base = f"postgres://{params['USER'] or 'postgres'}@{params['HOST'] or '127.0.0.1'}:" \
           f"{params['PORT'] or 5432}"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"{base}/{params['NAME']}",
           "PGPASSWORD": params.get("PASSWORD") or ""}
    backup = Path(script("backup.sh", tmp_path, env=env).strip())
    assert (backup / "database.dump").stat().st_size > 0

    target = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        script("restore.sh", backup, f"{base}/{target}", env=env)
        with psycopg.connect(f"{base}/{target}") as restored:
            rows = [[tuple(str(v) for v in row) for row in restored.execute(sql).fetchall()]
                    for sql in (CERTIFICATES_SQL, INVOICES_SQL)]
            seeds = restored.execute(SEEDS_SQL).fetchall()
        assert rows == demo_world
        assert_seeds_readable(seeds)
        # Restoring over a database that has tables is refused: a restore never mixes.
        refused = script("restore.sh", backup, f"{base}/{target}", env=env, status=2)
        assert "not empty" in refused
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_an_sqlite_backup_restores_every_certificate_and_invoice_into_a_new_file(
        demo_world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite suite runs this; the PostgreSQL test above covers PostgreSQL")
    # The test database lives in memory; the site's lives in var/db.sqlite3. Put it in a file
    # the way the running site has it, then back up that file with the documented script.
    live = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(live) as target:
        connection.connection.backup(target)
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite://{live}",
           "MEDIA_ROOT": str(tmp_path / "none"), "PRIVATE_MEDIA_ROOT": str(tmp_path / "none")}
    backup = Path(script("backup.sh", tmp_path / "backups", env=env).strip())

    restored_path = tmp_path / "restored.sqlite3"
    script("restore.sh", backup, f"sqlite://{restored_path}", env=env)
    with sqlite3.connect(restored_path) as restored:
        rows = [[tuple(str(v) for v in row) for row in restored.execute(sql).fetchall()]
                for sql in (CERTIFICATES_SQL, INVOICES_SQL)]
        seeds = restored.execute(SEEDS_SQL).fetchall()
    assert rows == demo_world
    assert_seeds_readable(seeds)
    refused = script("restore.sh", backup, f"sqlite://{restored_path}", env=env, status=2)
    assert "refusing" in refused


def test_the_backup_takes_the_uploaded_files_with_it(tmp_path):
    media = tmp_path / "site" / "media"
    private = tmp_path / "site" / "private"
    (media / "news").mkdir(parents=True)
    (private / "reports").mkdir(parents=True)
    (media / "news" / "photo.png").write_bytes(b"png")
    (private / "reports" / "audit.pdf").write_bytes(b"%PDF-1.7")
    live = tmp_path / "db.sqlite3"
    sqlite3.connect(live).close()
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite://{live}",
           "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)}
    backup = Path(script("backup.sh", tmp_path / "backups", env=env).strip())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script("restore.sh", backup, f"sqlite://{elsewhere / 'db.sqlite3'}",
           env={**env, "MEDIA_PARENT": str(elsewhere)})
    assert (elsewhere / "media" / "news" / "photo.png").read_bytes() == b"png"
    assert (elsewhere / "private" / "reports" / "audit.pdf").read_bytes() == b"%PDF-1.7"
