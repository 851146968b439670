"""Remember each user's interface language.

The language lives in the URL (/fr/, /nl/, /en/). When a signed-in user opens a page in
another language, that choice becomes their saved preference, so the next login, e-mail or
PDF uses it too.
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
        # Signing in happens under whatever prefix the login page had: that is not a choice.
        was_signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        if getattr(response, "is_public_page", False):
            # A public page is the same for everyone and kept by shared caches: no cookie on it,
            # and reading the offer in Dutch is not choosing Dutch for one's staff pages.
            return response
        language = translation.get_language_from_path(request.path_info)
        if language in self.codes:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax"
            )
            if was_signed_in and user is not None and user.language != language:
                user.language = language
                user.save(update_fields=["language"])
        return response
