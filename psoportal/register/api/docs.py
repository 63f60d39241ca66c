"""The API's documentation page: Swagger UI from this site's own static files, never a CDN.

django-ninja ships Swagger UI and renders it from its own static files when "ninja" is in
INSTALLED_APPS; its page runs no inline script, so the site's CSP holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.views.decorators.http import require_safe
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    # No "validator" badge: Swagger UI would send the document to validator.swagger.io.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}


def docs_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """The document and its page answer GET and HEAD only."""
    return require_safe(view)
