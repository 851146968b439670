"""Automatic screening checks: does this person fit this edition?

Each check says pass, warning or fail, with a reason a service worker can act on. Checks
inform the staff's decision; they never take it (a person may be accepted despite a failed
check, e.g. when the unit will change next week).

- Target group (gender) and legal status: the detainee's against the edition's screening
  target groups, or else the activity's target groups.
- Unit: the detainee's unit among the units the edition serves.
- Language: the detainee reads or speaks one of the edition's screening languages, or else one
  of the activity's languages of delivery. An edition may require no language at all
  (``EditionScreening.language_required`` off, e.g. a reception class for people who speak
  neither French nor Dutch): the check then passes for everyone.
- Release: an expected release or transfer before the edition ends is a warning.
- Clash: being confirmed or taking part in another edition whose sessions overlap this
  edition's sessions is a fail (a person cannot be in two rooms at once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerto.catalogue.models import Edition, Session, SessionStatus
from concerto.detainees.models import Detainee, Gender, LegalStatus
from concerto.reference.models import Language, TargetGroup
from concerto.registrations.models import Application, ApplicationStatus, EditionScreening

Outcome = Literal["pass", "warning", "fail"]
PASS: Outcome = "pass"  # noqa: S105 - a check outcome, not a password
WARNING: Outcome = "warning"
FAIL: Outcome = "fail"
OUTCOME_LABELS = {PASS: gettext_lazy("Pass"), WARNING: gettext_lazy("Warning"), FAIL: gettext_lazy("Fail")}
CHECK_LABELS = {
    "target_group": gettext_lazy("Target group"),
    "legal_status": gettext_lazy("Legal status"),
    "unit": gettext_lazy("Unit"),
    "language": gettext_lazy("Language"),
    "release": gettext_lazy("Expected release"),
    "clash": gettext_lazy("Other editions"),
}
# The editions a person is in, for the clash check.
BUSY_STATUSES = frozenset({ApplicationStatus.CONFIRMED, ApplicationStatus.ACTIVE})
GENDER_GROUPS = {Gender.MAN: TargetGroup.Gender.MEN, Gender.WOMAN: TargetGroup.Gender.WOMEN}


@dataclass(frozen=True)
class Check:
    code: str
    outcome: Outcome
    reason: str

    @property
    def label(self) -> str:
        return str(CHECK_LABELS[self.code])

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class _Criteria:
    """What one edition asks for, read once for all its applications."""

    edition: Edition
    groups: list[TargetGroup]
    languages: list[Language]
    unit_ids: set[int]
    unit_names: list[str]
    language_required: bool = True
    clashes: dict[int, Session | None] = field(default_factory=dict)

    @classmethod
    def of(cls, edition: Edition) -> _Criteria:
        screening = EditionScreening.objects.filter(edition=edition).first()
        groups = list(screening.target_groups.all()) if screening else []
        if not groups:
            groups = list(edition.activity.target_groups.all())
        languages = list(screening.languages.all()) if screening else []
        if not languages:
            languages = list(edition.activity.languages.all())
        units = list(edition.units.all())
        return cls(
            edition=edition,
            groups=groups,
            languages=languages,
            unit_ids={u.pk for u in units},
            unit_names=[str(u) for u in units],
            language_required=screening.language_required if screening else True,
        )

    def read_clashes(self, other_edition_ids: Iterable[int]) -> None:
        """Find, in one query, the first session of each other edition overlapping one of this edition's."""
        wanted = set(other_edition_ids) - set(self.clashes)
        if not wanted:
            return
        mine = Session.objects.filter(edition_id=self.edition.pk, status=SessionStatus.SCHEDULED).filter(
            starts_at__lt=OuterRef("ends_at"), ends_at__gt=OuterRef("starts_at")
        )
        self.clashes.update(dict.fromkeys(wanted))
        overlapping = (
            Session.objects.filter(edition_id__in=wanted, status=SessionStatus.SCHEDULED)
            .filter(Exists(mine))
            .order_by("edition_id", "starts_at")
        )
        for session in overlapping:
            if self.clashes[session.edition_id] is None:
                self.clashes[session.edition_id] = session

    def first_clash(self, other_edition_id: int) -> Session | None:
        """The first scheduled session of the other edition overlapping one of this edition's."""
        self.read_clashes([other_edition_id])
        return self.clashes[other_edition_id]


def _names(items: Iterable[object]) -> str:
    return ", ".join(str(item) for item in items)


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _target_group(detainee: Detainee, criteria: _Criteria) -> Check:
    genders = [g for g in criteria.groups if g.dimension == TargetGroup.Dimension.GENDER]
    if not genders:
        if criteria.groups and all(g.dimension == TargetGroup.Dimension.CIRCLE for g in criteria.groups):
            return Check(
                "target_group",
                WARNING,
                _("This activity is meant for %(groups)s.") % {"groups": _names(criteria.groups).lower()},
            )
        return Check("target_group", PASS, _("Open to men and women."))
    wanted = GENDER_GROUPS.get(Gender(detainee.gender))
    if wanted is None:
        return Check(
            "target_group",
            WARNING,
            _("The person's gender is not recorded; the activity is for %(groups)s.")
            % {"groups": _names(genders).lower()},
        )
    if any(g.gender == wanted for g in genders):
        return Check("target_group", PASS, _("Among the target groups (%(groups)s).") % {"groups": _names(genders)})
    return Check(
        "target_group",
        FAIL,
        _("The activity is for %(groups)s; this person is registered as %(gender)s.")
        % {"groups": _names(genders).lower(), "gender": Gender(detainee.gender).label.lower()},
    )


