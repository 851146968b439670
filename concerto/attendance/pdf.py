"""PDF documents of attendance.

The shared helpers now live in ``concerto.core.pdf`` (posters and flyers use them too); kept here
for the apps that import them from attendance.
"""

from __future__ import annotations

from concerto.core.pdf import document_language, pdf_response, render_pdf

__all__ = ["document_language", "pdf_response", "render_pdf"]
