"""Template helpers of the survey pages: texts stored per language, and their direction."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from concerto.surveys.models import text_in

register = template.Library()


@register.filter
def in_language(texts: dict[str, str] | None, code: str) -> str:
    """The text in exactly this language ("" when it is missing: no fallback, the preview shows the gap)."""
    return (texts or {}).get(code, "") if texts else ""


@register.filter
def localised_text(texts: dict[str, str] | None) -> str:
    """The text in the reader's language, else French, else any (for staff pages)."""
    return text_in(texts or {})


@register.simple_tag
def language_attributes(language: Any) -> SafeString:
    """``lang`` and ``dir`` of a reference.Language, so right-to-left scripts display right to left."""
    direction = "rtl" if getattr(language, "is_right_to_left", False) else "ltr"
    return format_html(' lang="{}" dir="{}"', language.code, direction)


@register.filter
def field_named(form: Any, name: str) -> Any:
    """The bound field ``name`` of ``form`` (field names built in the view, e.g. "title_ar")."""
    return form[name]


@register.simple_tag
def language_name(language: Any) -> SafeString:
    """“Arabic · العربية”: the interface's name, then the language's own name in its own script."""
    from concerto.core.translation import localised

    name = localised(language, "name").text or language.code
    native = getattr(language, "native_name", "")
    if not native or native.lower() == name.lower():
        return format_html("{}", name)
    direction = "rtl" if language.is_right_to_left else "ltr"
    return format_html('{} · <span lang="{}" dir="{}">{}</span>', name, language.code, direction, native)


@register.filter
def option_number(numbered: Any, option: Any) -> int | str:
    """The number (1, 2, 3...) of ``option`` among its question's answers, as printed on paper."""
    if numbered is None or option is None:
        return "?"
    return int(numbered.option_number(option))
