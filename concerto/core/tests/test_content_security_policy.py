"""The Content-Security-Policy: on every page, strict, and kept by the templates.

The policy allows no inline script or style. The browser suite fails on any violation the
browser reports (tests/browser/conftest.py); this module also reads every template, so that a
page no browser test opens cannot bring an inline handler or style back unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Templates rendered to PDF by WeasyPrint (never served to a browser) may carry their <style>.
PDF_TEMPLATE = re.compile(r"(/pdf/|_pdf\.html$|/pdf_)")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:a-z-]*)\s*=\s*[\"']", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=\s*[\"']", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


@pytest.mark.django_db
def test_every_page_carries_a_strict_policy(client):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def browser_templates() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "concerto").rglob("templates/**/*.html"))
        if not PDF_TEMPLATE.search(path.as_posix())
    ]


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("inline <script>", INLINE_SCRIPT),
        ("inline event handler", INLINE_HANDLER),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
    ],
)
def test_no_template_served_to_a_browser_holds_inline_code(what, pattern):
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in browser_templates()
        for match in pattern.finditer(path.read_text())
    ]

    assert not offenders, f"{what} breaks the Content-Security-Policy: " + "; ".join(offenders)
