"""The evaluation of editions in the demo: the loop evaluation → adjustment → next edition.

- A shared participant-evaluation questionnaire (French and Dutch), built and published by the
  coordinator through the surveys services.
- **The drawing workshop's last cycle** (over, with the participants of registrations.py): the
  participants' questionnaire with six paper forms typed in by Siréas, the reports of the
  volunteer artist and of Siréas, and the coordinator's decision "adjust" with its adjustments,
  linked to the cycle running now: the whole loop.
- **The slam workshop** (over, archived activity): the report of its facilitator, and no decision:
  the coordinator decides it during a demonstration ("Try it").

Everything goes through the evaluation and surveys services, as the demo users named here, so
it obeys the same rules as the interface. Idempotent: a questionnaire, campaign, report,
evaluation or link that exists already is left as it is (a demonstration may have changed it).
The services check dates against the clock, so this loads only when ``today`` is the real date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor, actor_for
from concerto.catalogue.models import Edition
from concerto.demo import data as d
from concerto.demo.registrations import FINISHED, plan_edition
from concerto.evaluation import services as evaluation
from concerto.evaluation.models import Decision, EditionEvaluation, EvaluationFollowUp, FacilitatorReport
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison
from concerto.surveys import services as surveys
from concerto.surveys.models import (
    Campaign,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    Response,
    VersionStatus,
)
from concerto.surveys.services import AnswerInput, QuestionData, ResponseData

COORDINATOR = "coordinator"
QUESTIONNAIRE = "Évaluation d'un atelier par les participants"
SLAM = ("Atelier slam et écriture", d.FAMD)


# --- The questionnaire -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionPlan:
    code: str
    kind: str
    fr: str
    nl: str
    options: tuple[tuple[str, str, str], ...] = ()  # (code, fr, nl)
    ends: tuple[tuple[str, str], tuple[str, str]] | None = None  # scale labels ((fr, nl) low, (fr, nl) high)
    required: bool = False


QUESTIONS = (
    QuestionPlan(
        "liked",
        QuestionKind.SCALE,
        "Dans l'ensemble, l'atelier vous a-t-il plu ?",
        "Vond u het atelier in het algemeen goed?",
        ends=(("Pas du tout", "Helemaal niet"), ("Beaucoup", "Heel erg")),
        required=True,
    ),
    QuestionPlan(
        "group",
        QuestionKind.SCALE,
        "Vous êtes-vous senti à l'aise dans le groupe ?",
        "Voelde u zich goed in de groep?",
        ends=(("Pas du tout", "Helemaal niet"), ("Tout à fait", "Helemaal")),
    ),
    QuestionPlan(
        "length",
        QuestionKind.SINGLE,
        "Les séances étaient…",
        "De sessies waren…",
        options=(
            ("short", "trop courtes", "te kort"),
            ("right", "de bonne durée", "goed"),
            ("long", "trop longues", "te lang"),
        ),
    ),
    QuestionPlan(
        "recommend",
        QuestionKind.SINGLE,
        "Conseilleriez-vous l'atelier à un codétenu ?",
        "Zou u het atelier aanraden aan een medegedetineerde?",
        options=(("yes", "Oui", "Ja"), ("no", "Non", "Nee")),
    ),
    QuestionPlan("change", QuestionKind.TEXT, "Que faudrait-il changer ?", "Wat zou er moeten veranderen?"),
)

# The drawing workshop's forms: liked, group, length, recommend, what to change (language of the form).
FORMS = (
    ("fr", 5, 4, "long", "yes", "Des séances plus courtes, on fatigue après deux heures."),
    ("fr", 4, 5, "long", "yes", "Montrer nos dessins à la fin."),
    ("nl", 4, 4, "right", "yes", ""),
    ("fr", 5, 5, "long", "yes", "Plus de peinture, moins de crayon."),
    ("nl", 3, 4, "long", "no", "Korter, en een tentoonstelling op het einde."),
    ("fr", 4, 3, "right", "yes", ""),
)

REPORTS = {
    # username: (what worked, incidents, suggestions)
    "volunteer": (
        "Un groupe régulier et concentré ; l'aquarelle et le portrait ont eu le plus de succès. Plusieurs "
        "participants ont continué à dessiner en cellule entre les séances.",
        "Deux séances commencées avec 30 minutes de retard (mouvements). Une fois, le matériel de peinture "
        "n'avait pas été autorisé à temps.",
        "Des séances plus courtes (2 h) ; une petite exposition des œuvres à la fin du cycle, avec l'accord "
        "des auteurs.",
    ),
    "sireas": (
        "Les inscriptions par billet de rapport ont bien fonctionné ; le groupe est resté complet jusqu'à la fin.",
        "Une séance annulée pour cause de grève.",
        "Prévoir la demande d'entrée du matériel une semaine plus tôt.",
    ),
}
SLAM_REPORT = (
    "famd",
    (
        "Les textes écrits pendant le cycle étaient forts ; la scène ouverte finale a réuni toute la section.",
        "La moitié du groupe a été transférée ou libérée avant la fin.",
        "Trouver un nouvel animateur avant de relancer ; prévoir un cycle plus court (8 semaines).",
    ),
)
ASSESSMENT = (
    "Groupe complet et assidu, bonne participation jusqu'à la fin. Les participants et l'animatrice "
    "trouvent les séances trop longues ; tous demandent de montrer les œuvres."
)
ADJUSTMENTS = (
    "Séances de 2 h au lieu de 2 h 30.\n"
    "Exposition des œuvres en fin de cycle, avec l'accord de leurs auteurs.\n"
    "Demande d'entrée du matériel introduite une semaine plus tôt."
)


def _texts(fr: str, nl: str) -> dict[str, str]:
    return {"fr": fr, "nl": nl}


def _questionnaire(actor: Actor, organisation: Organisation) -> QuestionnaireVersion:
    """The shared evaluation questionnaire's published version, built and published once."""
    existing = (
        QuestionnaireVersion.objects.filter(
            questionnaire__name=QUESTIONNAIRE,
            questionnaire__purpose=QuestionnairePurpose.EVALUATION,
            status=VersionStatus.PUBLISHED,
        )
        .order_by("-number")
        .first()
    )
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.filter(name=QUESTIONNAIRE, purpose=QuestionnairePurpose.EVALUATION).first()
    if questionnaire is None:
        questionnaire = surveys.questionnaire_create(
            actor=actor,
            data={
                "purpose": QuestionnairePurpose.EVALUATION,
                "name": QUESTIONNAIRE,
                "name_nl": "Evaluatie van een atelier door de deelnemers",
                "name_en": "Participants' evaluation of a workshop",
                "organisation": organisation,
                "languages": ["fr", "nl"],
                "title": _texts("Votre avis sur l'atelier", "Uw mening over het atelier"),
                "is_anonymous": True,
            },
        )
    version = questionnaire.versions.order_by("-number").first()
    assert version is not None  # noqa: S101 - questionnaire_create makes the first version
    if version.status != VersionStatus.DRAFT:
        return version
    section = version.sections.order_by("position").first()
    assert section is not None  # noqa: S101 - and its first section
    surveys.section_update(actor=actor, section=section, title=_texts("Votre avis", "Uw mening"))
    if not Question.objects.filter(section__version=version).exists():
        for plan in QUESTIONS:
            question = surveys.question_add(actor=actor, section=section, kind=plan.kind, text=_texts(plan.fr, plan.nl))
            low, high = plan.ends or ((None, None), (None, None))
            surveys.question_update(
                actor=actor,
                question=question,
                data=QuestionData(
                    code=plan.code,
                    is_required=plan.required,
                    scale_min_label=_texts(*low) if plan.ends else None,
                    scale_max_label=_texts(*high) if plan.ends else None,
                ),
            )
            options = list(question.options.order_by("position"))
            # The builder names options itself (o1, o2…); answers find them by their position.
            for index, (_code, fr, nl) in enumerate(plan.options):
                if index < len(options):
                    surveys.option_update(actor=actor, option=options[index], label=_texts(fr, nl))
                else:
                    surveys.option_add(actor=actor, question=question, label=_texts(fr, nl))
    return surveys.version_publish(actor=actor, version=version)


