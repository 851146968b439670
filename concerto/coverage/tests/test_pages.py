"""The coverage page and its exports, through the test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.models import Role
from concerto.catalogue.scheduling import aware
from concerto.coverage.tests.world import PERIOD_QUERY, build_world, people
from concerto.privacy.models import PersonalDataAccess
from concerto.testing.clock import SCENARIO_NOW
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)

# Literal dates below (editions from 4 January 2027): the module runs at their moment.
pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]


@pytest.fixture
def world():
    return build_world()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, world, extra: str = "", path: str = "/en/coverage/"):
    return client.get(f"{path}?prison={world.prison.pk}&{PERIOD_QUERY}{extra}")


def test_coordinator_reads_each_finding_as_a_sentence_with_its_figures_and_links(world, coordinator):
    response = page(client_for(coordinator), world)

    text = response.content.decode()
    assert response.status_code == 200
    assert "7 people (convicted) wish for “Music”, but none of its editions" in text
    assert "“Reception class” offers 10 places" in text
    assert "against 6 people on waiting lists, fewer than 5 refused for lack of places" in text
    assert "the unit “Unit B” (7 people present) has no “Training” activity" in text
    assert "10 people present speak Romanian" in text
    assert "APO and Rizome-BXL offer “Theatre” to men, convicted" in text
    assert "meet Unit A at the same time 2 times" in text
    assert "(first on 05/01/2027 14:30)" in text
    # The editions behind the findings, the waiting list behind the demand, the survey behind the wishes.
    assert f'href="/en/catalogue/editions/{world.rizome_theatre.pk}/"' in text
    assert f'href="/en/registrations/editions/{world.reception_edition.pk}/"' in text
    assert f'href="/en/surveys/campaigns/{world.campaign.pk}/results/">Besoins hiver 2027' in text


def test_a_gap_offers_to_draft_a_proposal_prefilled_with_its_dimensions(world, coordinator):
    response = page(client_for(coordinator), world)

    links = [
        line.split('href="')[1].split('"')[0].replace("&amp;", "&")
        for line in response.content.decode().splitlines()
        if "Draft an activity proposal" in line
    ]
    assert len(links) == 5  # one per gap, none for the overlaps
    queries = [parse_qs(urlparse(link).query) for link in links]
    assert all(urlparse(link).path == "/en/proposals/new/" for link in links)
    assert {
        "category": [str(world.music.pk)],
        "target_group": [str(world.convicted.pk)],
        "unit": [str(world.unit_b.pk)],
        "language": ["fr"],
        "prison": [str(world.prison.pk)],
    }.items() <= queries[0].items()
    assert "Music" in queries[0]["finding"][0]
    assert any(q.get("language") == ["ro"] for q in queries)
    # The proposals page takes them (another app's page: the link must lead somewhere real).
    proposal = client_for(coordinator).get(links[0])
    assert proposal.status_code == 200
    assert "Drafted from:" in proposal.content.decode()


def test_a_service_worker_follows_waiting_lists_of_his_own_organisation_only(world, member):
    apo_page = page(client_for(member(Role.SERVICE_WORKER, world.apo)), world).content.decode()
    rizome_page = page(client_for(member(Role.SERVICE_WORKER, world.rizome)), world).content.decode()

    registrations = f'href="/en/registrations/editions/{world.reception_edition.pk}/"'
    assert registrations in apo_page
    assert registrations not in rizome_page
    # The analysis itself is the same: the offer is shared. The survey is APO's: Rizome sees its name only.
    assert "“Reception class” offers 10 places" in rizome_page
    results = f'href="/en/surveys/campaigns/{world.campaign.pk}/results/"'
    assert results in apo_page
    assert results not in rizome_page
    assert "Besoins hiver 2027" in rizome_page
    # A service worker does not draft proposals (coordinators and service managers do).
    assert "Draft an activity proposal" not in rizome_page


def test_partner_facilitator_and_prison_staff_are_refused(world, member):
    for role in (Role.PARTNER_FACILITATOR, Role.PRISON_STAFF):
        assert page(client_for(member(role)), world).status_code == 403


def test_each_view_and_export_is_recorded_without_names(world, coordinator):
    client = client_for(coordinator)
    page(client, world)
    page(client, world, path="/en/coverage/export.csv")

    rows = list(PersonalDataAccess.objects.filter(subject_type="coverage.analysis").order_by("pk"))
    assert [(r.action, r.subject_id, r.user_id) for r in rows] == [
        ("view", world.prison.pk, coordinator.pk),
        ("export", world.prison.pk, coordinator.pk),
    ]
    assert rows[0].detail == "coverage 2027-01-01..2027-03-31"


def test_filters_narrow_the_page(world, coordinator):
    text = page(client_for(coordinator), world, f"&category={world.theatre.pk}").content.decode()

    assert "APO and Rizome-BXL offer “Theatre”" in text
    assert "Music" not in text.split('id="gaps-title"')[1]
    assert "meet Unit A at the same time" not in text


def test_the_period_defaults_to_the_current_quarter(world, coordinator):
    response = client_for(coordinator).get(f"/en/coverage/?prison={world.prison.pk}")

    period = response.context["period"]
    today = timezone.localdate()
    assert period.start <= today <= period.end
    assert period.start.day == 1
    assert period.start.month in (1, 4, 7, 10)
    assert (period.end + dt.timedelta(days=1)).month == (period.start.month + 2) % 12 + 1


def test_a_wrong_period_is_explained_and_nothing_is_analysed(world, coordinator):
    response = client_for(coordinator).get("/en/coverage/?period_start=2027-03-01&period_end=2027-01-01")

    text = response.content.decode()
    assert 'class="error-summary"' in text
    assert "The end of the period is before its start." in text
    assert response.context["analysis"] is None


def test_csv_export_has_the_findings_and_the_table_with_small_counts_hidden(world, coordinator):
    response = page(client_for(coordinator), world, path="/en/coverage/export.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    findings = [row for row in rows if len(row) == 10 and row[1] in ("Gap", "Overlap")]
    assert len(findings) == 7
    assert any("10 people present speak Romanian" in row[8] for row in findings)
    reception = next(row for row in rows if row[:3] == ["Accused", "Training", "Reception class"])
    assert reception[5:7] == ["1", "10"]
    # Wishes (3 people), weighted demand (hidden with them), waiting list, refused for lack of places (2).
    assert reception[-4:] == ["fewer than 5", "0", "6", "fewer than 5"]


def test_xlsx_export_has_a_sheet_of_findings_and_one_of_supply_and_demand(world, coordinator):
    response = page(client_for(coordinator), world, path="/en/coverage/export.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Findings", "Supply and demand"]
    findings = [row for row in workbook["Findings"].iter_rows(values_only=True) if row[1] in ("Gap", "Overlap")]
    assert {row[0] for row in findings} >= {"Demand without supply", "Competing sessions"}
    table = list(workbook["Supply and demand"].iter_rows(values_only=True))
    music = next(row for row in table if row[:3] == ("Convicted", "Sociocultural", "Music"))
    assert (music[5], music[9]) == (0, 7)


def test_an_unknown_export_format_is_not_found(world, coordinator):
    assert client_for(coordinator).get("/en/coverage/export.pdf").status_code == 404


# --- Queries ---------------------------------------------------------------------------------


def more_offer(world, count: int) -> None:
    """``count`` more editions with units, sessions, a waiting list and people present."""
    for index in range(count):
        organisation = OrganisationFactory()
        unit = UnitFactory(prison=world.prison, code=f"extra-{index}")
        edition = EditionFactory(
            activity=ActivityFactory(organiser=organisation, category=world.music),
            prison=world.prison,
            units=[unit, world.unit_a],
        )
        SessionFactory(edition=edition, starts_at=aware(dt.date(2027, 1, 5), dt.time(14, 0)))
        for detainee in people(world.prison, unit, 2, legal_status="accused", speaks=world.languages["ro"]):
            ApplicationFactory(edition=edition, detainee=detainee, status="waiting_list")


def test_query_count_does_not_grow_with_the_number_of_editions(world):
    user = UserFactory(username="query-coordinator")
    MembershipFactory(user=user, organisation=OrganisationFactory(), role=Role.COORDINATOR)
    client = client_for(user)
    page(client, world)  # the first visit saves the user's language choice

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page(client, world).status_code == 200
        return len(captured)

    small = count()
    more_offer(world, 6)
    assert count() == small
