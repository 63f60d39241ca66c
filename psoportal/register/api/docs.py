"""The API's documentation page: Swagger UI from this site's own static files, never a CDN.

django-ninja ships Swagger UI and renders it from its static files when "ninja" is in
INSTALLED_APPS; templates/ninja/swagger.html runs no inline script (the settings travel as a
json_script block), so the site's CSP holds for it as for every other page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    # No "validator" badge: Swagger UI would send the document to validator.swagger.io.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})


def docs_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """The document and its page answer GET and HEAD only."""
    return require_safe(view)
