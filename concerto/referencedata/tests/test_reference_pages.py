"""Reference data in the product's pages: lists, forms, history, archiving and deletion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.prisons.models import ActivityWindow, ClosureDay, Prison, Room, Unit
from concerto.reference.models import Category, TargetGroup
from concerto.referencedata import services
from concerto.referencedata.registry import KINDS
from concerto.testing.factories import (
    ActivityFactory,
    CategoryFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    RoomFactory,
    UnitFactory,
    UserFactory,
    target_group,
)
from conftest import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(coordinator) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def unit_data(unit: Unit, **changes) -> dict[str, object]:
    data = {
        "prison": unit.prison_id,
        "code": unit.code,
        "name_fr": unit.name_fr,
        "name_nl": unit.name_nl,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "regime": unit.regime,
        "gender": unit.gender,
        "legal_statuses": [group.pk for group in unit.legal_statuses.all()],
        "is_active": "on" if unit.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def list_names(client: Client, url: str) -> list[str]:
    """The names in the first column of a list page, in order."""
    import re

    html = client.get(url).content.decode()
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<th scope="row">(.*?)</th>', html, re.S)]


def test_a_coordinator_renames_a_unit_in_dutch_and_the_history_says_who_and_what(client, coordinator, prison):
    unit = UnitFactory(prison=prison, code="a", name_fr="Unité A", name_nl="Afdeling A")
    response = client.post(f"/nl/reference-data/units/{unit.pk}/", unit_data(unit, name_nl="Afdeling A · verdachten"))
    assert response.status_code == 302
    assert response["Location"] == f"/nl/reference-data/units/?prison={prison.pk}"

    assert "Afdeling A · verdachten" in list_names(client, response["Location"])
    change = unit.history.latest()
    assert (change.history_type, change.history_user, change.name_nl) == ("~", coordinator, "Afdeling A · verdachten")
    history = client.get(f"/en/reference-data/units/{unit.pk}/history/").content.decode()
    assert "name (Dutch)" in history
    assert "Afdeling A · verdachten" in history
    assert str(coordinator) in history


def test_a_new_unit_with_legal_statuses_has_one_history_entry_naming_them(client, coordinator, prison):
    accused = target_group("accused")
    response = client.post(
        f"/en/reference-data/units/new/?prison={prison.pk}",
        {
            "prison": prison.pk,
            "code": "b",
            "name_fr": "Unité B",
            "kind": Unit.Kind.REMAND,
            "regime": Unit.Regime.CLOSED,
            "gender": Unit.Gender.MEN,
            "legal_statuses": [accused.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="b")
    assert list(unit.legal_statuses.all()) == [accused]
    entries = list(unit.history.all())
    assert [(entry.history_type, entry.history_user) for entry in entries] == [("+", coordinator)]
    assert [row.targetgroup_id for row in entries[0].legal_statuses.all()] == [accused.pk]


def test_bad_input_is_shown_next_to_its_field_and_changes_nothing(client, prison):
    unit = UnitFactory(prison=prison, code="a", name_fr="Unité A")
    UnitFactory(prison=prison, code="b", name_fr="Unité B")
    response = client.post(f"/en/reference-data/units/{unit.pk}/", unit_data(unit, name_fr="", regime="moon"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_fr_error"' in page
    assert "This field is required." in page
    assert 'id="id_regime_error"' in page
    assert "Select a valid choice." in page
    unit.refresh_from_db()
    assert unit.name_fr == "Unité A"
    assert unit.history.count() == 1  # the factory's creation only

    # The model's own rules too: a code already used in the prison.
    response = client.post(f"/en/reference-data/units/{unit.pk}/", unit_data(unit, code="b"))
    assert response.status_code == 200
    assert "Unit with this Prison and Code already exists." in response.content.decode()
    unit.refresh_from_db()
    assert unit.code == "a"


def test_a_time_window_must_end_after_it_starts(client, prison):
    window = ActivityWindow.objects.filter(prison=prison).first()
    before = (window.starts_at, window.ends_at)
    response = client.post(
        f"/en/reference-data/time-windows/{window.pk}/",
        {"prison": prison.pk, "weekday": window.weekday, "starts_at": "15:00", "ends_at": "14:00"},
    )
    assert response.status_code == 200
    assert 'id="id_ends_at_error"' in response.content.decode()
    window.refresh_from_db()
    assert (window.starts_at, window.ends_at) == before


def test_a_rooms_unit_must_belong_to_its_prison(client, prison):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Autre prison")
    foreign_unit = UnitFactory(prison=elsewhere)
    response = client.post(
        f"/en/reference-data/rooms/new/?prison={prison.pk}",
        {"prison": prison.pk, "unit": foreign_unit.pk, "name": "Atelier", "capacity": 8, "is_active": "on"},
    )
    assert response.status_code == 200
    assert 'id="id_unit_error"' in response.content.decode()
    assert not Room.objects.filter(name="Atelier").exists()


def test_lists_show_names_in_the_readers_language_sorted_by_them(client):
    # French order: Condamnés, Inculpés; Dutch order: Verdachten, Veroordeelden.
    target_group("convicted")
    target_group("accused")
    assert list_names(client, "/fr/reference-data/target-groups/") == ["Condamnés", "Inculpés"]
    assert list_names(client, "/nl/reference-data/target-groups/") == ["Verdachten", "Veroordeelden"]


def test_a_name_missing_in_the_readers_language_is_shown_in_french_with_a_notice(client):
    TargetGroup.objects.create(code="interned", name_fr="Internés", dimension="legal_status")
    page = client.get("/en/reference-data/target-groups/").content.decode()
    assert '<span lang="fr">Internés</span>' in page
    assert "not yet translated" in page


def test_sub_themes_follow_their_theme(client):
    training = CategoryFactory(code="training", name_fr="Formation", name_en="Training")
    culture = CategoryFactory(code="culture", name_fr="Culture", name_en="Culture")
    Category.objects.create(code="languages", name_fr="Langues", name_en="Languages", parent=training)
    Category.objects.create(code="theatre", name_fr="Théâtre", name_en="Theatre", parent=culture)
    assert list_names(client, "/en/reference-data/categories/") == [
        "Culture",
        "Culture › Theatre",
        "Training",
        "Training › Languages",
    ]


def test_units_are_listed_per_prison(client, prison):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Autre prison")
    UnitFactory(prison=prison, name_fr="Unité de Haren")
    UnitFactory(prison=elsewhere, name_fr="Unité d'ailleurs")
    assert list_names(client, f"/fr/reference-data/units/?prison={prison.pk}") == ["Unité de Haren"]
    assert len(list_names(client, "/fr/reference-data/units/")) == 2
    prisons = client.get("/en/reference-data/prisons/").content.decode()
    assert f"/en/reference-data/units/?prison={prison.pk}" in prisons


def test_an_archived_room_leaves_the_list_but_stays_findable(client, prison):
    room = RoomFactory(prison=prison, name="Vieille salle")
    response = client.post(
        f"/en/reference-data/rooms/{room.pk}/", {"prison": prison.pk, "name": room.name, "capacity": 12}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.is_active is False
    assert "Vieille salle" not in " ".join(list_names(client, "/en/reference-data/rooms/"))
    assert "Vieille salle" in " ".join(list_names(client, "/en/reference-data/rooms/?state=archived"))
    with pytest.raises(Exception, match="archived rather than deleted"):
        services.record_delete(actor=make_actor(UserFactory(username="coordinator")), kind=KINDS["rooms"], record=room)
    assert Room.objects.filter(pk=room.pk).exists()


def test_a_category_used_by_an_activity_cannot_be_deleted(client):
    category = CategoryFactory()
    ActivityFactory(category=category)
    page = client.get(f"/en/reference-data/categories/{category.pk}/delete/").content.decode()
    assert "It cannot be deleted" in page
    assert "Activities: 1" in page
    response = client.post(f"/en/reference-data/categories/{category.pk}/delete/", follow=True)
    assert "cannot be deleted: it is still used (activities: 1)" in response.content.decode()
    assert Category.objects.filter(pk=category.pk).exists()


def test_a_target_group_linked_only_through_activities_is_not_dropped_from_them(client):
    """Many-to-many links do not protect a row by themselves: the page must refuse anyway."""
    women = target_group("women")
    activity = ActivityFactory(target_groups=[women])
    response = client.post(f"/en/reference-data/target-groups/{women.pk}/delete/")
    assert response.status_code == 302
    assert list(activity.target_groups.all()) == [women]


def test_an_unused_closure_day_is_deleted_and_its_history_kept(client, coordinator, prison):
    day = ClosureDay.objects.create(prison=prison, date=timezone.localdate() + dt.timedelta(days=30), reason="Grève")
    response = client.post(f"/en/reference-data/closure-days/{day.pk}/delete/")
    assert response.status_code == 302
    assert not ClosureDay.objects.filter(pk=day.pk).exists()
    deletion = ClosureDay.history.filter(id=day.pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", coordinator)


def test_the_index_counts_each_kind(client, prison):
    UnitFactory(prison=prison)
    UnitFactory(prison=prison, is_active=False)
    page = client.get("/en/reference-data/").content.decode()
    assert "/en/reference-data/units/" in page
    assert "2 records · 1 archived" in page
    for kind in KINDS.values():
        assert f"/en/reference-data/{kind.slug}/" in page


def test_only_coordinators_and_administrators_manage_reference_data(worker, prison):
    client = Client()
    client.force_login(worker)
    assert client.get("/en/reference-data/").status_code == 403
    assert client.get("/en/reference-data/prisons/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_create(
            actor=make_actor(worker), kind=KINDS["prisons"], data={"code": "x", "name_fr": "Prison X"}
        )
    assert not Prison.objects.filter(code="x").exists()


def test_the_django_admin_is_for_administrators_only(client):
    assert client.get("/admin/").status_code == 302  # the coordinator is sent to the admin's login
    assert client.get("/admin/prisons/unit/").status_code == 302
    administrator = UserFactory(username="admin")
    MembershipFactory(user=administrator, organisation=OrganisationFactory(), role=Role.ADMINISTRATOR)
    admin_client = Client()
    admin_client.force_login(administrator)
    assert admin_client.get("/admin/prisons/unit/").status_code == 200


def test_changing_a_units_legal_statuses_is_one_history_entry_showing_them(client, prison):
    unit = UnitFactory(prison=prison, code="a")
    convicted = target_group("convicted")
    response = client.post(f"/en/reference-data/units/{unit.pk}/", unit_data(unit, legal_statuses=[convicted.pk]))
    assert response.status_code == 302
    assert [entry.history_type for entry in unit.history.all()] == ["~", "+"]
    history = client.get(f"/en/reference-data/units/{unit.pk}/history/").content.decode()
    assert "legal statuses housed" in history
    assert "Convicted" in history


def test_empty_choices_are_named_in_words(client, prison):
    page = client.get(f"/en/reference-data/rooms/new/?prison={prison.pk}").content.decode()
    assert "---------" not in page
    assert ">Not set</option>" in page  # the unit: shared rooms have none
    page = client.get("/en/reference-data/time-windows/new/").content.decode()
    assert ">Choose…</option>" in page  # the prison, and the weekday
