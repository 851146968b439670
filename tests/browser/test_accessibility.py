"""axe-core on every page a coordinator or a service worker reaches, in French and in Dutch.

A page passes when axe finds no violation of impact "serious" or "critical". Lesser findings
are printed in the failure message too, to help whoever fixes the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from concerto.catalogue.models import Session
from tests.browser.support import BLOCKING, World, log_in_quickly, screenshot

LANGUAGES = ["fr", "nl"]


def first_session(world: World) -> Session:
    return Session.objects.filter(edition=world.theatre_edition).order_by("starts_at").first()


def participant(world: World) -> Any:
    """A detainee confirmed in the theatre edition (created once per test world)."""
    from concerto.registrations.models import Application
    from concerto.testing.factories import ApplicationFactory, DetaineeFactory

    existing = Application.objects.filter(edition=world.theatre_edition).first()
    if existing is not None:
        return existing
    detainee = DetaineeFactory(prison=world.prison, unit=world.unit_b, first_name="Samir", last_name="Benali")
    return ApplicationFactory(
        edition=world.theatre_edition, detainee=detainee, status="confirmed", recorded_for=world.apo
    )


def waiting_request(world: World) -> Any:
    """A movement permission for the participant, asked a week ago and due yesterday: overdue in the inbox."""
    import datetime as dt

    from django.utils import timezone

    from concerto.registrations.models import PrisonRequest

    today = timezone.localdate()
    request, _created = PrisonRequest.objects.get_or_create(
        application=participant(world),
        kind=PrisonRequest.Kind.MOVEMENT_PERMISSION,
        defaults={"requested_on": today - dt.timedelta(days=7), "due_on": today - dt.timedelta(days=1)},
    )
    return request


def administrator(world: World) -> Any:
    from concerto.accounts.models import Membership, Role, User

    user, created = User.objects.get_or_create(username="axe-admin", defaults={"first_name": "Ada"})
    if created:
        user.set_password("pass-word-123")
        user.save()
        Membership.objects.create(user=user, organisation=world.apo, role=Role.ADMINISTRATOR)
    return user


def privacy_officer(world: World) -> Any:
    from concerto.accounts.models import Membership, Role, User
    from concerto.testing.factories import OrganisationFactory

    user, created = User.objects.get_or_create(username="axe-privacy", defaults={"first_name": "Elise"})
    if created:
        user.set_password("pass-word-123")
        user.save()
        coordination = OrganisationFactory(name="Coordination (axe)", kind="coordination_body")
        Membership.objects.create(user=user, organisation=coordination, role=Role.PRIVACY_OFFICER)
    return user


def audit_entries(world: World) -> bool:
    """Two entries in the audit trail: a role granted in the admin, and a movement list printed (created once)."""
    from concerto.accounts.permissions import actor_for
    from concerto.privacy.models import AuditEntry, AuditKind
    from concerto.privacy.services import audit_record, audit_record_export

    if not AuditEntry.objects.exists():
        membership = world.apo_worker.memberships.get()
        audit_record(
            actor=administrator(world),
            kind=AuditKind.MEMBERSHIP_GRANTED,
            target=f"{world.apo_worker.username} · {membership.role}",
            target_type="accounts.membership",
            target_id=membership.pk,
            organisation_id=membership.organisation_id,
            ip_address="192.0.2.10",
            detail={"user": world.apo_worker.pk, "role": membership.role},
        )
        audit_record_export(
            actor=actor_for(world.prison_staff),
            export="movement_list",
            file_format="pdf",
            target=f"{world.prison.code} {world.monday.isoformat()}",
            target_type="prisons.prison",
            target_id=world.prison.pk,
            records=12,
        )
    return True


def submit_erase_without_confirmation(page: Any) -> None:
    page.locator("#id_reason").fill("art. 17")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def stalled_import(world: World) -> Any:
    """An import of Haren's list, uploaded by its prison staff, applying for two hours: its worker died."""
    import datetime as dt

    from django.utils import timezone

    from concerto.detainees.models import DetaineeImport, ImportStatus

    return DetaineeImport.objects.create(
        prison=world.prison,
        uploaded_by=world.prison_staff,
        file_name="liste.csv",
        file_sha256="0" * 64,
        content=b"",
        status=ImportStatus.APPLYING,
        rows_total=120,
        rows_done=120,
        running_since=timezone.now() - dt.timedelta(hours=2),
    )


