"""The import of the prison's list: checks, preview, all-or-nothing apply, idempotence."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concerto.accounts.models import Role
from concerto.detainees import services
from concerto.detainees.models import Detainee, DetaineeImport, ImportStatus
from concerto.detainees.tests.factories import FRENCH_HEADERS, csv_bytes, person_row, xlsx_bytes
from concerto.privacy.models import PersonalDataAccess
from concerto.registrations.models import ApplicationStatus
from concerto.testing.factories import ApplicationFactory, DetaineeFactory, EditionFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db


def people(count: int, **overrides: str) -> list[list[str]]:
    return [person_row(n, **overrides) for n in range(1, count + 1)]


def test_a_good_list_creates_everyone_with_units_languages_and_dates(run_import, units, prison):
    rows = [
        person_row(1, release="31/12/2027"),
        person_row(2, unit="Centre pour femmes – régime fermé", gender="F", status="condamnée", languages="ro"),
    ]
    done = run_import(csv_bytes(rows))
    assert done.status == ImportStatus.DONE
    assert done.summary["create"] == [2, 3]
    first = Detainee.objects.get(prison=prison, prison_number="100001")
    assert (first.first_name, first.last_name, first.gender, first.legal_status) == (
        "Prénom1",
        "Nom1",
        "man",
        "accused",
    )
    assert first.unit == units["remand-men"]
    assert first.expected_release_on == dt.date(2027, 12, 31)
    assert sorted(first.languages_spoken.values_list("code", flat=True)) == ["ar", "fr"]
    second = Detainee.objects.get(prison_number="100002")
    assert (second.gender, second.legal_status, second.unit) == ("woman", "convicted", units["women-closed"])


def test_the_stored_file_is_cleared_after_a_successful_apply(run_import, units):
    done = run_import(csv_bytes(people(2)))
    assert bytes(DetaineeImport.objects.get(pk=done.pk).content) == b""


def test_comma_separated_latin1_file_keeps_accents(run_import, units):
    content = csv_bytes([person_row(1, last="Hélène", first="Zoë")], delimiter=",", encoding="latin-1")
    run_import(content)
    assert Detainee.objects.get(prison_number="100001").last_name == "Hélène"


def test_an_xlsx_list_is_imported(run_import, units):
    rows = [[100001, "Nom", "Prénom", "V", "geïnterneerde", "remand-men", "nl", dt.datetime(2027, 6, 30)]]
    done = run_import(xlsx_bytes(rows))
    assert done.status == ImportStatus.DONE
    detainee = Detainee.objects.get(prison_number="100001")
    assert (detainee.gender, detainee.legal_status, detainee.expected_release_on) == (
        "woman",
        "interned",
        dt.date(2027, 6, 30),
    )


def test_reimporting_the_same_file_changes_nothing(run_import, units):
    content = csv_bytes(people(5))
    run_import(content)
    before = {d.pk: d.updated_at for d in Detainee.objects.all()}
    again = run_import(content, apply=False)
    assert again.status == ImportStatus.PREVIEW
    assert again.summary["nothing_to_change"] is True
    assert again.summary["unchanged"] == 5
    applied = services.import_apply(actor=make_actor(again.uploaded_by), detainee_import=again)
    assert applied.status == ImportStatus.DONE
    assert {d.pk: d.updated_at for d in Detainee.objects.all()} == before


def test_preview_shows_moves_updates_new_people_and_who_left(run_import, units, prison):
    run_import(csv_bytes(people(4)))
    rows = [
        person_row(1),  # unchanged
        person_row(2, unit="women-closed"),  # moved
        person_row(3, languages="nl"),  # updated
        person_row(5),  # new; 4 has left
    ]
    preview = run_import(csv_bytes(rows), apply=False)
    summary = preview.summary
    assert summary["unchanged"] == 1
    assert summary["move"] == [3]
    assert summary["update"] == [4]
    assert summary["create"] == [5]
    left = Detainee.objects.get(prison_number="100004")
    assert summary["left"] == [{"id": left.pk, "kind": "transferred", "row": None}]
    assert Detainee.objects.count() == 4  # a preview writes nothing


def test_people_missing_from_the_list_are_marked_transferred_and_their_applications_closed(run_import, units, prison):
    run_import(csv_bytes(people(2)))
    leaving = Detainee.objects.get(prison_number="100002")
    application = ApplicationFactory(detainee=leaving, edition=EditionFactory(prison=prison), status="confirmed")
    run_import(csv_bytes(people(1)))
    leaving.refresh_from_db()
    assert leaving.presence == "transferred"
    assert leaving.left_on is not None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TRANSFERRED


def test_a_departure_column_saying_released_marks_the_person_released(run_import, units):
    headers = [*FRENCH_HEADERS, "Sortie", "Date de sortie"]
    run_import(csv_bytes([[*person_row(1), "", ""], [*person_row(2), "", ""]], headers=headers))
    rows = [[*person_row(1), "", ""], [*person_row(2), "libéré", "02/01/2027"]]
    run_import(csv_bytes(rows, headers=headers))
    released = Detainee.objects.get(prison_number="100002")
    assert (released.presence, released.left_on) == ("released", dt.date(2027, 1, 2))


def test_the_departure_hook_receives_exactly_the_agreed_arguments(run_import, units, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "_departure_hook", lambda: lambda **kwargs: calls.append(kwargs))
    run_import(csv_bytes(people(2)))
    run_import(csv_bytes(people(1)))
    assert len(calls) == 1
    assert set(calls[0]) == {"detainee", "kind", "on", "actor"}
    assert calls[0]["kind"] == "transferred"
    assert calls[0]["detainee"].prison_number == "100002"


def test_someone_back_on_the_list_is_present_again(run_import, units):
    run_import(csv_bytes(people(2)))
    run_import(csv_bytes(people(1)))
    preview = run_import(csv_bytes(people(2)), apply=False)
    assert preview.summary["update"] == [3]
    services.import_apply(actor=make_actor(preview.uploaded_by), detainee_import=preview)
    back = Detainee.objects.get(prison_number="100002")
    assert (back.presence, back.left_on) == ("present", None)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (person_row(2, unit="the moon"), "Unité"),
        (person_row(2, gender="?"), "Sexe"),
        (person_row(2, status="libre"), "Statut"),
        (person_row(2, languages="klingon"), "Langues"),
        (person_row(2, release="31/02/2027"), "Date de libération prévue"),
        (person_row(2, prison_number=""), "Numéro d'écrou"),
        (person_row(2, first=""), "Prénom"),
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(run_import, units, row, column):
    result = run_import(csv_bytes([person_row(1), row]))
    assert result.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, column)]
    assert Detainee.objects.count() == 0


def test_error_messages_never_repeat_the_cell_content(run_import, units):
    result = run_import(csv_bytes([person_row(1, gender="Dupont-Secret", unit="Dupont-Secret")]))
    assert result.status == ImportStatus.INVALID
    assert "Dupont-Secret" not in str(result.errors)


def test_duplicate_prison_numbers_in_the_file_are_errors(run_import, units):
    result = run_import(csv_bytes([person_row(1), person_row(2), person_row(1, first="Autre")]))
    assert result.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "Numéro d'écrou")]
    assert "2" in result.errors[0]["message"]
    assert Detainee.objects.count() == 0


def test_a_missing_required_column_cannot_be_left_out_of_the_mapping(importer, prison, units):
    headers = [h for h in FRENCH_HEADERS if h != "Prénom"]
    detainee_import = services.import_upload(
        actor=importer, prison=prison, file_name="x.csv", content=csv_bytes([], headers=headers)
    )
    with pytest.raises(ValidationError) as raised:
        services.import_set_mapping(actor=importer, detainee_import=detainee_import, mapping=detainee_import.mapping)
    assert list(raised.value.message_dict) == ["first_name"]
    assert DetaineeImport.objects.get().status == ImportStatus.UPLOADED
    assert Detainee.objects.count() == 0


def test_extra_columns_are_ignored_with_a_notice(run_import, units):
    headers = [*FRENCH_HEADERS, "Cellule", "Remarques"]
    done = run_import(csv_bytes([[*person_row(1), "B12", "rien"]], headers=headers))
    assert done.status == ImportStatus.DONE
    assert any("Cellule" in notice and "Remarques" in notice for notice in done.summary["notices"])


def test_a_national_register_column_is_never_mapped(importer, prison, units):
    headers = ["Rijksregisternummer", *FRENCH_HEADERS]
    detainee_import = services.import_upload(
        actor=importer, prison=prison, file_name="x.csv", content=csv_bytes([], headers=headers)
    )
    assert 0 not in detainee_import.mapping.values()
    with pytest.raises(ValidationError) as raised:
        services.import_set_mapping(
            actor=importer, detainee_import=detainee_import, mapping={**detainee_import.mapping, "prison_number": 0}
        )
    assert "prison_number" in raised.value.error_dict


def test_a_header_only_file_is_an_error_and_changes_nothing(run_import, units, prison):
    DetaineeFactory(prison=prison, unit=units["remand-men"])
    result = run_import(csv_bytes([]))
    assert result.status == ImportStatus.INVALID
    assert Detainee.objects.get().presence == "present"  # nobody was marked as left


@pytest.mark.parametrize("content", [b"", "a;b".encode("utf-16"), b"\x00\x01\x02" * 100])
def test_unreadable_uploads_store_nothing(importer, prison, units, content):
    with pytest.raises(ValidationError):
        services.import_upload(actor=importer, prison=prison, file_name="x.csv", content=content)
    assert DetaineeImport.objects.count() == 0


def test_apply_checks_again_and_fails_whole_when_a_unit_closed_since_the_preview(run_import, units):
    preview = run_import(csv_bytes([person_row(1), person_row(2, unit="women-closed")]), apply=False)
    assert preview.status == ImportStatus.PREVIEW
    units["women-closed"].is_active = False
    units["women-closed"].save()
    failed = services.import_apply(actor=make_actor(preview.uploaded_by), detainee_import=preview)
    assert failed.status == ImportStatus.FAILED
    assert Detainee.objects.count() == 0
    assert failed.errors[0]["row"] is None


def test_a_failure_while_writing_rolls_everything_back(run_import, units, monkeypatch):
    run_import(csv_bytes(people(3)))

    def refuse(**kwargs):
        raise ValidationError("no")

    monkeypatch.setattr(services, "_departure_hook", lambda: refuse)
    failed = run_import(csv_bytes([person_row(1, unit="women-closed"), person_row(4)]))
    assert failed.status == ImportStatus.FAILED
    assert not Detainee.objects.filter(prison_number="100004").exists()
    assert Detainee.objects.get(prison_number="100001").unit == units["remand-men"]
    assert set(Detainee.objects.values_list("presence", flat=True)) == {"present"}
    assert bytes(DetaineeImport.objects.get(pk=failed.pk).content)  # kept to retry


def test_an_import_is_applied_once(run_import, units):
    done = run_import(csv_bytes(people(1)))
    with pytest.raises(ValidationError):
        services.import_apply(actor=make_actor(done.uploaded_by), detainee_import=done)


def test_an_import_with_errors_cannot_be_applied(run_import, units):
    invalid = run_import(csv_bytes([person_row(1, unit="nowhere")]))
    with pytest.raises(ValidationError):
        services.import_apply(actor=make_actor(invalid.uploaded_by), detainee_import=invalid)
    assert Detainee.objects.count() == 0


def test_the_import_is_logged_with_counts_only(run_import, units):
    done = run_import(csv_bytes(people(3)))
    rows = PersonalDataAccess.objects.filter(action="import", subject_type="detainees.detainee")
    assert (rows.count(), rows.get().count, len(rows.named_ids())) == (1, 3, 3)
    assert {row.purpose for row in rows} == {"import"}
    assert "created=3" in rows.first().detail
    assert "Nom1" not in "".join(PersonalDataAccess.objects.values_list("detail", flat=True))
    assert PersonalDataAccess.objects.filter(subject_type="detainees.detaineeimport", subject_id=done.pk).exists()


def test_only_those_who_may_import_that_prisons_list(member, prison, units, other_service):
    worker = make_actor(member(Role.SERVICE_WORKER, other_service))
    with pytest.raises(PermissionDenied):
        services.import_upload(actor=worker, prison=prison, file_name="x.csv", content=csv_bytes(people(1)))


def test_prison_staff_import_their_own_prisons_list(member, prison, units, run_import):
    from concerto.organisations.models import Organisation
    from concerto.testing.factories import OrganisationFactory

    administration = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison)
    staff = make_actor(member(Role.PRISON_STAFF, administration))
    done = run_import(csv_bytes(people(2)), actor=staff)
    assert done.status == ImportStatus.DONE
