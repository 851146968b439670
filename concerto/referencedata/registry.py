"""The kinds of reference data coordinators edit, declared once.

Each ``ReferenceKind`` names its model, the fields of its form, the columns of its list, how
the list is sorted and filtered, and who may manage it. The views, forms, selectors and
services are generic: adding a kind is adding an entry to ``KINDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from concerto.accounts.permissions import Actor
from concerto.attendance.models import AbsenceReason
from concerto.core.templatetags.concerto import tr
from concerto.core.translation import CONTENT_LANGUAGES
from concerto.organisations.models import Community, Contact, Organisation
from concerto.prisons.models import ActivityWindow, ClosureDay, Prison, Room, Unit
from concerto.reference.models import Aim, Category, Language, TargetGroup
from concerto.referencedata.permissions import can_manage_reference_data
from concerto.registrations.models import RefusalReason

NAME_FIELDS = tuple(f"name_{code}" for code in CONTENT_LANGUAGES)


# --- List columns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a list: its heading and what a cell shows for a record."""

    label: Any
    value: Callable[[Any], Any]
    numeric: bool = False


def localised_name(record: Any) -> SafeString:
    """The name in the reader's language, or another one with a visible notice."""
    return tr(record, "name")


def attribute(label: Any, name: str, numeric: bool = False) -> Column:
    return Column(label, lambda record: getattr(record, name) or "—", numeric)


def choice(label: Any, name: str) -> Column:
    return Column(label, lambda record: getattr(record, f"get_{name}_display")() or "—")


def yes_no(label: Any, name: str) -> Column:
    return Column(label, lambda record: _("yes") if getattr(record, name) else _("no"))


def related(label: Any, name: str) -> Column:
    """A foreign key shown by its name (select it in ``ReferenceKind.select``)."""
    return Column(label, lambda record: getattr(record, name) or "—")


def many(label: Any, name: str) -> Column:
    """A many-to-many field as a list of names (prefetch it in ``ReferenceKind.prefetch``)."""
    return Column(label, lambda record: ", ".join(str(item) for item in getattr(record, name).all()) or "—")


def category_name(record: Category) -> SafeString:
    if record.parent_id and record.parent:
        return format_html("{} › {}", record.parent, localised_name(record))
    return localised_name(record)


def window_weekday(record: ActivityWindow) -> str:
    return record.get_weekday_display()


def window_hours(record: ActivityWindow) -> str:
    return f"{time_format(record.starts_at, 'H:i')}–{time_format(record.ends_at, 'H:i')}"


def closure_date(record: ClosureDay) -> str:
    return date_format(record.date, "SHORT_DATE_FORMAT")


def prison_parts(record: Prison) -> SafeString:
    """Links to what belongs to the prison: its units, rooms, time windows and closure days."""
    return format_html(
        '<ul class="inline-links">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}?prison={}">{}</a></li>',
            (
                (reverse("referencedata:record_list", args=[slug]), record.pk, KINDS[slug].label)
                for slug in ("units", "rooms", "time-windows", "closure-days")
            ),
        ),
    )


# --- Sorting ---------------------------------------------------------------------------------


def name_in(language: str, prefix: str = "") -> Any:
    """The name in ``language``, else French, Dutch, English: what the reader sees (see ``localised``)."""
    order = [language, *[code for code in CONTENT_LANGUAGES if code != language]]
    return Lower(Coalesce(*[NullIf(F(f"{prefix}name_{code}"), Value("")) for code in order], Value("")))


def by_name(language: str) -> list[Any]:
    return [name_in(language), "pk"]


def by_prison_then_name(language: str) -> list[Any]:
    return [name_in(language, "prison__"), name_in(language), "pk"]


def by_theme_then_name(language: str) -> list[Any]:
    """Each top-level category followed by its sub-themes, all by name."""
    theme = Coalesce(NullIf(name_in(language, "parent__"), Value("")), name_in(language))
    return [theme, F("parent").asc(nulls_first=True), name_in(language), "pk"]


