"""From a needs campaign to the gap it reveals and the activity proposal that answers it.

A coordinator types in paper forms of the needs campaign (five people ask for vocational
training, which nobody offers), reads the results per target group, opens the coverage view,
finds the gap there and drafts an activity proposal from it; axe checks every page on the way,
in French, then the same pages in Dutch.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import ngettext

from concerto.proposals.models import ActivityProposal
from concerto.reference.models import Category, TargetGroup
from concerto.surveys.models import Response
from concerto.surveys.tests.building import survey_pages
from tests.browser.support import check_axe, gettext_in, log_in_quickly, screenshot

WISHES = 5  # the smallest count the analysis shows (below it: "fewer than 5")


def type_in_a_form(page: Any, number: int, unit_id: int, group_id: int) -> None:
    """One paper form of an accused man of unit A: vocational training first, sport second, and
    "no" to "have you taken part in an activity before"."""
    page.locator("#id_paper_number").fill(str(number))
    page.select_option("#id_language", "fr")
    page.select_option("#id_target_group", str(group_id))
    page.select_option("#id_unit", str(unit_id))
    ranks = page.locator(".ranks input")
    ranks.nth(0).fill("1")
    ranks.nth(1).fill("2")
    page.get_by_label("2. Non", exact=True).check()
    page.locator("main form button[type=submit]").click()
    with translation.override("fr"):
        saved = ngettext(
            "Form %(number)s saved. %(count)d form typed in for this campaign.",
            "Form %(number)s saved. %(count)d forms typed in for this campaign.",
            number,
        ) % {"number": number, "count": number}
    page.locator(".messages").get_by_text(saved).wait_for()


def test_typed_in_wishes_show_as_a_gap_that_becomes_an_activity_proposal(world, live_server, context):
    ids = survey_pages(world)
    vocational = Category.objects.get(code="vocational-training")
    accused = TargetGroup.objects.get(code="accused")
    log_in_quickly(context, live_server, world.coordinator)
    page = context.new_page()

    # 1. The campaign page, then the keyboard entry of five paper forms.
    page.goto(f"/fr/surveys/campaigns/{ids['campaign']}/")
    check_axe(page, "campaign (fr)")
    page.goto(f"/fr/surveys/campaigns/{ids['campaign']}/entry/")
    check_axe(page, "entry (fr)")
    for number in range(1, WISHES + 1):
        type_in_a_form(page, number, world.unit_a.pk, accused.pk)
    assert Response.objects.filter(campaign_id=ids["campaign"]).count() == WISHES

    # 2. The results: vocational training is the first wish of all five.
    page.goto(f"/fr/surveys/campaigns/{ids['campaign']}/results/")
    main = page.locator("main")
    assert "Formation professionnelle" in main.inner_text()
    assert main.locator("svg[role=img]").count() >= 1  # the charts are drawn on the server
    screenshot(page, "needs-results-fr")
    check_axe(page, "results (fr)")

    # 3. The coverage view finds the wish with no offer and offers to draft a proposal from it.
    page.goto(f"/fr/coverage/?prison={world.prison.pk}")
    gaps = page.locator("section", has=page.locator("#gaps-title"))
    gap = gaps.locator("li.finding", has_text="Formation professionnelle").first
    gap.wait_for()
    screenshot(page, "coverage-fr")
    check_axe(page, "coverage (fr)")
    gap.get_by_role("link", name=gettext_in("fr", "Draft an activity proposal")).click()

    # 4. The proposal form comes pre-filled from the gap; the coordinator names it and saves.
    page.wait_for_url("**/proposals/new/**")
    assert page.locator("#id_category").input_value() == str(vocational.pk)
    assert page.locator(f"input[name=target_groups][value='{accused.pk}']").is_checked()
    check_axe(page, "proposal form (fr)")
    page.locator("#id_title_fr").fill("Initiation aux métiers du bâtiment")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/proposals/*/")
    proposal = ActivityProposal.objects.get(title_fr="Initiation aux métiers du bâtiment")
    assert proposal.category == vocational
    assert proposal.prison == world.prison
    assert list(proposal.target_groups.all()) == [accused]
    assert "Formation professionnelle" in page.locator("main").inner_text()
    check_axe(page, "proposal (fr)")

    # 5. The same pages read in Dutch.
    for label, path in [
        ("results", f"/nl/surveys/campaigns/{ids['campaign']}/results/"),
        ("coverage", f"/nl/coverage/?prison={world.prison.pk}"),
        ("proposal", f"/nl/proposals/{proposal.pk}/"),
    ]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "nl"
        check_axe(page, f"{label} (nl)")
    page.goto(f"/nl/coverage/?prison={world.prison.pk}")
    assert "Beroepsopleiding" in page.locator("section", has=page.locator("#gaps-title")).inner_text()
