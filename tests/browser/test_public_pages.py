"""The public offer in a browser: axe-core clean, and readable on a phone, in French, Dutch and English.

Each public page (offer, activity, organisation, prison) is checked at 1280 and 390 px wide:
no serious or critical axe violation, and no sideways scrolling on the phone. Screenshots
land in /tmp/shots-public to look at; the activity page is also printed to PDF there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.support import check_axe

SHOTS = Path("/tmp/shots-public")  # noqa: S108 - screenshots to look at
WIDTHS = (1280, 390)


def public_pages(world: Any, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "offer": reverse("public:offer"),
            "activity": reverse("public:activity", args=[world.theatre.pk]),
            "organisation": reverse("public:organisation", args=[world.apo.pk]),
            "prison": reverse("public:prison", args=[world.prison.pk]),
        }


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_public_pages_are_accessible_and_fit_a_phone(world, context, language: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in public_pages(world, language).items():
            response = page.goto(path)
            assert response is not None
            assert response.status == 200, f"{name} in {language}: HTTP {response.status}"
            assert page.locator("html").get_attribute("lang") == language
            page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
            check_axe(page, f"{name} in {language} at {width}px")
            if width < 500:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{name} in {language} is {overflow}px wider than a {width}px phone"


def test_the_language_switch_opens_the_same_page_in_dutch(world, context):
    page = context.new_page()
    page.goto(public_pages(world, "fr")["activity"])
    page.locator(".language-switch a[hreflang=nl]").click()
    page.wait_for_url(f"**{public_pages(world, 'nl')['activity']}")
    assert page.locator("h1").inner_text() == "Theaterworkshop"


def test_the_activity_page_prints_on_portrait_paper(world, context):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    page.goto(public_pages(world, "fr")["activity"])
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.pdf(path=str(SHOTS / "activity-fr.pdf"), prefer_css_page_size=True)
    assert (SHOTS / "activity-fr.pdf").stat().st_size > 1000
