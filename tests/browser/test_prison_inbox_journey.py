"""The prison answers a service's request in its inbox, in Dutch; the service sees the answer at once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import gettext_in, log_in_quickly, screenshot
from tests.browser.test_accessibility import waiting_request


def test_prison_staff_refuse_only_with_a_reason_then_approve_and_the_service_sees_it(world, context, live_server, page):
    from concerto.registrations.models import PrisonRequest

    request = waiting_request(world)
    log_in_quickly(context, live_server, world.prison_staff)
    page.goto("/nl/dashboard/")
    page.get_by_role("link", name=gettext_in("nl", "Answer them in the prison inbox")).click()
    row = page.locator("table.inbox tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_have_class("overdue")
    expect(row).to_contain_text(gettext_in("nl", "Overdue"))
    screenshot(page, "prison-inbox-nl")

    # Refusing without a reason: said in Dutch, nothing changed.
    row.get_by_role("button", name=gettext_in("nl", "Refuse")).click()
    expect(page.get_by_text(gettext_in("nl", "Say why the request is refused."))).to_be_visible()
    request.refresh_from_db()
    assert request.status == PrisonRequest.Status.REQUESTED

    page.locator("table.inbox tbody tr").get_by_role("button", name=gettext_in("nl", "Approve")).click()
    expect(page.get_by_text(gettext_in("nl", "Nothing waits for an answer with these filters."))).to_be_visible()
    request.refresh_from_db()
    assert request.status == PrisonRequest.Status.GRANTED

    # The service's side: the answer is there, and a notice says so.
    log_in_quickly(context, live_server, world.apo_worker)
    page.goto("/nl/prison-inbox/requests/")
    expect(page.locator("table.inbox tbody tr").first).to_contain_text(gettext_in("nl", "Approved"))
    screenshot(page, "service-requests-nl")
