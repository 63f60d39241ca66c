"""The open API's documentation page loads in a real browser: Swagger UI from the site's own
static files under the site's CSP, the OpenAPI document read, every operation listed."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_lists_every_operation_without_a_csp_violation(
    live_server, page, console_errors
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("PSO-register", exact=False).first).to_be_visible()
    for path in ("/register", "/certificates/{number}", "/check", "/check/bulk", "/score"):
        expect(page.locator(f".opblock-summary-path[data-path='{path}']")).to_be_visible()
    # Everything came from this site: no CDN, no validator badge.
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert console_errors == []


def test_try_it_out_calls_the_api_from_the_docs_page(live_server, page, console_errors):
    page.goto(live_server.url + "/api/v1/docs#/check/checkKvk")  # deep link: opened
    operation = page.locator("#operations-check-checkKvk")
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("input[placeholder='kvk']").fill("12345678")
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    expect(operation.locator(".live-responses-table tbody")).to_contain_text('"certified": false')
    assert console_errors == []
