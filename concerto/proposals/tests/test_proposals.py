"""The design workspace: drafting from a finding, the proposal's moves, comments, and acceptance into the catalogue."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from concerto.accounts.models import Role
from concerto.attendance.models import ServiceNotice
from concerto.catalogue.models import ActivityStatus
from concerto.organisations.models import Organisation
from concerto.proposals import services
from concerto.proposals.models import ActivityProposal, ProposalComment, ProposalStatus
from concerto.testing.factories import CategoryFactory, LanguageFactory, OrganisationFactory, UnitFactory, target_group
from conftest import make_actor

pytestmark = pytest.mark.django_db

P = ProposalStatus


@pytest.fixture
def category():
    return CategoryFactory(code="languages", name_fr="Langues", name_en="Languages")


@pytest.fixture
def proposal_data(prison, category):
    def make(organisation: Organisation, **fields):
        data = {
            "title_fr": "Cours d'arabe pour débutants",
            "title_nl": "Arabisch voor beginners",
            "objectives_fr": "Se présenter et comprendre les consignes.",
            "description_en": "Twelve weekly lessons.",
            "organisation": organisation,
            "prison": prison,
            "units": [],
            "category": category,
            "target_groups": [target_group("women")],
            "languages": [LanguageFactory(code="ar", name_fr="arabe", name_en="Arabic")],
            "partners_sought": "Un enseignant bénévole.",
        }
        data.update(fields)
        return data

    return make


@pytest.fixture
def coordination(coordinator):
    return coordinator.memberships.get().organisation


@pytest.fixture
def open_proposal(coordinator, coordination, proposal_data):
    actor = make_actor(coordinator)
    proposal = services.proposal_create(actor=actor, data=proposal_data(coordination))
    return services.proposal_change_status(actor=actor, proposal=proposal, to_status=P.OPEN)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Moves -------------------------------------------------------------------------------------


def test_a_draft_cannot_be_accepted_or_declined_before_it_is_opened(coordinator, coordination, proposal_data, service):
    actor = make_actor(coordinator)
    draft = services.proposal_create(actor=actor, data=proposal_data(coordination))
    with pytest.raises(ValidationError):
        services.proposal_accept(actor=actor, proposal=draft, organiser=service)
    with pytest.raises(ValidationError):
        services.proposal_change_status(actor=actor, proposal=draft, to_status=P.DECLINED)
    draft.refresh_from_db()
    assert draft.status == P.DRAFT
    assert draft.activity is None


def test_a_decided_proposal_stays_decided(coordinator, open_proposal):
    actor = make_actor(coordinator)
    declined = services.proposal_change_status(
        actor=actor, proposal=open_proposal, to_status=P.DECLINED, note="Déjà offert"
    )
    assert declined.decided_at is not None
    assert declined.decision_note == "Déjà offert"
    for status in (P.OPEN, P.WITHDRAWN, P.DRAFT):
        with pytest.raises(ValidationError):
            services.proposal_change_status(actor=actor, proposal=declined, to_status=status)
    with pytest.raises(PermissionDenied):
        services.proposal_update(actor=actor, proposal=declined, data={"title_fr": "Autre"})


def test_service_manager_drafts_and_opens_but_only_the_coordination_decides(manager, service, proposal_data):
    actor = make_actor(manager)
    proposal = services.proposal_create(actor=actor, data=proposal_data(service))
    services.proposal_change_status(actor=actor, proposal=proposal, to_status=P.OPEN)
    with pytest.raises(PermissionDenied):
        services.proposal_change_status(actor=actor, proposal=proposal, to_status=P.DECLINED)
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=actor, proposal=proposal, organiser=service)
    services.proposal_change_status(actor=actor, proposal=proposal, to_status=P.WITHDRAWN)
    assert ActivityProposal.objects.get(pk=proposal.pk).status == P.WITHDRAWN


def test_service_workers_do_not_draft_and_nobody_drafts_for_another_organisation(
    worker, manager, service, other_service, proposal_data
):
    with pytest.raises(PermissionDenied):
        services.proposal_create(actor=make_actor(worker), data=proposal_data(service))
    with pytest.raises(PermissionDenied):
        services.proposal_create(actor=make_actor(manager), data=proposal_data(other_service))
    assert not ActivityProposal.objects.exists()


def test_units_must_belong_to_the_proposals_prison(manager, service, proposal_data):
    elsewhere = UnitFactory(prison__code="saint-gilles", prison__name_fr="Saint-Gilles")
    with pytest.raises(ValidationError) as error:
        services.proposal_create(actor=make_actor(manager), data=proposal_data(service, units=[elsewhere]))
    assert "units" in error.value.error_dict


# --- Drafting from a finding -------------------------------------------------------------------


def test_new_proposal_is_prefilled_from_the_finding_and_remembers_it(coordinator, coordination, prison, category):
    unit = UnitFactory(prison=prison, code="women-closed")
    women = target_group("women")
    arabic = LanguageFactory(code="ar", name_fr="arabe", name_en="Arabic")
    query = (
        f"?category={category.pk}&target_group={women.pk}&unit={unit.pk}&language=AR"
        "&finding=No+activity+in+Arabic+for+women+in+the+closed+centre"
    )
    client = client_for(coordinator)
    response = client.get(f"/en/proposals/new/{query}")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial == {
        "category": category.pk,
        "target_groups": [women.pk],
        "units": [unit.pk],
        "prison": prison.pk,
        "languages": [arabic.pk],
        "title_en": "Languages · Women",
        "objectives_en": "Answer the need found in the coverage analysis: "
        "No activity in Arabic for women in the closed centre",
    }
    assert "Drafted from:" in response.text
    assert "No activity in Arabic for women in the closed centre" in response.text

    form = {
        "title_fr": "Atelier de conversation en arabe",
        "organisation": coordination.pk,
        "prison": prison.pk,
        "units": [unit.pk],
        "category": category.pk,
        "target_groups": [women.pk],
        "languages": [arabic.pk],
    }
    response = client.post(f"/en/proposals/new/{query}", form)
    proposal = ActivityProposal.objects.get()
    assert response.status_code == 302
    assert proposal.finding == "No activity in Arabic for women in the closed centre"
    assert proposal.origin == {"category": category.pk, "target_group": women.pk, "unit": unit.pk, "language": "ar"}
    assert proposal.author == coordinator
    assert proposal.status == P.DRAFT
    page = client.get(proposal.get_absolute_url()).text
    assert "Drafted from:" in page
    assert "Arabic" in page


@pytest.mark.parametrize(
    "query",
    [
        "?category=abc&target_group=999999&unit=-4&language=%3Cscript%3E&finding=",
        "?category=99999999999999999999&unit=1.5&language=zzz&target_group=",
        "?finding=" + "x" * 3000 + "&language=",
    ],
)
def test_bad_prefill_values_are_ignored_without_an_error(coordinator, query):
    response = client_for(coordinator).get(f"/en/proposals/new/{query}")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert not {"category", "target_groups", "units", "languages"} & set(initial)
    assert len(response.context["finding"]) <= 500


def submitted_as_shown(form) -> dict:
    """What the browser sends when the form is saved without typing anything: every field's shown value."""
    data = {}
    for field in form:
        value = field.value()
        if value not in (None, "", []):
            data[field.html_name] = value
    return data


