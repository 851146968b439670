"""Reference data is edited in the product's pages, in Dutch.

A coordinator reading Concerto in Dutch opens "Reference data" from the index, finds a unit in
its prison's list, corrects its Dutch name side by side with the French and English ones, sees
the new name in the list, and finds the change, with her name, in the unit's history. A first
attempt with the French name erased is refused next to the field and changes nothing.
"""

from __future__ import annotations

from typing import Any

from concerto.prisons.models import Unit
from tests.browser.support import check_axe, gettext_in, log_in_quickly, screenshot

NEW_NAME = "Afdeling A · voorlopig gehechten"


def test_a_coordinator_renames_a_unit_in_dutch_and_finds_it_in_the_list_and_the_history(world, live_server, context):
    log_in_quickly(context, live_server, world.coordinator)
    page: Any = context.new_page()

    # 1. The index lists the kinds with their counts; units are a kind among them.
    page.goto("/nl/reference-data/")
    check_axe(page, "reference data index (nl)")
    page.get_by_role("link", name=gettext_in("nl", "units").capitalize(), exact=True).click()
    page.wait_for_url("**/nl/reference-data/units/")

    # 2. Filtered on Haren, the unit is there under its Dutch name.
    page.select_option("#id_prison", str(world.prison.pk))
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(f"**/units/?prison={world.prison.pk}**")
    check_axe(page, "units of Haren (nl)")
    page.get_by_role("link", name=world.unit_a.name_nl, exact=True).click()
    page.wait_for_url(f"**/nl/reference-data/units/{world.unit_a.pk}/")
    assert page.locator("#id_name_nl").get_attribute("lang") == "nl"

    # 3. Erasing the French name is refused next to the field; nothing changes.
    page.locator("#id_name_fr").fill("")
    page.locator("#id_name_nl").fill(NEW_NAME)
    page.locator("main form.reference-form button[type=submit]").click()
    page.locator("#id_name_fr_error").wait_for()
    check_axe(page, "unit form with errors (nl)")
    world.unit_a.refresh_from_db()
    assert world.unit_a.name_nl == "Afdeling A · verdachten"

    # 4. With the French name back, the Dutch one is saved and shown in the list.
    page.locator("#id_name_fr").fill(world.unit_a.name_fr)
    page.locator("#id_name_nl").fill(NEW_NAME)
    page.locator("main form.reference-form button[type=submit]").click()
    page.wait_for_url(f"**/nl/reference-data/units/?prison={world.prison.pk}")
    assert page.get_by_role("link", name=NEW_NAME, exact=True).is_visible()
    assert Unit.objects.get(pk=world.unit_a.pk).name_nl == NEW_NAME

    # 5. The unit's history names the coordinator and the change.
    page.get_by_role("link", name=NEW_NAME, exact=True).click()
    page.get_by_role("link", name=gettext_in("nl", "History"), exact=True).click()
    page.wait_for_url(f"**/nl/reference-data/units/{world.unit_a.pk}/history/")
    history = page.locator("table.history tbody tr").first
    assert "Claire Dubois" in history.inner_text()
    assert NEW_NAME in history.locator("ins").inner_text()
    assert "Afdeling A · verdachten" in history.locator("del").inner_text()
    check_axe(page, "unit history (nl)")
    screenshot(page, "refdata-history-nl")