# --- Loading -----------------------------------------------------------------------------------------


class _Loader:
    def __init__(self, *, prison: Prison, today: dt.date) -> None:
        self.prison = prison
        self.today = today
        self.actors: dict[str, Actor] = {}

    def actor(self, username: str) -> Actor:
        if username not in self.actors:
            user = User.objects.get(username=username)
            user.__dict__.pop("_concerto_actor", None)  # memberships may have changed during the load
            self.actors[username] = actor_for(user)
        return self.actors[username]

    def report(self, edition: Edition, username: str, texts: tuple[str, str, str]) -> None:
        if FacilitatorReport.objects.filter(edition=edition, author__username=username).exists():
            return
        evaluation.report_file(actor=self.actor(username), edition=edition, data=evaluation.ReportData(*texts))

    def participant_forms(self, edition: Edition, version: QuestionnaireVersion) -> None:
        if Campaign.objects.filter(edition=edition).exists():
            return
        starts_on, ends_on = evaluation.default_answer_period(edition)
        campaign = evaluation.participant_evaluation_start(
            actor=self.actor(COORDINATOR), edition=edition, version=version, starts_on=starts_on, ends_on=ends_on
        )
        questions = {q.code: q for q in Question.objects.filter(section__version=version).prefetch_related("options")}
        options = {(q.code, position): o for q in questions.values() for position, o in enumerate(q.options.all())}
        plans = {plan.code: plan for plan in QUESTIONS}
        choice = {
            (code, option_code): position
            for code, plan in plans.items()
            for position, (option_code, _fr, _nl) in enumerate(plan.options)
        }
        unit = edition.units.order_by("pk").first()
        for number, (language, liked, group, length, recommend, change) in enumerate(FORMS, start=1):
            answers = {
                questions["liked"].pk: AnswerInput(value=liked),
                questions["group"].pk: AnswerInput(value=group),
                questions["length"].pk: AnswerInput(options=[options[("length", choice["length", length])].pk]),
                questions["recommend"].pk: AnswerInput(
                    options=[options[("recommend", choice["recommend", recommend])].pk]
                ),
            }
            if change:
                answers[questions["change"].pk] = AnswerInput(text=change)
            surveys.response_record(
                actor=self.actor(FINISHED.decider),
                campaign=campaign,
                data=ResponseData(language=language, answers=answers, paper_number=f"D{number:02d}", unit=unit),
            )

    def decide_and_link(self, edition: Edition) -> None:
        if not EditionEvaluation.objects.filter(edition=edition).exists():
            evaluation.evaluation_record(
                actor=self.actor(COORDINATOR),
                edition=edition,
                assessment=ASSESSMENT,
                decision=Decision.ADJUST,
                adjustments=ADJUSTMENTS,
            )
        decided = EditionEvaluation.objects.get(edition=edition)
        if decided.decision != Decision.ADJUST or decided.follow_ups.exists():
            return
        units = edition.units.values("pk")
        later = (
            Edition.objects.filter(
                activity=edition.activity, starts_on__gt=edition.ends_on, shaped_by__isnull=True, units__in=units
            )
            .order_by("starts_on", "pk")
            .first()
        )
        if later is not None:
            evaluation.follow_up_link(actor=self.actor(COORDINATOR), evaluation=decided, edition=later)


