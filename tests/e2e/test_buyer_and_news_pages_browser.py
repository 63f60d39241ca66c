"""Every page of the buyer workspace and of the news, in a real browser (issue 13): the demo
buyer (Gemeente Voorbeeldstad) walks its workspace, PSO-Nederland its news desk and a visitor
the news; each page passes page_checks (width, axe-core, engine text, one language) narrow in
Dutch and wide in English, and an empty or invalid form puts its error summary in focus."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from psoportal.buyers.demo import DEMO_BUYER_EMAIL, demo_buyer
from psoportal.buyers.models import PurchasingCategory, Supplier, SupplierAssessment
from psoportal.demo.seeding import seed_everything
from psoportal.news.models import NewsItem
from tests.e2e.test_applicant_journey_accessible import Journey, _user_data
from tests.e2e.test_institution_pages_browser import FORM_BUTTON, _log_in, _new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VARIANTS = [("nl", 390), ("en", 1280)]
if os.environ.get("PSO_ALL_PAGE_VARIANTS"):
    VARIANTS += [("nl", 1280), ("en", 390)]


def _buyer_data(buyer) -> list[str]:
    data = list(Supplier.objects.filter(buyer=buyer).values_list("name", flat=True))
    data += list(Supplier.objects.filter(buyer=buyer).values_list("reference", flat=True))
    data += list(PurchasingCategory.objects.filter(buyer=buyer).values_list("name", flat=True))
    data += list(NewsItem.objects.values_list("title", flat=True))
    return data


@pytest.mark.parametrize(("lang", "width"), VARIANTS)
def test_the_buyer_and_news_pages_are_narrow_accessible_clean_and_in_one_language(
    live_server, browser, width, lang
):
    seed_everything()
    buyer = demo_buyer()
    supplier = buyer.suppliers.order_by("name").first()
    category = buyer.categories.order_by("niveau", "position").first()
    assessment = SupplierAssessment.objects.filter(buyer=buyer).first()
    org = buyer.organisation.pk

    context, page = _new_page(browser, live_server, width)
    journey = Journey(page, lang)
    journey.user_data = _user_data() + _buyer_data(buyer)
    _log_in(page, lang, DEMO_BUYER_EMAIL)
    journey.visit("workspace home", reverse("buyers:home", args=[org]))
    journey.visit("suppliers", reverse("buyers:suppliers", args=[org]))
    journey.visit("suppliers, Niveau 1 without a certificate",
                  reverse("buyers:suppliers", args=[org]) + "?status=niveau1-zonder-certificaat")
    if journey.visit("add a supplier", reverse("buyers:supplier_add", args=[org])):
        journey.failed_submit("add a supplier, submitted empty", FORM_BUTTON)
    journey.visit("edit a supplier", reverse("buyers:supplier_edit", args=[org, supplier.pk]))
    journey.visit("import suppliers", reverse("buyers:suppliers_import", args=[org]))
    journey.visit("contract alerts", reverse("buyers:alerts", args=[org]))
    journey.visit("procurement policy", reverse("buyers:policy", args=[org]))
    journey.visit("a purchasing category", reverse("buyers:policy_category",
                                                   args=[org, category.pk]))
    journey.visit("compliance", reverse("buyers:policy_compliance", args=[org]))
    journey.visit("assessments", reverse("buyers:assessments", args=[org]))
    journey.visit("an assessment", reverse("buyers:assessment", args=[org, assessment.pk]))
    journey.visit("social return rule", reverse("buyers:social_return_policy", args=[org]))
    journey.visit("social return of a contract",
                  reverse("buyers:social_return", args=[org, supplier.pk]))
    journey.visit("supplier letter", reverse("buyers:letter", args=[org]))
    context.close()

    # PSO-Nederland's news desk.
    item = NewsItem.objects.order_by("pk").first()
    context, page = _new_page(browser, live_server, width)
    journey.page = page
    _log_in(page, lang, "bo@pso-nederland.demo")
    journey.visit("news desk", reverse("news_staff:list"))
    if journey.visit("new news item", reverse("news_staff:new")):
        journey.failed_submit("new news item, submitted empty", FORM_BUTTON)
    journey.visit("edit news item", reverse("news_staff:edit", args=[item.pk]))
    context.close()

    # A visitor: the news and the newsletter sign-up.
    context, page = _new_page(browser, live_server, width)
    journey.page = page
    page.goto("/")
    if lang == "en":
        page.locator("form.language-switch button[value=en]").click()
        page.wait_for_load_state()
    journey.visit("home with news", "/")
    journey.visit("news list", reverse("news:list"))
    journey.visit("news item", reverse("news:item", args=[item.slug]))
    if journey.visit("newsletter sign-up", reverse("news:subscribe")):
        journey.failed_submit("newsletter sign-up, submitted empty", FORM_BUTTON)
    context.close()

    if journey.failures:
        pytest.fail(journey.report(), pytrace=False)