def test_a_proposal_drafted_from_a_gap_saves_at_the_first_try_without_typing(coordinator, coordination, prison):
    # What the coverage page's link carries for "no training for women in the women's unit".
    training = CategoryFactory(code="training", name_fr="Formation", name_en="Training")
    unit = UnitFactory(prison=prison, code="women-closed")
    women = target_group("women")
    english = LanguageFactory(code="en", name_fr="anglais", name_en="English")
    query = (
        f"?finding=Target+group+without+offer+%C2%B7+Training+%C2%B7+Women&prison={prison.pk}"
        f"&category={training.pk}&target_group={women.pk}&unit={unit.pk}"
    )
    client = client_for(coordinator)
    form = client.get(f"/en/proposals/new/{query}").context["form"]

    response = client.post(f"/en/proposals/new/{query}", submitted_as_shown(form))

    assert response.status_code == 302
    proposal = ActivityProposal.objects.get()
    assert proposal.title_en == "Training · Women"
    assert proposal.objectives_en.endswith("Target group without offer · Training · Women")
    assert (proposal.category, proposal.prison, proposal.organisation) == (training, prison, coordination)
    assert list(proposal.target_groups.all()) == [women]
    assert list(proposal.units.all()) == [unit]
    assert list(proposal.languages.all()) == [english]  # the reader's, as the finding names none