def slam_edition(prison: Prison, today: dt.date) -> Edition | None:
    title, organiser = SLAM
    return (
        Edition.objects.filter(
            prison=prison, activity__title_fr=title, activity__organiser__name=organiser, ends_on__lt=today
        )
        .order_by("-ends_on", "-pk")
        .first()
    )


COUNTED: tuple[type[models.Model], ...] = (
    Questionnaire,
    Campaign,
    Response,
    FacilitatorReport,
    EditionEvaluation,
    EvaluationFollowUp,
)


@transaction.atomic
def demo_evaluation(*, prison: Prison, today: dt.date) -> Counter[str]:
    """Load the evaluations around ``today``; returns what was created (nothing unless ``today`` is real)."""
    created: Counter[str] = Counter()
    if today != timezone.localdate():
        return created
    before = {model: model._default_manager.count() for model in COUNTED}
    loader = _Loader(prison=prison, today=today)
    drawing = plan_edition(FINISHED, prison, today)
    if drawing is not None:
        coordination = Organisation.objects.get(name=d.COORDINATION_COCOM)
        version = _questionnaire(loader.actor(COORDINATOR), coordination)
        loader.participant_forms(drawing, version)
        for username, texts in REPORTS.items():
            loader.report(drawing, username, texts)
        loader.decide_and_link(drawing)
    slam = slam_edition(prison, today)
    if slam is not None:
        username, texts = SLAM_REPORT
        loader.report(slam, username, texts)
    for model in COUNTED:
        created[str(model._meta.verbose_name_plural)] += model._default_manager.count() - before[model]
    return created


# --- What to try -------------------------------------------------------------------------------------


def _path(name: str, *args: object) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def _last_day(edition: Edition) -> dt.date:
    """The day of the last session held (the edition's last day may be a Sunday)."""
    last = edition.sessions.filter(status="scheduled").order_by("-starts_at").values_list("starts_at", flat=True)
    return timezone.localtime(last[0]).date() if last else edition.ends_on


def demo_evaluation_try_it(*, prison: Prison, today: dt.date) -> list[str]:
    """One line: the evaluation awaiting the coordinator's decision, and the loop shown on the drawing workshop."""
    slam = slam_edition(prison, today)
    drawing = plan_edition(FINISHED, prison, today)
    if slam is None or EditionEvaluation.objects.filter(edition=slam).exclude(decision="").exists():
        return []
    line = _(
        "Evaluation (log in as %(user)s): “%(title)s” ended on %(day)s and awaits your decision: continue, "
        "adjust or stop. %(url)s"
    ) % {
        "user": COORDINATOR,
        "title": slam.activity.title_fr,
        "day": date_format(_last_day(slam), "l d/m/Y"),
        "url": _path("evaluation:edition", slam.pk),
    }
    if drawing is not None and EvaluationFollowUp.objects.filter(evaluation__edition=drawing).exists():
        line += " " + _("The whole loop, evaluation then adjustments then the next edition: %(url)s") % {
            "url": _path("evaluation:activity_loop", drawing.activity_id)
        }
    return [line]
