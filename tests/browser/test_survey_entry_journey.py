"""Typing in a paper form with the keyboard only: numbers and Tab, as staff do with a pile of forms."""

from __future__ import annotations

from concerto.surveys.models import Response
from concerto.surveys.tests.building import survey_pages
from tests.browser.support import gettext_in, log_in_quickly


def test_a_service_worker_types_in_a_paper_form_with_numbers_and_tab(world, live_server, context):
    ids = survey_pages(world)
    log_in_quickly(context, live_server, world.apo_worker)
    page = context.new_page()
    page.goto(f"/fr/surveys/campaigns/{ids['campaign']}/entry/")

    page.keyboard.type("17")  # the cursor waits in the form number
    page.select_option("#id_language", "ar")
    page.select_option("#id_unit", str(world.unit_a.pk))
    page.locator(".ranks input").first.focus()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # theatre: not ranked
    page.keyboard.type("2")  # question 2: "2. Non" is ticked by its number
    page.keyboard.press("Tab")  # question 3 is only for those who said yes: skipped
    page.keyboard.press("Tab")
    page.keyboard.type("3")  # question 4: "3. Le soir"
    page.locator("main form button[type=submit]").click()

    saved = gettext_in("fr", "Form %(number)s saved. %(count)d form typed in for this campaign.")
    page.locator(".messages").get_by_text(saved % {"number": "17", "count": 1}).wait_for()
    response = Response.objects.get(paper_number="17")
    assert response.language == "ar"
    assert sorted(response.answers.values_list("question__code", "option__position", "rank")) == [
        ("before", 2, None),
        ("moments", 3, None),
        ("themes", 1, 1),
        ("themes", 2, 2),
    ]
    # The next blank form keeps the language and the unit of the pile.
    assert page.locator("#id_paper_number").input_value() == ""
    assert page.locator("#id_language").input_value() == "ar"
    assert page.locator("#id_unit").input_value() == str(world.unit_a.pk)
