"""The pages: what each reader sees, the access log, and the import wizard end to end."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from concerto.accounts.models import Role
from concerto.detainees.models import Detainee, DetaineeImport, ImportStatus
from concerto.detainees.tests.factories import DetaineeImportFactory, DetaineeNoteFactory, csv_bytes, person_row
from concerto.organisations.models import Organisation
from concerto.privacy.models import PersonalDataAccess
from concerto.testing.factories import ApplicationFactory, DetaineeFactory, EditionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def amina(prison, units):
    return DetaineeFactory(
        prison=prison, unit=units["remand-men"], first_name="Amina", last_name="Benali", prison_number="424242"
    )


@pytest.fixture
def followed(amina, works_in_haren):
    """The service follows Amina: an application to its edition in Haren (need to know)."""
    return ApplicationFactory(detainee=amina, edition=works_in_haren)


def test_the_list_shows_and_logs_the_people_on_the_page(worker, works_in_haren, amina, followed):
    response = client_for(worker).get("/fr/detainees/")
    assert response.status_code == 200
    assert "Benali" in response.content.decode()
    logged = PersonalDataAccess.objects.get(subject_type="detainees.detainee", subject_id=amina.pk)
    assert (logged.user_id, logged.action, logged.purpose) == (worker.pk, "view", "registration")


def test_the_list_filters_by_search_and_unit(worker, works_in_haren, amina, followed, prison, units):
    peeters = DetaineeFactory(prison=prison, unit=units["women-closed"], last_name="Peeters")
    ApplicationFactory(detainee=peeters, edition=works_in_haren)
    page = client_for(worker).get("/fr/detainees/", {"q": "4242"}).content.decode()
    assert "Benali" in page
    assert "Peeters" not in page
    page = client_for(worker).get("/fr/detainees/", {"unit": units["women-closed"].pk}).content.decode()
    assert "Peeters" in page
    assert "Benali" not in page


def test_the_detail_is_logged(worker, works_in_haren, amina, followed):
    assert client_for(worker).get(f"/fr/detainees/{amina.pk}/").status_code == 200
    assert PersonalDataAccess.objects.filter(subject_id=amina.pk, action="view", user=worker).exists()


def test_a_partner_facilitator_sees_first_name_initial_and_unit_only(member, prison, units, amina):
    partner = member(Role.PARTNER_FACILITATOR, OrganisationFactory(kind=Organisation.Kind.PARTNER))
    edition = EditionFactory(prison=prison, units=[units["remand-men"]])
    edition.facilitators.set([partner])
    ApplicationFactory(detainee=amina, edition=edition, status="confirmed")
    page = client_for(partner).get(f"/fr/detainees/{amina.pk}/").content.decode()
    assert "Amina B." in page
    assert "Benali" not in page
    assert "424242" not in page
    listing = client_for(partner).get("/fr/detainees/").content.decode()
    assert "Amina B." in listing
    assert "Benali" not in listing


def test_notes_of_another_service_never_show(worker, works_in_haren, amina, other_service, service):
    DetaineeNoteFactory(detainee=amina, organisation=service, text="Notre suivi visible")
    DetaineeNoteFactory(detainee=amina, organisation=other_service, text="Secret de Rizome")
    page = client_for(worker).get(f"/fr/detainees/{amina.pk}/").content.decode()
    assert "Notre suivi visible" in page
    assert "Secret de Rizome" not in page


def test_a_note_is_added_from_the_detail_page(worker, works_in_haren, amina, followed, service):
    response = client_for(worker).post(f"/fr/detainees/{amina.pk}/notes/", {"organisation": service.pk, "text": "Vu"})
    assert response.status_code == 302
    assert amina.notes.get().organisation == service


def test_a_detainee_is_recorded_by_hand(worker, works_in_haren, prison, units):
    response = client_for(worker).post(
        "/fr/detainees/new/",
        {
            "prison": prison.pk,
            "prison_number": "777",
            "last_name": "Janssens",
            "first_name": "Piet",
            "gender": "man",
            "legal_status": "convicted",
            "unit": units["remand-men"].pk,
        },
    )
    assert response.status_code == 302
    created = Detainee.objects.get(prison_number="777")
    assert PersonalDataAccess.objects.filter(subject_id=created.pk, action="create").exists()


def test_the_import_wizard_from_upload_to_done(
    manager, works_in_haren, prison, units, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    upload = SimpleUploadedFile("liste.csv", csv_bytes([person_row(1), person_row(2)]), content_type="text/csv")
    response = client.post("/fr/detainees/imports/new/", {"prison": prison.pk, "file": upload})
    detainee_import = DetaineeImport.objects.get()
    assert response.url == f"/fr/detainees/imports/{detainee_import.pk}/columns/"
    mapping_page = client.get(response.url).content.decode()
    assert "Numéro d&#x27;écrou" in mapping_page or "Numéro d'écrou" in mapping_page
    form = {name: str(index) for name, index in detainee_import.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/detainees/imports/{detainee_import.pk}/columns/", form)
    assert response.status_code == 302
    detainee_import.refresh_from_db()
    assert detainee_import.status == ImportStatus.PREVIEW
    preview = client.get(f"/fr/detainees/imports/{detainee_import.pk}/").content.decode()
    assert "/apply/" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/detainees/imports/{detainee_import.pk}/apply/")
    detainee_import.refresh_from_db()
    assert detainee_import.status == ImportStatus.DONE
    assert Detainee.objects.count() == 2


def test_a_bad_upload_is_refused_on_the_form(manager, works_in_haren, prison):
    upload = SimpleUploadedFile("liste.csv", "a;b".encode("utf-16"), content_type="text/csv")
    response = client_for(manager).post("/fr/detainees/imports/new/", {"prison": prison.pk, "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert DetaineeImport.objects.count() == 0


def test_a_running_import_polls_with_htmx_and_refreshes_without_javascript(manager, works_in_haren, prison):
    running = DetaineeImportFactory(prison=prison, status=ImportStatus.APPLYING, rows_total=10_000, rows_done=2_500)
    page = client_for(manager).get(f"/fr/detainees/imports/{running.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'value="2500"' in page
    fragment = client_for(manager).get(f"/fr/detainees/imports/{running.pk}/", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="import-stage"')
    running.status = ImportStatus.DONE
    running.save()
    finished = client_for(manager).get(f"/fr/detainees/imports/{running.pk}/").content.decode()
    assert "every 1s" not in finished
    assert "refresh" not in finished


def test_the_preview_page_names_who_left_and_logs_it(manager, works_in_haren, prison, units, amina, followed):
    detainee_import = DetaineeImportFactory(
        prison=prison,
        status=ImportStatus.PREVIEW,
        summary={
            "create": [2],
            "update": [],
            "move": [],
            "left": [{"id": amina.pk, "kind": "transferred", "row": None}],
            "unchanged": 0,
            "nothing_to_change": False,
        },
    )
    page = client_for(manager).get(f"/fr/detainees/imports/{detainee_import.pk}/").content.decode()
    assert "Benali" in page
    assert PersonalDataAccess.objects.filter(subject_id=amina.pk, purpose="import", action="view").exists()