# --- Kinds -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceKind:
    slug: str
    model: type[models.Model]
    section: Any  # the heading it is listed under on the index page
    description: Any
    fields: tuple[str, ...]
    columns: tuple[Column, ...]  # the first one links to the record's form
    order: Callable[[str], list[Any]] = by_name
    scoped_by: str | None = None  # "prison" or "organisation": the list is filtered by it, forms pre-fill it
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    may_manage: Callable[[Actor], bool] = field(default=can_manage_reference_data)

    @property
    def label(self) -> Any:
        return self.model._meta.verbose_name_plural

    @property
    def record_label(self) -> Any:
        return self.model._meta.verbose_name

    @property
    def archivable(self) -> bool:
        """Records with an "active" flag are archived, never deleted: past activities still name them."""
        return "is_active" in self.fields

    @property
    def named_in_three_languages(self) -> bool:
        return all(name in self.fields for name in NAME_FIELDS)


CODE = attribute(_("Code"), "code")
POSITION = attribute(_("Position"), "position", numeric=True)
NAME = Column(_("Name"), localised_name)
NAMED = (*NAME_FIELDS,)

ORGANISATIONS = _("Organisations")
PRISONS = _("Prisons and their premises")
ACTIVITIES = _("Describing activities")
REASONS = _("Reasons")

