"""Every page the axe test visits, at a phone's width (390 px), in French and in Dutch.

A page fails when its document is wider than the viewport (the reader would have to scroll the
whole page sideways): the message names the page and the elements that stick out. A wide table
may scroll inside its own box, never the page. axe runs too, at that width (0 serious or
critical violations). One test per role and language, with one signed-in context, keeps it fast.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import BLOCKING, log_in_quickly, screenshot
from tests.browser.test_accessibility import LANGUAGES, PAGES, administrator, describe, privacy_officer

PHONE = {"width": 390, "height": 844}
ROLES = sorted({visit.who or "anonymous" for visit in PAGES})

# The outermost elements whose right edge passes the viewport, outside any box that scrolls or clips.
STICKING_OUT = """
() => {
  const limit = window.innerWidth + 1;
  const clips = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right + window.scrollX;
    if (right <= limit || clips(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right + window.scrollX > limit) continue;
    found.push([right, name(el) + " (" + Math.round(el.getBoundingClientRect().width) + " px wide, right edge at "
      + Math.round(right) + " px)"]);
  }
  found.sort((a, b) => b[0] - a[0]);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    culprits: found.slice(0, 3).map((f) => f[1]),
  };
}
"""


def too_wide(page: Any) -> str | None:
    """None when the document fits the viewport, else what sticks out."""
    measure = page.evaluate(STICKING_OUT)
    if measure["scrollWidth"] <= measure["innerWidth"]:
        return None
    culprits = "; ".join(measure["culprits"]) or "no single element found"
    return f"document {measure['scrollWidth']} px wide in a {measure['innerWidth']} px viewport; widest: {culprits}"


def signed_in_context(browser: Any, live_server: Any, world: Any, role: str) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="fr-BE", viewport=PHONE)
    context.set_default_timeout(10_000)
    if role == "admin":
        log_in_quickly(context, live_server, administrator(world))
    elif role == "privacy":
        log_in_quickly(context, live_server, privacy_officer(world))
    elif role != "anonymous":
        log_in_quickly(context, live_server, getattr(world, role))
    return context


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_passes_axe_there(world, browser, live_server, role: str, language: str):
    visits = [visit for visit in PAGES if (visit.who or "anonymous") == role]
    context = signed_in_context(browser, live_server, world, role)
    problems: list[str] = []
    try:
        page = context.new_page()
        for visit in visits:
            page.goto(f"/{language}{visit.path(world)}")
            if visit.then is not None:
                visit.then(page)
                page.wait_for_load_state("load")  # the page a form sent to, with its stylesheet
            screenshot(page, f"phone-{visit.name}-{language}")
            wide = too_wide(page)
            if wide:
                problems.append(f"{visit.name}: {wide}")
            violations = Axe().run(page).response["violations"]
            blocking = [v for v in violations if v["impact"] in BLOCKING]
            if blocking:
                problems.append(f"{visit.name}: axe at 390 px\n{describe(blocking)}")
    finally:
        context.close()
    assert not problems, f"{role} in {language}, at 390 px:\n" + "\n".join(problems)


def test_the_check_sees_a_page_made_wider_than_a_phone(world, browser, live_server):
    context = signed_in_context(browser, live_server, world, "coordinator")
    try:
        page = context.new_page()
        page.goto("/fr/dashboard/")
        assert too_wide(page) is None
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<div id=wide>x</div>')")
        page.evaluate("document.querySelector('#wide').style.width = '600px'")
        message = too_wide(page)
        assert message is not None
        assert "div#wide" in message
    finally:
        context.close()
