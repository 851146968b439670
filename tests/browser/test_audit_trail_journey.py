"""A service worker makes an API token; the privacy officer finds it in the audit trail from their
home page, filters the trail by action, and the page passes axe, in French and in Dutch."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_axe, gettext_in, log_in_quickly, new_context, screenshot
from tests.browser.test_accessibility import privacy_officer


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_privacy_officer_finds_a_token_made_in_the_audit_trail(world, browser, live_server, language):
    worker = new_context(browser, live_server)
    log_in_quickly(worker, live_server, world.apo_worker)
    account = worker.new_page()
    account.goto(f"/{language}/account/")
    account.locator("#id_name").fill("Tableur APO")
    account.locator("#api-tokens ~ form button[type=submit]").first.click()
    expect(account.locator("main")).to_contain_text("Tableur APO")
    worker.close()

    officer = new_context(browser, live_server)
    log_in_quickly(officer, live_server, privacy_officer(world))
    page = officer.new_page()
    page.goto(f"/{language}/dashboard/")
    page.locator("main .toolbar").get_by_role("link", name=gettext_in(language, "Audit trail")).click()
    page.wait_for_url("**/privacy/audit-trail/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(world.apo_worker.username)
    expect(rows.first).to_contain_text("Tableur APO")
    check_axe(page, f"audit trail ({language})")

    page.locator("#id_kind").select_option("export")
    page.locator("main form.filters button[type=submit]").click()
    page.wait_for_url("**kind=export**")
    expect(page.locator("main table")).to_have_count(0)
    expect(page.locator("main .empty")).to_be_visible()
    screenshot(page, f"audit-trail-filtered-{language}")
    check_axe(page, f"audit trail filtered ({language})")
    officer.close()
