from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DutchUnlessChosenMiddleware:
    """Serve Dutch unless the visitor chose English with the language switch.

    PSO is a Dutch scheme and its texts are authored in Dutch; a browser's Accept-Language header
    (often English on Dutch office machines) must not decide the language. The explicit choice
    lives in the language cookie, which LocaleMiddleware still honours.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
