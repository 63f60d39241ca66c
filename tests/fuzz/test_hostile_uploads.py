"""Hostile files against the upload paths that tests/assessments/test_hostile_imports.py does
not cover (that file covers the target-group and rekentool imports): the register import,
the buyer's supplier import, the bank statement and the handbook upload. Each file of
bench/hostile_files.py is refused, without a 5xx, in < 2 s of CPU and < 100 MB of memory,
with a 400 (the form again, with its error). The generators are the bench's, not copies.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bench.hostile_files import HOSTILE_FILES
from tests.fuzz.personas import build_personas

SECONDS = 2.0
EXTRA_MB = 100
# (persona, URL, file field, upload name for an xlsx / for the rest)
UPLOADS = {
    "register import": ("PSO-Nederland", "/mijnpso/pso-nederland/registerimport/", "file",
                        "register.xlsx", "register.csv"),
    "bank statement": ("PSO-Nederland", "/mijnpso/pso-nederland/betalingen/registreren/",
                       "statement", "afschrift.xlsx", "afschrift.csv"),
    "handbook upload": ("PSO-Nederland", "/mijnpso/pso-nederland/handboeken/nieuw/", "file",
                        "handboek.xlsx", "handboek.toml"),
}


@pytest.mark.django_db
def test_every_other_upload_path_refuses_each_hostile_file_fast_in_little_memory():
    personas = {p.name: p for p in build_personas()}
    report = []
    for label, make in HOSTILE_FILES.items():
        data = make()
        for path, (who, url, field, xlsx_name, other_name) in UPLOADS.items():
            name = xlsx_name if data.startswith(b"PK") else other_name
            client = personas[who].client

            def post(client=client, url=url, field=field, name=name, data=data):
                return client.post(url, {field: SimpleUploadedFile(name, data)})

            start = time.process_time()
            response = post()
            seconds = time.process_time() - start
            tracemalloc.start()
            try:
                post()
                peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            finally:
                tracemalloc.stop()
            report.append((path, label, response.status_code, round(seconds, 2),
                           round(peak_mb)))
            assert response.status_code == 400, (path, label, response.status_code)
            assert seconds < SECONDS, (path, label, seconds)
            assert peak_mb < EXTRA_MB, (path, label, peak_mb)
    print(*report, sep="\n")
