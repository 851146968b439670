"""PDF documents rendered from HTML templates with WeasyPrint (A4, fonts from the system)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from concerto.core.translation import CONTENT_LANGUAGES


def document_language(request: HttpRequest) -> str:
    """The ``lang`` query parameter when it names an interface language, else the page's language."""
    asked = request.GET.get("lang", "")
    if asked in CONTENT_LANGUAGES:
        return asked
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return current if current in CONTENT_LANGUAGES else settings.LANGUAGE_CODE


def render_pdf(template_name: str, context: dict[str, Any], *, language: str) -> bytes:
    """Render ``template_name`` in ``language`` and lay it out as a PDF."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment, and only PDFs need it

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """Shown in the browser (to print or save); never cached, since it holds personal data."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
