"""Content written in French, Dutch and English, with an honest fallback.

Catalogue texts are stored in one column per interface language (``title_fr``,
``title_nl``, ``title_en``). When the reader's language is missing, we show another
language and say which, rather than showing nothing or pretending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

CONTENT_LANGUAGES: tuple[str, ...] = tuple(code for code, _ in settings.LANGUAGES)


@dataclass(frozen=True)
class LocalisedText:
    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.requested

    def __str__(self) -> str:
        return self.text


def current_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in CONTENT_LANGUAGES else settings.LANGUAGE_CODE


def localised(obj: Any, field: str, language: str | None = None) -> LocalisedText:
    """The value of ``field`` in ``language`` (default: the active one), else the first filled one.

    Fallback order: the requested language, then French, Dutch, English.
    """
    requested = language or current_language()
    order = [requested, *[code for code in CONTENT_LANGUAGES if code != requested]]
    for code in order:
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value.strip():
            return LocalisedText(text=value, language=code, requested=requested)
    return LocalisedText(text="", language=requested, requested=requested)


class LocalisedMixin:
    """Adds ``obj.tr("title")`` to models that store one column per language."""

    def tr(self, field: str) -> LocalisedText:
        return localised(self, field)


def localised_order(field: str, language: str | None = None, *, prefix: str = "") -> Any:
    """A database expression for sorting by ``field`` as the reader sees it (the same fallback as ``localised``).

    ``prefix`` reaches a related model's columns (``"activity__"``). Case is ignored, so that
    "atelier" and "Atelier" sort together.
    """
    from django.db.models import Value
    from django.db.models.functions import Coalesce, Lower, NullIf, Trim

    requested = language or current_language()
    order = [requested, *[code for code in CONTENT_LANGUAGES if code != requested]]
    columns = [NullIf(Trim(f"{prefix}{field}_{code}"), Value("")) for code in order]
    return Lower(Coalesce(*columns, Value("")))


def same_page_in(path: str, language: str) -> str:
    """``path`` (with its query string) under the prefix of ``language``: /fr/catalogue/?q=x → /nl/catalogue/?q=x.

    Django's translate_url resolves the path in the active language only, so a /fr/ address seen
    while Dutch is active would come back unchanged: resolve it in the language of its own prefix.
    """
    from django.urls import translate_url
    from django.utils import translation

    prefix = translation.get_language_from_path(path.split("?", 1)[0])
    with translation.override(prefix or get_language()):
        return translate_url(path, language)
