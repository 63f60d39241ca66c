"""NL Design System component CSS: vendored with version and licence, used by every page."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "static" / "vendor" / "utrecht"
PACKAGE = "@utrecht/component-library-css"


def test_the_component_css_its_version_licence_and_readme_are_vendored():
    css = (VENDOR / "component-library.css").read_text(encoding="utf-8")
    assert ".utrecht-button--primary-action" in css
    assert ".utrecht-breadcrumb-nav" in css
    assert "@license EUPL-1.2" in css
    assert "European Union Public Licence" in (VENDOR / "LICENSE.md").read_text(encoding="utf-8")
    assert "make assets" in (VENDOR / "README.md").read_text(encoding="utf-8")


def test_the_recorded_version_is_the_one_pinned_in_package_json_and_the_lock_file():
    version = (VENDOR / "VERSION").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"9\.\d+\.\d+", version)
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["devDependencies"][PACKAGE] == version
    assert lock["packages"][f"node_modules/{PACKAGE}"]["version"] == version
    assert package["devDependencies"]["axe-core"]


def test_make_assets_refreshes_the_vendored_css():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nassets:", 1)[1].split("\n\n", 1)[0]
    assert "npm ci" in target
    assert ("component-library-css/dist/index.css "
            "static/vendor/utrecht/component-library.css") in target
    assert "static/vendor/utrecht/LICENSE.md" in target
    assert "static/vendor/utrecht/VERSION" in target


def test_the_theme_sets_design_tokens_on_the_mijnpso_theme_class():
    theme = (ROOT / "static" / "css" / "mijnpso-theme.css").read_text(encoding="utf-8")
    assert ".mijnpso-theme {" in theme
    for token in (
        "--utrecht-button-primary-action-background-color",
        "--utrecht-alert-error-border-color",
        "--utrecht-table-header-background-color",
        "--utrecht-radio-button-checked-color",
    ):
        assert f"{token}:" in theme


@pytest.mark.django_db
def test_every_page_links_the_vendored_css_and_theme_from_our_own_origin_before_our_rules(client):
    content = client.get(reverse("core:home")).content.decode()
    vendor = content.index('href="/static/vendor/utrecht/component-library.css"')
    theme = content.index('href="/static/css/mijnpso-theme.css"')
    base = content.index('href="/static/css/base.css"')
    assert vendor < theme < base
    assert '<body class="mijnpso-theme' in content
    # No CDN: every stylesheet and script comes from our own /static/.
    for url in re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', content):
        assert url.startswith("/static/"), url
    assert "unpkg" not in content and "jsdelivr" not in content


@pytest.mark.django_db
def test_the_header_shows_the_mijnpso_wordmark_with_accessible_text(client):
    content = client.get(reverse("core:home")).content.decode()
    assert re.search(
        r'<img class="brand-wordmark" src="/static/img/mijnpso-wordmark.svg" alt="MijnPSO"', content
    )
    svg = (ROOT / "static" / "img" / "mijnpso-wordmark.svg").read_text(encoding="utf-8")
    assert "<title" in svg and "MijnPSO</title>" in svg


@pytest.mark.django_db
def test_messages_render_as_design_system_alerts(client):
    request = RequestFactory().get("/")
    request.session = client.session
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "Opgeslagen.")
    request._messages.add(constants.ERROR, "Mislukt.")
    request.user = AnonymousUser()
    html = render_to_string("base.html", request=request)
    assert 'class="utrecht-alert utrecht-alert--ok' in html
    assert 'class="utrecht-alert utrecht-alert--error' in html


def test_every_button_in_the_templates_carries_design_system_classes():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<button\b[^>]*>", path.read_text(encoding="utf-8")):
            if "utrecht-button" not in tag and "utrecht-link-button" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
    assert offenders == []


def test_breadcrumbs_have_one_style_from_one_partial():
    templates = ROOT / "templates"
    partial = (templates / "core" / "breadcrumbs.html").read_text(encoding="utf-8")
    assert "utrecht-breadcrumb-nav" in partial and 'aria-current="page"' in partial
    users = [
        p for p in templates.rglob("*.html")
        if '"core/breadcrumbs.html"' in p.read_text(encoding="utf-8")
    ]
    assert len(users) >= 4
    for path in templates.rglob("*.html"):
        assert 'class="breadcrumb"' not in path.read_text(encoding="utf-8"), path
