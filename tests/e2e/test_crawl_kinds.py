"""The crawl's notion of "one kind of page" and of the paths it never opens."""

from __future__ import annotations

import pytest

from tests.e2e.crawl import SKIPPED_PATH, url_kind


@pytest.mark.parametrize(("one", "other"), [
    ("/mijnpso/rekentool/7/score/", "/mijnpso/rekentool/912/score/"),
    ("/mijnpso/aanvraag/3/audit/correcties/medewerker/1/",
     "/mijnpso/aanvraag/4/audit/correcties/medewerker/22/"),
    ("/certificaat/21LQIFTYgRej_3UFvZRLtBjQwCovt12RqmaG1vJDlpQ/",
     "/certificaat/9xQIFTYgRej_3UFvZRLtBjQwCovt12RqmaG1vJD/"),
])
def test_urls_that_differ_only_in_object_ids_are_one_kind(one, other):
    assert url_kind(one) == url_kind(other)


@pytest.mark.parametrize(("one", "other"), [
    ("/mijnpso/rekentool/7/score/", "/mijnpso/rekentool/7/gegevens/"),
    ("/mijnpso/pso-nederland/instellingen/nieuw/", "/mijnpso/pso-nederland/instellingen/1/"),
    ("/register/controleren/", "/register/"),
])
def test_different_pages_are_different_kinds(one, other):
    assert url_kind(one) != url_kind(other)


@pytest.mark.parametrize("path", [
    "/account/uitloggen/", "/beheer/", "/beheer/accounts/user/", "/register/download.xlsx",
    "/nieuws/feed/", "/nieuws/rss/", "/api/v1/register", "/static/css/base.css",
    "/mijnpso/aanvraag/1/certificaat.pdf", "/i18n/setlang/", "/nieuws/item/afbeelding/",
])
def test_logging_out_files_feeds_the_api_and_the_admin_are_never_opened(path):
    assert SKIPPED_PATH.search(path)


@pytest.mark.parametrize("path", ["/", "/mijnpso/", "/register/", "/nieuws/item/",
                                  "/mijnpso/rekentool/1/importeren/"])
def test_pages_are_opened(path):
    assert not SKIPPED_PATH.search(path)
