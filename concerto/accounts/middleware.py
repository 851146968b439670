"""Open an address without a language in the signed-in user's saved language.

The language lives in the URL (/fr/, /nl/, /en/); opening a page under another prefix is not a
choice and changes no preference (the switch, ``accounts.views.choose_language``, does). Where
the address has no prefix (``/``, an old bookmark), LocaleMiddleware redirects to the active
language: for a signed-in user, that is the language they chose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language in self.codes
            and not request.path_info.startswith("/api/")  # the API speaks the client's Accept-Language
            and translation.get_language_from_path(request.path_info) is None
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
