"""manage.py import_register FILE [--apply]: the import page's code for large loads; a dry run
unless --apply."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from psoportal.certification.models import Certificate
from psoportal.core.models import AuditEvent
from psoportal.register.models import RegisterImport
from tests.register.import_support import csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_file(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file([row(), row(certificaatnummer="P24-0002", kvk_nummers="64000202",
                                          ingangsdatum="01-05-2024", einddatum="30-04-2026")]))
    return path


def test_without_apply_it_is_a_dry_run_that_writes_nothing(register_file, capsys):
    call_command("import_register", str(register_file))
    out = capsys.readouterr().out
    assert "new      row 2: P23-0001 Schoonmaakbedrijf Zuidwest B.V." in out
    assert "dry run: 2 rows, 2 new, 0 updated, 0 unchanged, 0 lapse changes, 0 errors" in out
    assert Certificate.objects.count() == 0 and RegisterImport.objects.count() == 0


def test_with_apply_it_imports_and_records_the_batch(register_file, capsys):
    call_command("import_register", str(register_file), "--apply")
    assert "imported: 2 rows, 2 new" in capsys.readouterr().out
    assert Certificate.objects.filter(source="import").count() == 2
    batch = RegisterImport.objects.get()
    assert (batch.status, batch.new, batch.file_name) == ("applied", 2, "register.csv")
    assert AuditEvent.objects.filter(action="register_import", actor=None).count() == 1
    call_command("import_register", str(register_file), "--apply")
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert RegisterImport.objects.count() == 1


def test_an_xlsx_is_read_too(tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_file([row()]))
    call_command("import_register", str(path), "--apply")
    assert Certificate.objects.get().number == "P23-0001"


def test_errors_are_printed_with_row_and_column_and_nothing_is_imported(tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_file([row(kvk_nummers="12")]))
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_register", str(path), "--apply")
    assert "rij 2, kvk-nummers: '12' is geen KvK-nummer" in capsys.readouterr().err
    assert Certificate.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_register", str(tmp_path / "nope.csv"))
