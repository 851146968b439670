"""The design workspace in the demo: a proposal drafted from a gap, open for comments, with two comments.

The Cocom coordinator drafts it from a gap in the offer (nothing in Arabic for the women's
centre) and opens it for comments; APO and Rizome comment. Everything goes through the
proposals services with the demo users' actors, so the demo obeys the same rules as the
interface. Idempotent: a proposal with the same French title and organisation is left as it is
(a demonstration may have moved it on).
"""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor, actor_for
from concerto.demo import data as d
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.proposals import services
from concerto.proposals.models import ActivityProposal, ProposalComment, ProposalStatus
from concerto.reference.models import Category, Language, TargetGroup

TITLE = "Atelier de conversation en arabe – centre pour femmes"
FINDING = "Aucune activité en arabe pour le centre pour femmes (régime fermé) cette année"
COMMENTS = [
    (
        "worker",
        d.APO,
        "APO peut détacher une travailleuse sociale arabophone un après-midi par semaine, à partir du printemps.",
    ),
    (
        "worker2",
        d.RIZOME,
        "Rizome kan het lokaal van het vrouwencentrum op dinsdag delen; "
        "wij zoeken ook een vrijwilliger die Arabisch spreekt.",
    ),
]


def _actor(username: str) -> Actor:
    user = User.objects.get(username=username)
    user.__dict__.pop("_concerto_actor", None)
    return actor_for(user)


def demo_proposals(*, prison: Prison) -> Counter[str]:
    """Load the demo proposal and its comments; returns what was created (verbose name → count)."""
    created: Counter[str] = Counter()
    coordination = Organisation.objects.get(name=d.COORDINATION_COCOM)
    if ActivityProposal.objects.filter(title_fr=TITLE, organisation=coordination).exists():
        return created
    unit = Unit.objects.get(prison=prison, code="women-closed")
    coordinator = _actor("coordinator")
    proposal = services.proposal_create(
        actor=coordinator,
        data={
            "title_fr": TITLE,
            "title_nl": "Conversatieatelier Arabisch – vrouwencentrum",
            "objectives_fr": (
                "Rompre l'isolement des détenues qui ne parlent ni français ni néerlandais ; "
                "leur donner les mots pour les démarches du quotidien en prison."
            ),
            "objectives_nl": (
                "Het isolement doorbreken van gedetineerde vrouwen die geen Frans of Nederlands spreken; "
                "hen de woorden geven voor het dagelijkse leven in de gevangenis."
            ),
            "description_fr": "Huit rencontres hebdomadaires de deux heures, en petit groupe, avec une interprète.",
            "organisation": coordination,
            "prison": prison,
            "units": [unit],
            "category": Category.objects.get(code="reception-class"),
            "target_groups": [TargetGroup.objects.get(code="women")],
            "languages": list(Language.objects.filter(code__in=["ar", "fr"])),
            "partners_sought": "Une animatrice arabophone (bénévole ou service) et une interprète.",
            "resources_needed": "Un local du centre pour femmes le mardi après-midi ; du matériel d'écriture.",
        },
        finding=FINDING,
        origin={
            "unit": unit.pk,
            "language": "ar",
            "target_group": TargetGroup.objects.get(code="women").pk,
        },
    )
    services.proposal_change_status(actor=coordinator, proposal=proposal, to_status=ProposalStatus.OPEN)
    created[str(ActivityProposal._meta.verbose_name_plural)] += 1
    proposal.refresh_from_db()
    for username, organisation_name, text in COMMENTS:
        services.proposal_comment_add(
            actor=_actor(username),
            proposal=proposal,
            organisation=Organisation.objects.get(name=organisation_name),
            text=text,
        )
        created[str(ProposalComment._meta.verbose_name_plural)] += 1
    return created


def demo_proposals_try_it() -> list[str]:
    """Where to try the design workspace (reads only)."""
    proposal = ActivityProposal.objects.filter(title_fr=TITLE).first()
    if proposal is None:
        return []
    with translation.override("fr"):  # the demo's language, like the other lines
        path = reverse("proposals:detail", args=[proposal.pk])
    return [
        _(
            "Design workspace (log in as %(user)s): the proposal “%(title)s” is open for comments; read the "
            "services' comments, then accept it for a service, which receives it as a draft activity. %(url)s"
        )
        % {"user": "coordinator", "title": TITLE, "url": path}
    ]