def evaluated_editions(world: World) -> tuple[Any, Any]:
    """Two theatre editions that are over: one decided "adjust" (it shaped the current one), one awaiting."""
    import datetime as dt

    from django.utils import timezone

    from concerto.catalogue.models import Edition
    from concerto.evaluation.models import EditionEvaluation, EvaluationFollowUp, FacilitatorReport
    from concerto.testing.factories import EditionFactory

    past = list(Edition.objects.filter(activity=world.theatre, ends_on__lt=world.monday).order_by("starts_on"))
    if len(past) == 2:
        return past[0], past[1]
    decided, awaiting = (
        EditionFactory(
            activity=world.theatre,
            prison=world.prison,
            room=world.room_1,
            units=[world.unit_a],
            facilitators=[world.facilitator],
            starts_on=world.monday - dt.timedelta(weeks=weeks),
            ends_on=world.monday - dt.timedelta(weeks=weeks - 6),
        )
        for weeks in (20, 10)
    )
    FacilitatorReport.objects.create(
        edition=decided, author=world.facilitator, organisation=world.theatre.partners.get(), what_worked="Le groupe."
    )
    evaluation = EditionEvaluation.objects.create(
        edition=decided,
        assessment="Bonne participation.",
        decision="adjust",
        adjustments="Séances plus courtes.",
        decided_by=world.coordinator,
        decided_at=timezone.now(),
    )
    EvaluationFollowUp.objects.create(evaluation=evaluation, edition=world.theatre_edition)
    return decided, awaiting


def open_proposal(world: World) -> Any:
    """A proposal of the coordination, open for comments, with one comment from APO (created once)."""
    from concerto.accounts.permissions import actor_for
    from concerto.proposals import services
    from concerto.proposals.models import ActivityProposal

    existing = ActivityProposal.objects.first()
    if existing is not None:
        return existing
    coordinator = actor_for(world.coordinator)
    proposal = services.proposal_create(
        actor=coordinator,
        data={
            "title_fr": "Atelier de conversation en arabe",
            "objectives_fr": "Rompre l'isolement.",
            "organisation": world.coordinator.memberships.get().organisation,
            "prison": world.prison,
            "units": [world.unit_b],
            "category": world.training,
            "target_groups": list(world.theatre.target_groups.all()),
            "languages": list(world.theatre.languages.all()),
        },
        finding="Aucune activité en arabe dans l'unité B",
    )
    proposal = services.proposal_change_status(actor=coordinator, proposal=proposal, to_status="open")
    services.proposal_comment_add(
        actor=actor_for(world.apo_worker), proposal=proposal, organisation=world.apo, text="Nous pouvons aider."
    )
    return proposal


def survey_campaign(world: World) -> Any:
    """APO's needs campaign (French, Dutch, Arabic) with 19 typed-in forms (created once)."""
    from concerto.surveys.models import Campaign
    from concerto.surveys.tests.sample_survey import build_sample

    existing = Campaign.objects.filter(name="Besoins 2026").first()
    if existing is not None:
        return existing
    return build_sample(organisation=world.apo, prison=world.prison, created_by=world.coordinator).campaign


def survey_pages(world: World) -> dict[str, int]:
    from concerto.surveys.tests.building import survey_pages as build

    return build(world)


def report_year_with_texts(world: World) -> int:
    """Last year's report of every prison and organisation, with the coordinator's text of its summary."""
    from django.utils import timezone

    from concerto.reports.models import ReportText

    year = timezone.localdate().year - 1
    ReportText.objects.get_or_create(
        year=year, section="summary", prison=None, organisation=None, defaults={"text": "Une année de reprise."}
    )
    return year


def open_report_text_form(page: Any) -> None:
    page.locator("#section-summary details summary").click()
    page.locator("#id_summary-text").wait_for()


def submit_empty_form(page: Any) -> None:
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()


def submit_an_incomplete_slip(page: Any) -> None:
    """The entry page's one form, sent without an edition: errors next to the fields."""
    page.locator("#id_edition").select_option("")
    page.locator("main form[method=post] button[value=accept]").click()
    page.locator(".error-summary").wait_for()


def submit_wrong_password(page: Any) -> None:
    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("wrong")
    submit_empty_form(page)