def _legal_status(detainee: Detainee, criteria: _Criteria) -> Check:
    statuses = [
        g for g in criteria.groups if g.dimension == TargetGroup.Dimension.LEGAL_STATUS and g.code in LegalStatus.values
    ]
    if not statuses:
        return Check("legal_status", PASS, _("Open to every legal status."))
    if any(g.code == detainee.legal_status for g in statuses):
        return Check("legal_status", PASS, _("Among the legal statuses (%(groups)s).") % {"groups": _names(statuses)})
    return Check(
        "legal_status",
        FAIL,
        _("The activity is for %(groups)s; this person is %(status)s.")
        % {"groups": _names(statuses).lower(), "status": LegalStatus(detainee.legal_status).label.lower()},
    )


def _unit(detainee: Detainee, criteria: _Criteria) -> Check:
    if detainee.unit_id is None:
        return Check("unit", WARNING, _("The person's unit is not known."))
    if detainee.unit_id in criteria.unit_ids:
        return Check("unit", PASS, _("%(unit)s is served by this edition.") % {"unit": detainee.unit})
    return Check(
        "unit",
        FAIL,
        _("%(unit)s is not among the units served (%(units)s).")
        % {"unit": detainee.unit, "units": ", ".join(criteria.unit_names) or "—"},
    )


def _language(detainee: Detainee, criteria: _Criteria) -> Check:
    if not criteria.language_required:
        return Check("language", PASS, _("No language is required for this edition."))
    if not criteria.languages:
        return Check("language", PASS, _("No language is required."))
    known = {language.pk: language for language in detainee.languages_read.all()}
    known.update({language.pk: language for language in detainee.languages_spoken.all()})
    if not known:
        return Check(
            "language",
            WARNING,
            _("No language is recorded for this person; the activity needs %(languages)s.")
            % {"languages": _names(criteria.languages)},
        )
    shared = [language for language in criteria.languages if language.pk in known]
    if shared:
        return Check("language", PASS, _("Reads or speaks %(languages)s.") % {"languages": _names(shared)})
    return Check(
        "language",
        FAIL,
        _("The activity needs %(needed)s; this person reads or speaks %(known)s.")
        % {"needed": _names(criteria.languages), "known": _names(known.values())},
    )


def _release(detainee: Detainee, edition: Edition) -> Check:
    day = detainee.expected_release_on
    if day is None:
        return Check("release", PASS, _("No expected release or transfer date is known."))
    if day < edition.starts_on:
        return Check(
            "release",
            WARNING,
            _("Expected to leave on %(day)s, before the edition starts (%(start)s).")
            % {"day": _day(day), "start": _day(edition.starts_on)},
        )
    if day < edition.ends_on:
        return Check(
            "release",
            WARNING,
            _("Expected to leave on %(day)s, before the edition ends (%(end)s).")
            % {"day": _day(day), "end": _day(edition.ends_on)},
        )
    return Check("release", PASS, _("Expected to stay until after the edition ends."))


def _clash(application: Application, busy: Sequence[Application], criteria: _Criteria) -> Check:
    clashes = []
    for other in busy:
        session = criteria.first_clash(other.edition_id)
        if session is not None:
            clashes.append((other, session))
    if not clashes:
        return Check("clash", PASS, _("No clash with another edition this person is in."))
    other, session = clashes[0]
    return Check(
        "clash",
        FAIL,
        _("Already in “%(activity)s”, whose sessions clash with this edition's (first on %(day)s).")
        % {"activity": other.edition.activity, "day": _day(session.starts_at)},
    )


def screening_checks_for(applications: Sequence[Application]) -> dict[int, list[Check]]:
    """The checks of several applications (one edition's list), reading each edition's criteria once."""
    if not applications:
        return {}
    prefetch_related_objects(
        list(applications),
        "edition__activity__target_groups",
        "edition__activity__languages",
        "edition__units",
        "detainee__unit",
        "detainee__languages_read",
        "detainee__languages_spoken",
    )
    criteria: dict[int, _Criteria] = {}
    busy: dict[int, list[Application]] = {}
    for other in (
        Application.objects.filter(detainee_id__in={a.detainee_id for a in applications}, status__in=BUSY_STATUSES)
        .select_related("edition__activity")
        .order_by("pk")
    ):
        busy.setdefault(other.detainee_id, []).append(other)
    results: dict[int, list[Check]] = {}
    clashes_read: set[int] = set()
    for application in applications:
        edition = application.edition
        if edition.pk not in criteria:
            criteria[edition.pk] = _Criteria.of(edition)
        edition_criteria = criteria[edition.pk]
        detainee = application.detainee
        others = [a for a in busy.get(detainee.pk, []) if a.edition_id != edition.pk]
        if edition.pk not in clashes_read:  # one query per edition for all its applicants' other editions
            clashes_read.add(edition.pk)
            edition_criteria.read_clashes(
                other.edition_id
                for same_edition in applications
                if same_edition.edition_id == edition.pk
                for other in busy.get(same_edition.detainee_id, [])
                if other.edition_id != edition.pk
            )
        results[application.pk] = [
            _target_group(detainee, edition_criteria),
            _legal_status(detainee, edition_criteria),
            _unit(detainee, edition_criteria),
            _language(detainee, edition_criteria),
            _release(detainee, edition),
            _clash(application, others, edition_criteria),
        ]
    return results


def screening_checks(*, application: Application) -> list[Check]:
    """The automatic checks of one application, in a fixed order."""
    return screening_checks_for([application])[application.pk]


def worst_outcome(checks: Iterable[Check]) -> Outcome:
    outcomes = {check.outcome for check in checks}
    if FAIL in outcomes:
        return FAIL
    if WARNING in outcomes:
        return WARNING
    return PASS
