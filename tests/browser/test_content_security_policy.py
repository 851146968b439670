"""The browser suite notices a Content-Security-Policy violation (so that its silence means something)."""

from __future__ import annotations

from typing import Any

from tests.browser.support import CSP_VIOLATIONS


def test_an_inline_script_blocked_by_the_policy_is_reported(live_server, page: Any):
    page.goto("/fr/login/")
    policy = page.evaluate("() => fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    page.route(
        "**/planted/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body="<!doctype html><title>x</title><p style='color:red'>x</p><script>document.title='ran'</script>",
        ),
    )

    page.goto("/planted/")

    assert page.title() == "x"  # the inline script did not run
    reported = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()  # this test's violations are planted
    assert any("script-src" in text for text in reported), reported
    assert any("style-src" in text for text in reported), reported
