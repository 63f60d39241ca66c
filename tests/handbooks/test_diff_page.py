"""A handbook version's page shows what it is and its diff against the version in force today
(issue 14 §1): renames with their labels, removals, new questions and the norms, in Dutch
formats, labels in the page's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.upload import handbook_version_upload
from psoportal.methodology.handbook import HANDBOOK_DIR

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = (ROOT / "docs/handbooks/2.3-synthetisch.toml").read_bytes()


@pytest.fixture
def version(bo):
    return handbook_version_upload(text=SYNTHETIC, file_name="2.3-synthetisch.toml", by=bo)


def _page(client, login, bo, version, language="nl") -> str:
    login(bo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("handbooks:detail", args=[version.pk]),
                          HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    # One line per cell, without the markup around it.
    # Codes are marked up as code inside a cell; the cell's text reads without that markup.
    html = re.sub(r"</?code[^>]*>", "", response.content.decode())
    return re.sub(r"\|+", "|", re.sub(r"\s*<[^>]+>\s*", "|", html))


def test_the_page_names_the_version_its_file_and_who_uploaded_it(client, login, bo, version):
    page = _page(client, login, bo, version)
    assert "Handboekversie 2.3" in page
    assert "Handboek Prestatieladder Socialer Ondernemen 2.3 (synthetisch)" in page
    assert "|01-04-2027|" in page
    assert "geüpload, nog niet gepubliceerd" in page
    assert "2.3-synthetisch.toml" in page
    assert f"|{version.sha256[:12]}|" in page and version.sha256 not in page.replace(
        f'title="{version.sha256}"', "")
    assert "Bo Backoffice" in page
    assert "Verschillen met versie 2.2, die nu geldt" in page


def test_the_renamed_category_is_shown_as_one_rename_with_its_labels(client, login, bo,
                                                                       version):
    page = _page(client, login, bo, version)
    assert ("|ID-baan (id_baan)|hernoemd: wiw_id → id_baan|–|WIW/ID-baan (wiw_id)|"
            "ID-baan (id_baan)|categories.id_baan|") in page
    assert "|categories.wiw_id|" not in page


def test_the_removed_category_and_the_new_question_are_shown(client, login, bo, version):
    page = _page(client, login, bo, version)
    assert ("|Doelgroepstatus minder dan 2 jaar geleden verloren (status_lost)|verwijderd|"
            in page)
    assert "|Passend werk (passend_werk), vraag inwerkplan|toegevoegd|" in page
    assert "Heeft iedere nieuwe medewerker uit de doelgroep een inwerkplan" in page


def test_the_changed_norms_are_a_compact_table_in_dutch_format(client, login, bo, version):
    page = _page(client, login, bo, version)
    assert "|2|Trede 1|21,4 → 21,9|" in page
    assert "|2|Trede 2|28,0 → 28,5|" in page
    assert "Trede 3: 19 hoger, 0 lager, bij 2 tot en met 20 fte (+0,5 procentpunt)" in page
    assert "|21|Trede 1|" not in page


def test_the_labels_follow_the_pages_language(client, login, bo, version):
    page = _page(client, login, bo, version, language="en")
    assert "|ID job (id_baan)|" in page and "WIW/ID job (wiw_id)" in page
    assert "Does each new target-group employee have an induction plan" in page


def test_a_version_without_differences_says_so(client, login, bo, version):
    same = (HANDBOOK_DIR / "2.2.toml").read_text(encoding="utf-8")
    HandbookVersion.objects.filter(pk=version.pk).update(text=same)
    page = _page(client, login, bo, version)
    assert "Geen verschillen" in page


def test_a_stored_text_the_loader_no_longer_reads_is_told_in_dutch(client, login, bo, version):
    HandbookVersion.objects.filter(pk=version.pk).update(
        text=SYNTHETIC.decode().replace('weight = "0.9"', "weight = 0.9", 1))
    page = _page(client, login, bo, version)
    assert "De rekentool leest dit bestand niet meer" in page
    assert "contracts[2].weight" in page