def test_the_proposal_form_marks_its_required_fields(coordinator):
    page = client_for(coordinator).get("/en/proposals/new/").text

    assert "Fields marked with a star are required." in page
    assert page.count('class="required-marker"') >= 8  # 3 titles, organisation, prison, category, groups, languages
    assert '<select name="category" required' in page or 'name="category" required' in page
    assert "(required)" in page  # said to screen readers where no attribute says it


# --- Acceptance --------------------------------------------------------------------------------


def test_accepting_creates_a_draft_activity_of_the_organiser_with_the_proposals_content(
    coordinator, open_proposal, service, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            f"/en/proposals/{open_proposal.pk}/accept/", {"organiser": service.pk, "note": "Bonne idée"}
        )
    assert response.status_code == 302
    open_proposal.refresh_from_db()
    activity = open_proposal.activity
    assert open_proposal.status == P.ACCEPTED
    assert activity.status == ActivityStatus.DRAFT
    assert activity.organiser == service
    assert (activity.title_fr, activity.title_nl) == ("Cours d'arabe pour débutants", "Arabisch voor beginners")
    assert activity.objectives_fr == "Se présenter et comprendre les consignes."
    assert activity.description_en == "Twelve weekly lessons."
    assert activity.category == open_proposal.category
    assert [g.code for g in activity.target_groups.all()] == ["women"]
    assert [lang.code for lang in activity.languages.all()] == ["ar"]
    # The organiser is told, and its staff see where the activity came from.
    assert ServiceNotice.objects.filter(organisation=service, link__contains=f"/activities/{activity.pk}/").exists()
    page = client_for(worker).get(f"/en/catalogue/activities/{activity.pk}/")
    assert "From the proposal" in page.text
    assert f"/en/proposals/{open_proposal.pk}/" in page.text
    # The coordinator may not open another service's draft: the proposal says where it went.
    assert "Handed to APO" in client_for(coordinator).get(open_proposal.get_absolute_url()).text


def test_acceptance_needs_an_organisation_that_runs_activities(coordinator, open_proposal, coordination):
    with pytest.raises(ValidationError) as error:
        services.proposal_accept(actor=make_actor(coordinator), proposal=open_proposal, organiser=coordination)
    assert "organiser" in error.value.error_dict
    assert ActivityProposal.objects.get(pk=open_proposal.pk).status == P.OPEN


def test_the_page_offers_each_reader_only_the_moves_their_role_allows(coordinator, open_proposal, worker):
    page = client_for(coordinator).get(open_proposal.get_absolute_url()).text
    assert f"/en/proposals/{open_proposal.pk}/accept/" in page
    assert 'value="declined"' in page
    page = client_for(worker).get(open_proposal.get_absolute_url()).text
    assert "/accept/" not in page
    assert 'name="to_status"' not in page
    assert 'name="text"' in page  # the comment form


# --- Comments and who reads what ------------------------------------------------------------------


