"""A service worker sets up a second factor in Dutch, then signs in with the password and a code.

With the second factor required (production's setting), the worker's first page after the
password is the set-up page. She types the key into her app (here: computes the code from the
key the page shows), keeps the recovery codes, signs out, and signs in again with her password
and the app's next code.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django_otp.oath import totp

from tests.browser.support import PASSWORD, check_axe, screenshot


def code_from(key_text: str) -> str:
    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key)):06d}"


def sign_in(page: Any, username: str, language: str) -> None:
    page.goto(f"/{language}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_worker_sets_up_a_second_factor_and_signs_in_with_it(world, settings, clock, page: Any):
    settings.CONCERTO_SECOND_FACTOR = "required"

    # 1. After the password, the set-up page comes first, whatever page she asks for.
    sign_in(page, world.apo_worker.username, "nl")
    page.goto("/nl/catalogue/")
    page.wait_for_url("**/nl/account/second-factor/")
    assert page.locator(".qr svg").is_visible()
    check_axe(page, "second factor set-up (nl)")
    screenshot(page, "second-factor-setup-nl")

    # 2. A wrong code is refused next to the field; the app's code confirms it.
    page.locator("#id_code").fill("123456")
    page.locator("main form button[type=submit]").click()
    page.locator(".errorlist, [id$=_error]").first.wait_for()
    check_axe(page, "second factor set-up with an error (nl)")
    key = page.locator("#totp-key").inner_text()
    clock.shift(dt.timedelta(seconds=2))  # a wrong code makes the next try wait a second
    page.locator("#id_code").fill(code_from(key))
    page.locator("main form button[type=submit]").click()
    codes = page.locator(".recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    check_axe(page, "recovery codes (nl)")

    # 3. Signed out, she signs in again: password, then the app's next code.
    page.locator("form[action$='/logout/'] button").first.click()
    clock.shift(dt.timedelta(seconds=31))
    sign_in(page, world.apo_worker.username, "nl")
    page.wait_for_url("**/nl/login/code/")
    check_axe(page, "code after the password (nl)")
    page.locator("#id_code").fill(code_from(key))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/nl/dashboard/")
    page.goto("/nl/catalogue/")
    assert "/catalogue/" in page.url


def test_the_code_page_is_accessible_in_french(world, live_server, page: Any):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.apo_worker, name="app", confirmed=True)
    sign_in(page, world.apo_worker.username, "fr")
    page.wait_for_url("**/fr/login/code/")
    check_axe(page, "code after the password (fr)")
