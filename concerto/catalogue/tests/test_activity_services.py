import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concerto.accounts.models import Role
from concerto.catalogue import services
from concerto.catalogue.models import ACTIVITY_TRANSITIONS, ActivityStatus
from concerto.testing.factories import ActivityFactory, CategoryFactory, LanguageFactory, target_group
from conftest import make_actor

pytestmark = pytest.mark.django_db

ALL_MOVES = [(a, b) for a in ActivityStatus.values for b in ActivityStatus.values if a != b]


def activity_input(organiser, **overrides):
    values = {
        "title_fr": "Atelier dessin",
        "summary_fr": "Dessin et peinture",
        "category": CategoryFactory(),
        "target_groups": [target_group("men")],
        "languages": [LanguageFactory()],
        "organiser": organiser,
        "partners": [],
        "aims": [],
        "default_capacity": 8,
    }
    values.update(overrides)
    return values


def test_worker_creates_a_draft_for_their_own_service(worker, service):
    activity = services.activity_create(actor=make_actor(worker), data=activity_input(service))
    assert activity.status == ActivityStatus.DRAFT
    assert activity.history.count() >= 1


def test_worker_cannot_create_for_another_service(worker, other_service):
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=make_actor(worker), data=activity_input(other_service))


def test_activity_without_any_title_is_refused(worker, service):
    with pytest.raises(ValidationError) as refused:
        services.activity_create(actor=make_actor(worker), data=activity_input(service, title_fr=""))
    assert "title_fr" in refused.value.message_dict


def test_organiser_cannot_be_its_own_partner(worker, service):
    with pytest.raises(ValidationError) as refused:
        services.activity_create(actor=make_actor(worker), data=activity_input(service, partners=[service]))
    assert "partners" in refused.value.message_dict


@pytest.mark.parametrize(("current", "target"), ALL_MOVES)
def test_only_declared_transitions_are_allowed(current, target, member, service):
    admin = member(Role.ADMINISTRATOR, service)
    activity = ActivityFactory(organiser=service, status=current)
    if target in ACTIVITY_TRANSITIONS[current]:
        services.activity_change_status(actor=make_actor(admin), activity=activity, to_status=target)
        activity.refresh_from_db()
        assert activity.status == target
    else:
        with pytest.raises(ValidationError):
            services.activity_change_status(actor=make_actor(admin), activity=activity, to_status=target)
        activity.refresh_from_db()
        assert activity.status == current


def test_worker_proposes_but_only_a_manager_or_coordinator_publishes(worker, manager, coordinator, service):
    activity = ActivityFactory(organiser=service, status=ActivityStatus.DRAFT)
    services.activity_change_status(actor=make_actor(worker), activity=activity, to_status=ActivityStatus.PROPOSED)
    with pytest.raises(PermissionDenied):
        services.activity_change_status(actor=make_actor(worker), activity=activity, to_status=ActivityStatus.PUBLISHED)
    services.activity_change_status(
        actor=make_actor(coordinator), activity=activity, to_status=ActivityStatus.PUBLISHED, note="Validated in CG"
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED
    assert activity.history.first().history_change_reason == "Validated in CG"


def test_publishing_needs_a_summary(manager, service):
    activity = ActivityFactory(organiser=service, status=ActivityStatus.PROPOSED, summary_fr="")
    with pytest.raises(ValidationError) as refused:
        services.activity_change_status(
            actor=make_actor(manager), activity=activity, to_status=ActivityStatus.PUBLISHED
        )
    assert "summary" in refused.value.messages[0]