def test_every_service_reads_and_comments_on_an_open_proposal(open_proposal, other_service, member):
    rizome = member(Role.SERVICE_WORKER, other_service)
    client = client_for(rizome)
    response = client.post(
        f"/en/proposals/{open_proposal.pk}/comments/", {"text": "Nous avons une bénévole arabophone."}
    )
    assert response.status_code == 302
    comment = ProposalComment.objects.get()
    assert (comment.organisation, comment.author) == (other_service, rizome)
    assert "Nous avons une bénévole arabophone." in client.get(open_proposal.get_absolute_url()).text


def test_comments_close_with_the_decision(coordinator, open_proposal, worker, service):
    services.proposal_change_status(actor=make_actor(coordinator), proposal=open_proposal, to_status=P.DECLINED)
    open_proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.proposal_comment_add(
            actor=make_actor(worker), proposal=open_proposal, organisation=service, text="Trop tard"
        )
    assert (
        client_for(worker).post(f"/en/proposals/{open_proposal.pk}/comments/", {"text": "Trop tard"}).status_code == 403
    )


def test_nobody_comments_in_the_name_of_another_organisation(open_proposal, worker, other_service):
    with pytest.raises(PermissionDenied):
        services.proposal_comment_add(
            actor=make_actor(worker), proposal=open_proposal, organisation=other_service, text="Au nom d'un autre"
        )
    assert not ProposalComment.objects.exists()


def test_a_draft_stays_within_its_organisation_until_opened(manager, service, proposal_data, other_service, member):
    draft = services.proposal_create(actor=make_actor(manager), data=proposal_data(service))
    rizome = client_for(member(Role.SERVICE_WORKER, other_service))
    assert "pour débutants" not in rizome.get("/en/proposals/").text
    assert rizome.get(draft.get_absolute_url()).status_code == 404
    assert rizome.post(f"/en/proposals/{draft.pk}/comments/", {"text": "?"}).status_code == 404
    services.proposal_change_status(actor=make_actor(manager), proposal=draft, to_status=P.OPEN)
    assert "pour débutants" in rizome.get("/en/proposals/").text


def test_partners_and_prison_staff_do_not_enter_the_workspace(member, open_proposal, prison):
    partner = member(Role.PARTNER_FACILITATOR, OrganisationFactory(kind=Organisation.Kind.PARTNER))
    staff = member(Role.PRISON_STAFF, OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison))
    for user in (partner, staff):
        client = client_for(user)
        assert client.get("/en/proposals/").status_code == 403
        assert client.get(open_proposal.get_absolute_url()).status_code == 403


def test_list_filters_by_status_and_prison(coordinator, coordination, open_proposal, proposal_data, prison):
    services.proposal_create(actor=make_actor(coordinator), data=proposal_data(coordination, title_fr="Brouillon"))
    client = client_for(coordinator)
    drafts = client.get(f"/en/proposals/?status=draft&prison={prison.pk}").context["page"].object_list
    assert [p.title_fr for p in drafts] == ["Brouillon"]
    assert len(client.get("/en/proposals/?status=bogus").context["page"].object_list) == 2


# --- Demo --------------------------------------------------------------------------------------


def test_demo_has_one_proposal_open_for_comments_with_two_comments_and_loads_twice():
    import datetime as dt

    from concerto.demo.proposals import demo_proposals
    from concerto.demo.services import demo_load
    from concerto.prisons.models import Prison

    # Not the real date: the registration cycle stays out and the demo loads faster.
    summary = demo_load(today=dt.date(2027, 3, 1))
    proposal = ActivityProposal.objects.get()
    assert proposal.status == P.OPEN
    assert proposal.finding
    assert sorted(c.organisation.acronym for c in proposal.comments.all()) == ["APO", "Rizome"]
    assert any("/fr/proposals/" in line for line in summary.try_it)
    assert not demo_proposals(prison=Prison.objects.get(code="haren"))  # a second load adds nothing
