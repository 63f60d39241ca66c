"""PSO-Nederland's handbook pages in a real browser (issue 14): the upload form (submitted
empty), a version's page with its diff, the impact preview and the publishing page pass
page_checks (width, axe-core, engine text, one language), narrow in Dutch and wide in English."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from psoportal.accounts.demo import demo_user
from psoportal.handbooks.preview import preview_compute
from psoportal.handbooks.upload import handbook_read, handbook_version_upload
from psoportal.methodology.handbook import handbook_get
from tests.e2e.test_applicant_journey_accessible import Journey
from tests.e2e.test_institution_pages_browser import FORM_BUTTON, _log_in, _new_page
from tests.handbooks.conftest import SYNTHETIC, SYNTHETIC_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [("nl", 390), ("en", 1280)]
if os.environ.get("PSO_ALL_PAGE_VARIANTS"):
    VARIANTS += [("nl", 1280), ("en", 390)]


@pytest.mark.parametrize(("lang", "width"), VARIANTS)
def test_the_handbook_pages_are_narrow_accessible_clean_and_in_one_language(
    live_server, browser, width, lang
):
    bo = demo_user("bo@pso-nederland.demo", "Bo Backoffice", is_staff=True)
    version = handbook_version_upload(text=SYNTHETIC.encode(), file_name=SYNTHETIC_PATH.name,
                                      by=bo)
    preview_compute(version)

    context, page = _new_page(browser, live_server, width)
    journey = Journey(page, lang)
    titles = [t for h in (handbook_get("2.2"), handbook_read(SYNTHETIC.encode()))
              for t in (h.title_nl, h.title_en)]
    journey.user_data = [bo.full_name, bo.email, SYNTHETIC_PATH.name, *titles]
    _log_in(page, lang, bo.email)
    journey.visit("handbook versions", reverse("handbooks:list"))
    if journey.visit("upload a version", reverse("handbooks:upload")):
        journey.failed_submit("upload, submitted empty", FORM_BUTTON)
    journey.visit("version and its diff", reverse("handbooks:detail", args=[version.pk]))
    journey.visit("impact preview", reverse("handbooks:preview", args=[version.pk]))
    journey.visit("publish", reverse("handbooks:publish", args=[version.pk]))
    context.close()

    if journey.failures:
        pytest.fail(journey.report(), pytrace=False)
