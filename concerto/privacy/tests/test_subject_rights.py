"""The privacy officer answers a person's requests: what exists, an export in their language, and
anonymisation on request that leaves nothing identifying them in any table."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test import Client

from concerto.accounts.models import Role
from concerto.attendance.models import Attendance, AttendanceStatus, FeedbackInterview
from concerto.detainees.models import DetaineeNote
from concerto.privacy import selectors, services
from concerto.privacy.models import (
    AccessAction,
    AccessPurpose,
    DisclosurePolicy,
    PersonalDataAccess,
    SubjectRequest,
    SubjectRequestKind,
)
from concerto.privacy.subject import CONTRIBUTORS
from concerto.registrations.models import Application
from concerto.registrations.services import application_move
from concerto.surveys.models import Answer, Response
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    LanguageFactory,
    OrganisationFactory,
    SessionFactory,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db

MARKER = "Zqx7Marker"
TEXT_TYPES = {"CharField", "TextField", "JSONField", "SlugField", "EmailField", "URLField"}


@pytest.fixture
def officer(member):
    return member(Role.PRIVACY_OFFICER, OrganisationFactory(name="Coordination", kind="coordination_body"))


def _person_with_everything(*, service, worker, needs, prison):
    """A person with a marker in every free text and identifier any app keeps about them."""
    person = DetaineeFactory(
        prison=prison,
        first_name=f"{MARKER}First",
        last_name=f"{MARKER}Last",
        prison_number=f"{MARKER}-1",
    )
    dutch = LanguageFactory(code="nl", name_fr="néerlandais", name_nl="Nederlands", name_en="Dutch")
    person.languages_read.set([dutch])
    edition = EditionFactory(activity=ActivityFactory(organiser=service), prison=prison)
    application = ApplicationFactory(edition=edition, detainee=person, recorded_for=service)
    actor = make_actor(worker)
    application_move(actor=actor, application=application, to_status="in_screening", reason=f"{MARKER} reason")
    DetaineeNote.objects.create(detainee=person, organisation=service, author=worker, text=f"{MARKER} note")
    session = SessionFactory(edition=edition)
    Attendance.objects.create(session=session, application=application, status=AttendanceStatus.PRESENT)
    FeedbackInterview.objects.create(application=application, organisation=service, notes=f"{MARKER} interview")
    response = Response.objects.create(campaign=needs.campaign, version=needs.version, language="fr", detainee=person)
    Answer.objects.create(response=response, question=needs.questions["ideas"], text=f"{MARKER} idea")
    Answer.objects.create(response=response, question=needs.questions["before"], option=needs.options["no"])
    PersonalDataAccess.objects.create(
        user=worker,
        action=AccessAction.VIEW,
        purpose=AccessPurpose.REGISTRATION,
        subject_type="detainees.detainee",
        subject_id=person.pk,
        detail=f"{MARKER} detail",
    )
    return person, application


def _where_the_marker_is() -> list[str]:
    """Every table's every text column (history tables included) holding the marker."""
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.concrete_fields:
                if field.get_internal_type() not in TEXT_TYPES:
                    continue
                table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
                query = f"SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE %s"  # noqa: S608 - quoted names
                cursor.execute(query, [f"%{MARKER}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_every_app_with_personal_data_contributes_to_the_registry():
    assert {name.split(".")[1] for name in CONTRIBUTORS} >= {"detainees", "registrations", "attendance", "surveys"}


def test_the_marker_search_sees_every_planted_field(officer, service, worker, needs, prison):
    _person_with_everything(service=service, worker=worker, needs=needs, prison=prison)
    found = set(_where_the_marker_is())
    assert {
        "detainees_detainee.first_name",
        "detainees_detainee.last_name",
        "detainees_detainee.prison_number",
        "detainees_detaineenote.text",
        "attendance_feedbackinterview.notes",
        "surveys_answer.text",
        "registrations_historicalapplication.history_change_reason",
        "privacy_personaldataaccess.detail",
    } <= found


def test_after_anonymisation_on_request_no_table_holds_anything_identifying(officer, service, worker, needs, prison):
    person, application = _person_with_everything(service=service, worker=worker, needs=needs, prison=prison)
    actor = make_actor(officer)
    subject = selectors.subject_get(actor=actor, pk=person.pk)

    services.subject_erase(actor=actor, subject=subject, reason="GDPR art. 17.1.a, request of 02/03/2027")

    assert _where_the_marker_is() == []
    # The figures stay: the application, its status, the attendance, the closed answer.
    application = Application.objects.get(pk=application.pk)
    assert application.status == "in_screening"
    assert Attendance.objects.filter(application=application, status=AttendanceStatus.PRESENT).count() == 1
    assert Answer.objects.filter(question=needs.questions["before"], option=needs.options["no"]).count() == 1
    assert Response.objects.filter(campaign=needs.campaign).count() == 1
    # The request is recorded: who, when, why, the record number; and the anonymisation is logged.
    request = SubjectRequest.objects.get(kind=SubjectRequestKind.ERASURE)
    assert (request.subject_id, request.handled_by_id, request.reason) == (
        person.pk,
        officer.pk,
        "GDPR art. 17.1.a, request of 02/03/2027",
    )
    assert (
        PersonalDataAccess.objects.about(person.pk)
        .filter(action=AccessAction.ANONYMISE, purpose=AccessPurpose.SUBJECT_ERASURE, user=officer)
        .exists()
    )


def test_the_retention_rule_uses_the_same_anonymiser(officer, service, worker, needs, prison, settings, clock):
    import datetime as dt

    from concerto.detainees.services import detainees_anonymise_expired

    person, _ = _person_with_everything(service=service, worker=worker, needs=needs, prison=prison)
    person.presence, person.left_on = "released", dt.date(2000, 1, 1)
    person.save()
    assert detainees_anonymise_expired() == 1
    assert _where_the_marker_is() == []


def test_an_erasure_needs_a_reason_and_a_privacy_officer(officer, worker, prison):
    person = DetaineeFactory(prison=prison)
    actor = make_actor(officer)
    subject = selectors.subject_get(actor=actor, pk=person.pk)
    with pytest.raises(ValidationError):
        services.subject_erase(actor=actor, subject=subject, reason="  ")
    with pytest.raises(PermissionDenied):
        services.subject_erase(actor=make_actor(worker), subject=subject, reason="art. 17")
    person.refresh_from_db()
    assert not person.is_anonymised


def test_the_export_gives_everything_in_the_persons_language_and_withholds_secret_texts(
    officer, service, worker, needs, prison
):
    person, _ = _person_with_everything(service=service, worker=worker, needs=needs, prison=prison)
    client = Client()
    client.force_login(officer)

    data = json.loads(client.get(f"/en/privacy/subjects/{person.pk}/export.json").content)

    assert data["language"] == "nl"  # the first language the person reads
    sections = {section["key"]: section for section in data["sections"]}
    assert sections["detainee"]["items"][0]["last_name"] == f"{MARKER}Last"
    note = sections["notes"]["items"][0]
    assert note["contents_withheld"] is True
    assert "text" not in note
    assert note["service"] == "APO"
    interview = sections["feedback_interviews"]["items"][0]
    assert interview["contents_withheld"] is True
    assert "notes" not in interview
    assert f"{MARKER} idea" in json.dumps(sections["survey_responses"])
    history = sections["applications"]["items"][0]["entries"]
    assert any(entry["reason"] == f"{MARKER} reason" for entry in history)
    assert sections["attendance"]["items"]
    assert sections["access_log"]["items"]
    # The export itself is logged and recorded as an answered request.
    assert (
        PersonalDataAccess.objects.about(person.pk)
        .filter(user=officer, action=AccessAction.EXPORT, purpose=AccessPurpose.SUBJECT_ACCESS)
        .exists()
    )
    assert SubjectRequest.objects.filter(kind=SubjectRequestKind.ACCESS, subject_id=person.pk).count() == 1


def test_a_service_that_agreed_gives_its_notes_contents(officer, service, worker, needs, prison):
    person, _ = _person_with_everything(service=service, worker=worker, needs=needs, prison=prison)
    DisclosurePolicy.objects.create(organisation=service, disclose_contents=True)
    client = Client()
    client.force_login(officer)
    data = json.loads(client.get(f"/en/privacy/subjects/{person.pk}/export.json").content)
    sections = {section["key"]: section for section in data["sections"]}
    assert sections["notes"]["items"][0]["text"] == f"{MARKER} note"
    assert sections["feedback_interviews"]["items"][0]["notes"] == f"{MARKER} interview"


def test_the_pdf_export_is_a_pdf_not_cached(officer, prison):
    person = DetaineeFactory(prison=prison)
    client = Client()
    client.force_login(officer)
    response = client.get(f"/en/privacy/subjects/{person.pk}/export.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store, private"


def test_the_officer_finds_people_by_number_only_and_reads_no_detainee_page(officer, prison):
    person = DetaineeFactory(prison=prison, prison_number="778899", last_name="Haddad")
    client = Client()
    client.force_login(officer)
    assert f"/privacy/subjects/{person.pk}/" in client.get("/en/privacy/subjects/", {"q": "778899"}).content.decode()
    assert f"/privacy/subjects/{person.pk}/" in client.get("/en/privacy/subjects/", {"q": person.pk}).content.decode()
    assert "No record has this number." in client.get("/en/privacy/subjects/", {"q": "Haddad"}).content.decode()
    assert client.get(f"/en/detainees/{person.pk}/").status_code == 403


def test_anonymising_from_the_page_asks_for_a_reason_and_a_confirmation(officer, prison):
    person = DetaineeFactory(prison=prison)
    client = Client()
    client.force_login(officer)
    url = f"/en/privacy/subjects/{person.pk}/anonymise/"
    refused = client.post(url, {"reason": "art. 17"})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    person.refresh_from_db()
    assert not person.is_anonymised
    done = client.post(url, {"reason": "art. 17", "confirm": "on"}, follow=True)
    assert "is anonymised" in done.content.decode()
    person.refresh_from_db()
    assert person.is_anonymised
    assert person.prison_number == f"ANON-{person.pk}"


def test_a_service_manager_decides_the_disclosure_of_their_service_only(member, service, other_service):
    manager = member(Role.SERVICE_MANAGER, service)
    client = Client()
    client.force_login(manager)
    client.post("/en/privacy/disclosure/", {"organisation": service.pk, "disclose_contents": "on"})
    assert DisclosurePolicy.objects.get(organisation=service).disclose_contents
    assert client.post("/en/privacy/disclosure/", {"organisation": other_service.pk}).status_code == 403


def test_the_text_types_cover_every_text_column_kind():
    kinds = {
        field.get_internal_type()
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
    }
    assert kinds <= TEXT_TYPES, kinds - TEXT_TYPES