_KINDS: Sequence[ReferenceKind] = (
    ReferenceKind(
        slug="organisations",
        model=Organisation,
        section=ORGANISATIONS,
        description=_("Services, partners, coordination bodies and prison administrations."),
        fields=(
            "name",
            "acronym",
            "kind",
            "community",
            "accreditation",
            "description_fr",
            "description_nl",
            "description_en",
            "audience_fr",
            "audience_nl",
            "audience_en",
            "languages",
            "enterprise_number",
            "bruxelles_social_id",
            "website",
            "email",
            "phone",
            "address",
            "prison",
            "is_active",
        ),
        columns=(
            attribute(_("Name"), "name"),
            attribute(_("Short name"), "acronym"),
            choice(_("Kind"), "kind"),
            related(_("Community"), "community"),
        ),
        order=lambda language: [Lower("name"), "pk"],
        select=("community",),
        search=("name", "acronym", "enterprise_number"),
    ),
    ReferenceKind(
        slug="contacts",
        model=Contact,
        section=ORGANISATIONS,
        description=_("The contact persons of each organisation."),
        fields=("organisation", "name", "function", "email", "phone"),
        columns=(
            attribute(_("Name"), "name"),
            related(_("Organisation"), "organisation"),
            attribute(_("Function"), "function"),
            attribute(_("E-mail"), "email"),
            attribute(_("Phone"), "phone"),
        ),
        order=lambda language: [Lower("organisation__name"), Lower("name"), "pk"],
        scoped_by="organisation",
        select=("organisation",),
        search=("name", "function"),
    ),
    ReferenceKind(
        slug="communities",
        model=Community,
        section=ORGANISATIONS,
        description=_("The competent authorities: Cocom, the French and the Flemish Community."),
        fields=("code", *NAMED, "position"),
        columns=(NAME, CODE, POSITION),
    ),
    ReferenceKind(
        slug="prisons",
        model=Prison,
        section=PRISONS,
        description=_("Prisons, and whether they hold activities on public holidays."),
        fields=("code", *NAMED, "address", "closed_on_public_holidays", "is_active"),
        columns=(
            NAME,
            CODE,
            yes_no(_("No activities on public holidays"), "closed_on_public_holidays"),
            Column(_("In this prison"), prison_parts),
        ),
    ),
    ReferenceKind(
        slug="units",
        model=Unit,
        section=PRISONS,
        description=_("The living units of each prison, their regime and who they house."),
        fields=("prison", "code", *NAMED, "kind", "regime", "gender", "legal_statuses", "is_active"),
        columns=(
            NAME,
            related(_("Prison"), "prison"),
            CODE,
            choice(_("Kind"), "kind"),
            choice(_("Regime"), "regime"),
            choice(_("Gender"), "gender"),
            many(_("Legal statuses housed"), "legal_statuses"),
        ),
        order=by_prison_then_name,
        scoped_by="prison",
        select=("prison",),
        prefetch=("legal_statuses",),
        search=(*NAMED, "code"),
    ),
    ReferenceKind(
        slug="rooms",
        model=Room,
        section=PRISONS,
        description=_("Rooms where activities take place, with their capacity and equipment."),
        fields=("prison", "unit", "name", "capacity", "equipment", "is_active"),
        columns=(
            attribute(_("Name"), "name"),
            related(_("Prison"), "prison"),
            related(_("Unit"), "unit"),
            attribute(_("Capacity"), "capacity", numeric=True),
            attribute(_("Equipment"), "equipment"),
        ),
        order=lambda language: [name_in(language, "prison__"), Lower("name"), "pk"],
        scoped_by="prison",
        select=("prison", "unit"),
        search=("name", "equipment"),
    ),
    ReferenceKind(
        slug="time-windows",
        model=ActivityWindow,
        section=PRISONS,
        description=_("When each prison allows collective activities, weekday by weekday."),
        fields=("prison", "weekday", "starts_at", "ends_at"),
        columns=(
            Column(_("Weekday"), window_weekday),
            Column(_("Hours"), window_hours),
            related(_("Prison"), "prison"),
        ),
        order=lambda language: [name_in(language, "prison__"), "weekday", "starts_at", "pk"],
        scoped_by="prison",
        select=("prison",),
    ),
    ReferenceKind(
        slug="closure-days",
        model=ClosureDay,
        section=PRISONS,
        description=_("Days without activities in a prison, besides Belgian public holidays."),
        fields=("prison", "date", "reason"),
        columns=(Column(_("Date"), closure_date), attribute(_("Reason"), "reason"), related(_("Prison"), "prison")),
        order=lambda language: [F("date").desc(), name_in(language, "prison__"), "pk"],
        scoped_by="prison",
        select=("prison",),
        search=("reason",),
    ),
    ReferenceKind(
        slug="target-groups",
        model=TargetGroup,
        section=ACTIVITIES,
        description=_("Who activities are for: men, women, accused, convicted, interned, relatives."),
        fields=("code", *NAMED, "dimension", "gender", "position"),
        columns=(NAME, CODE, choice(_("Dimension"), "dimension"), choice(_("Gender"), "gender"), POSITION),
    ),
    ReferenceKind(
        slug="categories",
        model=Category,
        section=ACTIVITIES,
        description=_("The two-level taxonomy of activities: themes and their sub-themes."),
        fields=("code", *NAMED, "parent", "position"),
        columns=(Column(_("Name"), category_name), CODE, POSITION),
        order=by_theme_then_name,
        select=("parent",),
        search=(*NAMED, "code"),
    ),
    ReferenceKind(
        slug="languages",
        model=Language,
        section=ACTIVITIES,
        description=_("Languages by their ISO 639 code: of activities, of detainees, of paper forms."),
        fields=("code", *NAMED, "native_name", "is_right_to_left", "position"),
        columns=(
            NAME,
            attribute(_("ISO 639 code"), "code"),
            attribute(_("Native name"), "native_name"),
            yes_no(_("Written right to left"), "is_right_to_left"),
        ),
        search=(*NAMED, "code", "native_name"),
    ),
    ReferenceKind(
        slug="aims",
        model=Aim,
        section=ACTIVITIES,
        description=_("The aims activities serve."),
        fields=("code", *NAMED, "position"),
        columns=(NAME, CODE, POSITION),
    ),
    ReferenceKind(
        slug="refusal-reasons",
        model=RefusalReason,
        section=REASONS,
        description=_(
            "Why an application is refused; the reason coded “no-place” counts as unmet demand in the coverage "
            "analysis."
        ),
        fields=("code", *NAMED, "position"),
        columns=(NAME, CODE, POSITION),
    ),
    ReferenceKind(
        slug="absence-reasons",
        model=AbsenceReason,
        section=REASONS,
        description=_("Why a participant missed a session, and whether the absence is excused."),
        fields=("code", *NAMED, "is_excused", "position"),
        columns=(NAME, CODE, yes_no(_("Excused"), "is_excused"), POSITION),
    ),
)

KINDS: dict[str, ReferenceKind] = {kind.slug: kind for kind in _KINDS}


def kind_or_404(slug: str) -> ReferenceKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404(slug) from None
