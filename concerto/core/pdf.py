"""PDF documents rendered from HTML templates with WeasyPrint (page size set by each template's CSS, system fonts).

Every PDF of the product goes through ``render_pdf`` and ``pdf_response``: movement and participant
lists, certificates, the yearly report, survey results, posters and flyers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
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


def render_pdf(
    template_name: str, context: dict[str, Any], *, language: str, stylesheets: tuple[str, ...] = ()
) -> bytes:
    """Render ``template_name`` in ``language`` and lay it out as a PDF.

    ``stylesheets`` are static paths (e.g. ``concerto/publicity/paper.css``) added to the
    template's own styles, so a layout shared by a screen page and its PDF is written once.
    """
    from weasyprint import CSS, HTML  # imported here: loading Pango takes a moment, and only PDFs need it

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    found = [finders.find(path) for path in stylesheets]
    sheets = [CSS(filename=path) for path in found if isinstance(path, str)]
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=sheets or None)
    return pdf


def pdf_response(content: bytes, filename: str, *, personal: bool = True) -> HttpResponse:
    """Shown in the browser (to print or save).

    A PDF with personal data is never stored by a cache (``no-store``); one made of public data
    only (``personal=False``: posters, flyers) may be kept by the reader's browser, which asks
    again each time (``no-cache``), so a change to the offer shows at the next print.
    """
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store, private" if personal else "private, no-cache"
    return response