@dataclass(frozen=True)
class Page:
    name: str
    who: str | None  # attribute of World naming the user ("admin": an administrator), None: anonymous
    path: Callable[[World], str]  # without the language prefix
    then: Callable[[Any], None] | None = None  # what the user does before axe looks


PAGES = [
    Page("login", None, lambda w: "/login/"),
    Page("login-with-errors", None, lambda w: "/login/", submit_wrong_password),
    Page("dashboard", "coordinator", lambda w: "/dashboard/"),
    # The home page of the other roles: work to do, in bounded blocks.
    Page("home-service-worker", "apo_worker", lambda w: participant(w) and "/dashboard/"),
    Page("home-prison-staff", "prison_staff", lambda w: stalled_import(w) and "/dashboard/"),
    Page("home-facilitator", "facilitator", lambda w: participant(w) and "/dashboard/"),
    Page("catalogue", "coordinator", lambda w: "/catalogue/"),
    Page("activity-detail", "coordinator", lambda w: f"/catalogue/activities/{w.cooking.pk}/"),
    Page("activity-detail-service-worker", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/"),
    Page("activity-create", "apo_worker", lambda w: "/catalogue/activities/new/"),
    Page("activity-create-with-errors", "apo_worker", lambda w: "/catalogue/activities/new/", submit_empty_form),
    Page("activity-edit", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/edit/"),
    Page("activity-history", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/history/"),
    Page("edition-detail", "apo_worker", lambda w: f"/catalogue/editions/{w.theatre_edition.pk}/"),
    Page("edition-create", "apo_worker", lambda w: f"/catalogue/activities/{w.theatre.pk}/editions/new/"),
    Page(
        "edition-create-with-errors",
        "apo_worker",
        lambda w: f"/catalogue/activities/{w.theatre.pk}/editions/new/",
        submit_empty_form,
    ),
    Page("edition-history", "apo_worker", lambda w: f"/catalogue/editions/{w.theatre_edition.pk}/history/"),
    Page("session-move", "apo_worker", lambda w: f"/catalogue/sessions/{first_session(w).pk}/move/"),
    Page("session-cancel", "apo_worker", lambda w: f"/catalogue/sessions/{first_session(w).pk}/cancel/"),
    Page("calendar-index", "coordinator", lambda w: "/catalogue/calendar/"),
    Page("calendar-prison", "coordinator", lambda w: f"/catalogue/calendar/prison/{w.prison.pk}/"),
    Page("calendar-unit", "apo_worker", lambda w: f"/catalogue/calendar/prison/{w.prison.pk}/unit/{w.unit_b.pk}/"),
    Page("account", "coordinator", lambda w: "/account/"),
    Page("not-found", "facilitator", lambda w: f"/catalogue/activities/{w.rizome_draft.pk}/"),
    # The registration side (personal data): service worker's and partner facilitator's pages.
    Page("detainee-list", "apo_worker", lambda w: f"/detainees/?q={participant(w).detainee.last_name}"),
    Page("detainee-detail", "apo_worker", lambda w: f"/detainees/{participant(w).detainee_id}/"),
    Page("detainee-detail-facilitator", "facilitator", lambda w: f"/detainees/{participant(w).detainee_id}/"),
    # Requests to the prison: the prison's inbox (an overdue request with its answer form) and the services' list.
    Page("prison-inbox", "prison_staff", lambda w: waiting_request(w) and "/prison-inbox/"),
    Page("service-requests", "apo_worker", lambda w: waiting_request(w) and "/prison-inbox/requests/"),
    Page("import-list", "prison_staff", lambda w: "/detainees/imports/"),
    Page("import-upload", "prison_staff", lambda w: "/detainees/imports/new/"),
    Page("import-stalled", "prison_staff", lambda w: f"/detainees/imports/{stalled_import(w).pk}/"),
    Page("registrations", "apo_worker", lambda w: f"/registrations/editions/{participant(w).edition_id}/"),
    Page("application-create", "apo_worker", lambda w: f"/registrations/editions/{w.theatre_edition.pk}/apply/"),
    Page("registrations-start", "apo_worker", lambda w: "/registrations/"),
    Page(
        "registrations-start-found",
        "apo_worker",
        lambda w: f"/registrations/?q={participant(w).detainee.last_name}",
    ),
    Page(
        "registrations-start-with-errors",
        "apo_worker",
        lambda w: f"/registrations/?detainee={participant(w).detainee_id}",
        submit_an_incomplete_slip,
    ),
    Page("application-detail", "apo_worker", lambda w: f"/registrations/applications/{participant(w).pk}/"),
    Page("screening-criteria", "apo_worker", lambda w: f"/registrations/editions/{w.theatre_edition.pk}/screening/"),
    Page("attendance-sheet", "apo_worker", lambda w: f"/attendance/sessions/{first_session(w).pk}/"),
    Page("participant-list", "facilitator", lambda w: f"/attendance/sessions/{first_session(w).pk}/participants/"),
    Page("follow-up", "apo_worker", lambda w: f"/attendance/editions/{participant(w).edition_id}/follow-up/"),
    Page("interview", "apo_worker", lambda w: f"/attendance/participants/{participant(w).pk}/interview/"),
    Page("movement-list", "prison_staff", lambda w: f"/attendance/movements/?prison={w.prison.pk}"),
    Page("movement-list-print", "prison_staff", lambda w: f"/attendance/movements/?prison={w.prison.pk}&print=1"),
    Page("notices", "apo_worker", lambda w: "/attendance/notices/"),
    Page("access-log", "admin", lambda w: "/privacy/access-log/"),
    # The evaluation of editions: the coordinator's pages and the facilitator's report.
    Page("evaluation-todo", "coordinator", lambda w: evaluated_editions(w) and "/evaluation/"),
    Page("evaluation-edition", "coordinator", lambda w: f"/evaluation/editions/{evaluated_editions(w)[0].pk}/"),
    Page("evaluation-awaiting", "apo_worker", lambda w: f"/evaluation/editions/{evaluated_editions(w)[1].pk}/"),
    Page("evaluation-decide", "coordinator", lambda w: f"/evaluation/editions/{evaluated_editions(w)[1].pk}/evaluate/"),
    Page("evaluation-report", "facilitator", lambda w: f"/evaluation/editions/{evaluated_editions(w)[1].pk}/report/"),
    Page(
        "evaluation-report-with-errors",
        "facilitator",
        lambda w: f"/evaluation/editions/{evaluated_editions(w)[1].pk}/report/",
        submit_empty_form,
    ),
    Page(
        "evaluation-participant",
        "coordinator",
        lambda w: f"/evaluation/editions/{evaluated_editions(w)[1].pk}/participant-evaluation/",
    ),
    Page("evaluation-loop", "coordinator", lambda w: f"/evaluation/activities/{evaluated_editions(w)[0].activity_id}/"),
    # The design workspace (proposals) and the yearly report.
    Page("proposals", "coordinator", lambda w: open_proposal(w) and "/proposals/"),
    Page(
        "proposal-create",
        "coordinator",
        lambda w: f"/proposals/new/?category={w.training.pk}&unit={w.unit_b.pk}&language=nl&finding=Aucune+offre",
    ),
    Page("proposal-create-with-errors", "coordinator", lambda w: "/proposals/new/", submit_empty_form),
    Page(
        "proposal-create-from-finding",
        "coordinator",
        lambda w: f"/proposals/new/?finding=Training+%C2%B7+Women&prison={w.prison.pk}&category={w.training.pk}",
    ),
    Page("proposal-detail", "apo_worker", lambda w: f"/proposals/{open_proposal(w).pk}/"),
    Page("proposal-accept", "coordinator", lambda w: f"/proposals/{open_proposal(w).pk}/accept/"),
    Page("report-year", "coordinator", lambda w: f"/reports/{w.monday.year}/"),
    Page("report-year-service-worker", "apo_worker", lambda w: f"/reports/{w.monday.year}/?prison={w.prison.pk}"),
    # The coordinator's text of a section, shown and opened to be changed.
    Page(
        "report-year-with-texts",
        "coordinator",
        lambda w: f"/reports/{report_year_with_texts(w)}/",
        open_report_text_form,
    ),
    # Survey outputs: results with their charts, and the Arabic paper form (right to left).
    Page("survey-results", "coordinator", lambda w: f"/surveys/campaigns/{survey_campaign(w).pk}/results/"),
    Page("survey-paper-form-ar", "apo_worker", lambda w: f"/surveys/campaigns/{survey_campaign(w).pk}/paper/ar/"),
    # The questionnaire builder (texts side by side, Arabic right to left), its preview, campaigns and entry.
    Page("survey-builder", "coordinator", lambda w: f"/surveys/versions/{survey_pages(w)['draft']}/"),
    Page(
        "survey-preview-ar",
        "coordinator",
        lambda w: f"/surveys/versions/{survey_pages(w)['published']}/preview/?lang=ar",
    ),
    Page("survey-campaign", "coordinator", lambda w: f"/surveys/campaigns/{survey_pages(w)['campaign']}/"),
    Page("survey-entry", "apo_worker", lambda w: f"/surveys/campaigns/{survey_pages(w)['campaign']}/entry/"),
    Page(
        "survey-entry-with-errors",
        "apo_worker",
        lambda w: f"/surveys/campaigns/{survey_pages(w)['campaign']}/entry/",
        submit_empty_form,
    ),
    # The coverage analysis: gaps, overlaps and the supply × demand table (broken down by unit too).
    Page("coverage", "coordinator", lambda w: f"/coverage/?prison={w.prison.pk}"),
    Page("coverage-by-unit", "apo_worker", lambda w: f"/coverage/?prison={w.prison.pk}&by=unit"),
    # Reference data, in the product's pages: the index, a list filtered by prison, forms, history, deletion.
    Page("reference-data", "coordinator", lambda w: "/reference-data/"),
    Page("reference-units", "coordinator", lambda w: f"/reference-data/units/?prison={w.prison.pk}"),
    Page("reference-prisons", "coordinator", lambda w: "/reference-data/prisons/"),
    Page("reference-unit-edit", "coordinator", lambda w: f"/reference-data/units/{w.unit_a.pk}/"),
    Page("reference-room-create", "coordinator", lambda w: f"/reference-data/rooms/new/?prison={w.prison.pk}"),
    Page(
        "reference-category-create-with-errors",
        "coordinator",
        lambda w: "/reference-data/categories/new/",
        submit_empty_form,
    ),
    Page("reference-unit-history", "coordinator", lambda w: f"/reference-data/units/{w.unit_a.pk}/history/"),
    Page("reference-category-delete", "coordinator", lambda w: f"/reference-data/categories/{w.training.pk}/delete/"),
    # The privacy officer's pages ("privacy": a privacy officer of a coordination body).
    Page("access-log", "privacy", lambda w: participant(w) and "/privacy/access-log/"),
    Page("unusual-reading", "privacy", lambda w: "/privacy/access-log/unusual/"),
    Page("audit-trail", "privacy", lambda w: audit_entries(w) and "/privacy/audit-trail/"),
    Page("audit-trail-filtered", "privacy", lambda w: audit_entries(w) and "/privacy/audit-trail/?kind=export"),
    Page("subject-search", "privacy", lambda w: f"/privacy/subjects/?q={participant(w).detainee.prison_number}"),
    Page("subject-detail", "privacy", lambda w: f"/privacy/subjects/{participant(w).detainee_id}/"),
    Page(
        "subject-erase-with-errors",
        "privacy",
        lambda w: f"/privacy/subjects/{participant(w).detainee_id}/anonymise/",
        submit_erase_without_confirmation,
    ),
]


def test_axe_reports_an_unlabelled_field_so_a_clean_page_means_something(world, page):
    page.goto("/fr/login/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    violations = Axe().run(page).response["violations"]
    assert "label" in {v["id"] for v in violations if v["impact"] in BLOCKING}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(str(t) for t in node['target'])}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visit", PAGES, ids=[p.name for p in PAGES])
def test_page_has_no_serious_accessibility_violation(world, live_server, context, visit: Page, language: str):
    if visit.who == "admin":
        log_in_quickly(context, live_server, administrator(world))
    elif visit.who == "privacy":
        log_in_quickly(context, live_server, privacy_officer(world))
    elif visit.who is not None:
        log_in_quickly(context, live_server, getattr(world, visit.who))
    page = context.new_page()
    response = page.goto(f"/{language}{visit.path(world)}")
    assert page.locator("html").get_attribute("lang") == language
    if visit.name != "not-found":
        assert response is not None
        assert response.status == 200, f"{visit.name}: HTTP {response.status}"
    if visit.then is not None:
        visit.then(page)
    screenshot(page, f"a11y-{visit.name}-{language}")

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, (
        f"{visit.name} in {language}: {len(blocking)} serious or critical axe violations\n"
        + describe(blocking)
        + ("\nAlso found:\n" + describe([v for v in violations if v not in blocking]) if violations else "")
    )
