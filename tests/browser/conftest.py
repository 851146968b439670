"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

One browser per test session, a fresh context (cookies, storage) per test. The world every
test starts from is built with the factories and the catalogue services, so the sessions of
the current week exist whatever the day the suite runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is deliberate. Set before Django serves.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, World, build_world, new_context

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(
        reason="Debian's chromium is not installed (apt-get install chromium fonts-noto-core): browser tests skipped"
    )
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(skip)


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture(autouse=True)
def _no_content_security_policy_violation() -> Iterator[None]:
    """Fail a test during which the browser blocked anything under the Content-Security-Policy."""
    from tests.browser.support import CSP_VIOLATIONS

    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, "Content-Security-Policy violations: " + "; ".join(sorted(set(CSP_VIOLATIONS)))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing costs about 0.4 s per user and per sign-in; these tests are not about it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(live_server: Any) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def english_messages():
    """Browser tests read pages in French and Dutch: keep the test thread's language as the page's."""
    return
