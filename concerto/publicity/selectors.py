"""What the printed publicity shows: the public offer of one unit, laid out for paper.

Detainees have no screen: the offer reaches them on a poster in the unit, a flyer with a slip to
tear off, the week's sheet on the notice board, or through staff. Everything here is read
through ``concerto.public.selectors`` (the one definition of what is public), so a poster cannot
show a room, a facilitator, a number of places, a draft or anything about a detainee.

Each document is in one *paper language*: French, Dutch, English, or a language with a
paper-form catalogue (``concerto/locale/ar``; see ``surveys.paper.wording_languages``). The fixed
words come from that catalogue; the activities' titles and summaries exist in French, Dutch and
English only, so a poster in another language shows them in English, else in French (marked
with their own ``lang`` and direction, so a right-to-left page stays readable).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from concerto.core.translation import CONTENT_LANGUAGES, localised
from concerto.public import selectors as public
from concerto.public.selectors import PublicActivity, PublicEdition, PublicSession, PublicState, PublicTerm
from concerto.surveys.paper import FALLBACK_PICTOGRAM, PICTOGRAMS, wording_languages

# Catalogue texts for a paper language that is not an interface language.
FALLBACK_TEXT_LANGUAGE = "en"
PAGE_SIZES = ("A4", "A3")


@dataclass(frozen=True)
class PaperLanguage:
    code: str
    name: str  # in the language itself
    is_rtl: bool
    texts_language: str  # the language the catalogue's texts are read in

    @property
    def direction(self) -> str:
        return "rtl" if self.is_rtl else "ltr"


def paper_languages() -> list[PaperLanguage]:
    """The interface languages first, then every language with a paper-form catalogue."""
    others = sorted(set(wording_languages()) - set(CONTENT_LANGUAGES))
    return [language for code in [*CONTENT_LANGUAGES, *others] if (language := paper_language(code))]


def paper_language(code: str) -> PaperLanguage | None:
    if code not in wording_languages():
        return None
    try:
        info = translation.get_language_info(code)
    except KeyError:
        info = {"name_local": code, "bidi": False}
    return PaperLanguage(
        code=code,
        name=str(info["name_local"]),
        is_rtl=bool(info["bidi"]),
        texts_language=code if code in CONTENT_LANGUAGES else FALLBACK_TEXT_LANGUAGE,
    )


@dataclass(frozen=True)
class PaperText:
    """A text from the catalogue, with ``lang`` and ``dir`` when it is not in the page's language."""

    text: str
    language: str
    page_language: str

    @property
    def attributes(self) -> SafeString:
        if self.language == self.page_language:
            return mark_safe("")
        is_rtl = translation.get_language_info(self.language)["bidi"] if self.language else False
        return format_html(' lang="{}" dir="{}"', self.language, "rtl" if is_rtl else "ltr")

    def __str__(self) -> str:
        return self.text


def _text(obj: object, name: str, language: PaperLanguage) -> PaperText:
    value = localised(obj, name, language.texts_language)
    return PaperText(text=value.text, language=value.language, page_language=language.code)


def pictogram(category: PublicTerm, categories: dict[int, PublicTerm]) -> SafeString:
    """The pictogram of the category's root theme: the same drawings as the survey paper forms.

    One sign per theme on every paper a detainee sees (survey, poster, flyer), so the sign means
    the same thing everywhere; a neutral star for a theme nobody drew.
    """
    root = categories.get(category.parent_pk, category) if category.parent_pk else category
    return mark_safe(PICTOGRAMS.get(root.code, FALLBACK_PICTOGRAM))  # noqa: S308 - constant markup


# --- sessions as days and times ---------------------------------------------------------------


@dataclass(frozen=True)
class PaperDay:
    day: dt.date
    is_cancelled: bool


@dataclass(frozen=True)
class Slot:
    """One weekday and time of an activity, and the days it meets then (``first`` names the weekday)."""

    first: dt.date
    starts_at: dt.time
    ends_at: dt.time
    days: tuple[PaperDay, ...]

    @property
    def all_cancelled(self) -> bool:
        return all(day.is_cancelled for day in self.days)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def _slots(sessions: Iterable[PublicSession]) -> tuple[Slot, ...]:
    """Sessions grouped by weekday and time, Monday first, then by hour."""
    grouped: dict[tuple[int, dt.time, dt.time], list[PublicSession]] = defaultdict(list)
    for session in sessions:
        starts, ends = _local(session.starts_at), _local(session.ends_at)
        grouped[(starts.weekday(), starts.time(), ends.time())].append(session)
    slots = []
    for (_weekday, starts_at, ends_at), group in sorted(grouped.items()):
        days = tuple(PaperDay(_local(s.starts_at).date(), s.is_cancelled) for s in group)
        slots.append(Slot(first=days[0].day, starts_at=starts_at, ends_at=ends_at, days=days))
    return tuple(slots)


def _sessions_by_edition(editions: Sequence[PublicEdition]) -> dict[int, list[PublicSession]]:
    by_edition: dict[int, list[PublicSession]] = defaultdict(list)
    for session in public.sessions_of(edition.pk for edition in editions):
        by_edition[session.edition_pk].append(session)
    return by_edition


def _in_period(sessions: Iterable[PublicSession], first: dt.date, last: dt.date) -> list[PublicSession]:
    return [session for session in sessions if first <= _local(session.starts_at).date() <= last]


@dataclass(frozen=True)
class UnitOffer:
    """The public activities that meet in one unit in a period, each with its editions there."""

    prison: public.PublicPrison
    unit: public.PublicUnit
    activities: list[tuple[PublicActivity, list[PublicEdition]]]
    categories: dict[int, PublicTerm]


def _unit_offer(unit_pk: int, first: dt.date | None, last: dt.date | None, today: dt.date) -> UnitOffer | None:
    found = public.unit_get(unit_pk)
    if found is None:
        return None
    prison, unit = found
    filters = public.PublicFilters(prison=prison.pk, period_start=first, period_end=last)
    activities = []
    for activity in public.offer(filters, today=today):
        editions = [edition for edition in activity.editions if any(u.pk == unit.pk for u in edition.units)]
        if editions:
            activities.append((activity, editions))
    return UnitOffer(prison=prison, unit=unit, activities=activities, categories=public.category_terms())


# --- the monthly poster -----------------------------------------------------------------------


@dataclass(frozen=True)
class PosterItem:
    title: PaperText
    category: PaperText
    pictogram: SafeString
    organiser: str
    codes: tuple[str, ...]
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Poster:
    language: PaperLanguage
    size: str
    month: dt.date  # its first day
    prison: PaperText
    unit: PaperText
    items: list[PosterItem]
    printed_on: dt.date


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def poster_for(
    *, unit_pk: int, month: dt.date, language: PaperLanguage, size: str = "A4", today: dt.date | None = None
) -> Poster | None:
    """The unit's activities that month, each with its weekdays, times and days; None if the unit is not public."""
    today = today or timezone.localdate()
    first, last = month_bounds(month)
    offer = _unit_offer(unit_pk, first, last, today)
    if offer is None:
        return None
    editions = [edition for _activity, editions in offer.activities for edition in editions]
    sessions = _sessions_by_edition(editions)
    items = []
    for activity, activity_editions in offer.activities:
        in_month = _in_period((s for e in activity_editions for s in sessions[e.pk]), first, last)
        if not in_month:
            continue
        items.append(
            PosterItem(
                title=_text(activity, "title", language),
                category=_text(activity.category, "name", language),
                pictogram=pictogram(activity.category, offer.categories),
                organiser=activity.organiser.display_name,
                codes=tuple(edition.code for edition in activity_editions if sessions[edition.pk]),
                slots=_slots(in_month),
            )
        )
    items.sort(key=lambda item: (item.slots[0].first.weekday(), item.slots[0].starts_at, item.title.text))
    return Poster(
        language=language,
        size=size,
        month=first,
        prison=_text(offer.prison, "name", language),
        unit=_text(offer.unit, "name", language),
        items=items,
        printed_on=today,
    )


# --- the week's sheet -------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekEntry:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: PaperText
    pictogram: SafeString
    is_cancelled: bool


@dataclass(frozen=True)
class WeekDay:
    day: dt.date
    entries: list[WeekEntry]


@dataclass(frozen=True)
class WeekSheet:
    language: PaperLanguage
    monday: dt.date
    prison: PaperText
    unit: PaperText
    days: list[WeekDay]
    printed_on: dt.date

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def is_empty(self) -> bool:
        return not any(day.entries for day in self.days)


def week_sheet_for(
    *, unit_pk: int, monday: dt.date, language: PaperLanguage, today: dt.date | None = None
) -> WeekSheet | None:
    """The unit's sessions of that ISO week day by day (cancelled ones kept, marked); None if not public.

    Monday to Friday always show, even empty (the board then says "no activity" that day);
    Saturday and Sunday only when something happens.
    """
    today = today or timezone.localdate()
    sunday = monday + dt.timedelta(days=6)
    offer = _unit_offer(unit_pk, monday, sunday, today)
    if offer is None:
        return None
    activity_of = {edition.pk: activity for activity, editions in offer.activities for edition in editions}
    sessions = _in_period(public.sessions_of(activity_of), monday, sunday)
    by_day: dict[dt.date, list[WeekEntry]] = defaultdict(list)
    for session in sessions:
        activity = activity_of[session.edition_pk]
        starts = _local(session.starts_at)
        by_day[starts.date()].append(
            WeekEntry(
                starts_at=starts,
                ends_at=_local(session.ends_at),
                title=_text(activity, "title", language),
                pictogram=pictogram(activity.category, offer.categories),
                is_cancelled=session.is_cancelled,
            )
        )
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        if offset < 5 or by_day.get(day):
            days.append(WeekDay(day=day, entries=sorted(by_day.get(day, []), key=lambda e: e.starts_at)))
    return WeekSheet(
        language=language,
        monday=monday,
        prison=_text(offer.prison, "name", language),
        unit=_text(offer.unit, "name", language),
        days=days,
        printed_on=today,
    )


# --- flyers with a tear-off slip --------------------------------------------------------------


@dataclass(frozen=True)
class FlyerEdition:
    code: str
    title: PaperText
    summary: PaperText
    category: PaperText
    pictogram: SafeString
    organiser: str
    starts_on: dt.date
    ends_on: dt.date
    slots: tuple[Slot, ...]  # the weekdays and times it meets (days not listed)
    units: tuple[PaperText, ...]
    languages: tuple[PaperText, ...]
    is_full: bool
    is_cancelled: bool


@dataclass(frozen=True)
class Flyer:
    language: PaperLanguage
    prison: PaperText
    unit: PaperText | None  # a unit's flyer; None for one edition's
    editions: list[FlyerEdition] = field(default_factory=list)
    printed_on: dt.date | None = None


def _flyer_edition(
    activity: PublicActivity,
    edition: PublicEdition,
    sessions: list[PublicSession],
    language: PaperLanguage,
    categories: dict[int, PublicTerm],
    today: dt.date,
) -> FlyerEdition:
    coming = [s for s in sessions if _local(s.starts_at).date() >= today and not s.is_cancelled]
    return FlyerEdition(
        code=edition.code,
        title=_text(activity, "title", language),
        summary=_text(activity, "summary", language),
        category=_text(activity.category, "name", language),
        pictogram=pictogram(activity.category, categories),
        organiser=activity.organiser.display_name,
        starts_on=edition.starts_on,
        ends_on=edition.ends_on,
        slots=_slots(coming),
        units=tuple(_text(unit, "name", language) for unit in edition.units),
        languages=tuple(_text(term, "name", language) for term in activity.languages),
        is_full=edition.state == PublicState.FULL,
        is_cancelled=edition.state == PublicState.CANCELLED,
    )


def edition_flyer_for(*, edition_pk: int, language: PaperLanguage, today: dt.date | None = None) -> Flyer | None:
    """One public edition's flyer, its slip with one tick box; None if the edition is not public."""
    today = today or timezone.localdate()
    found = public.edition_get(edition_pk, today=today)
    if found is None:
        return None
    activity, edition = found
    sessions = _sessions_by_edition([edition])
    return Flyer(
        language=language,
        prison=_text(edition.prison, "name", language),
        unit=None,
        editions=[_flyer_edition(activity, edition, sessions[edition.pk], language, public.category_terms(), today)],
        printed_on=today,
    )


def unit_flyer_for(*, unit_pk: int, language: PaperLanguage, today: dt.date | None = None) -> Flyer | None:
    """Every current and coming public edition of the unit, its slip with a tick box each (cancelled ones left out)."""
    today = today or timezone.localdate()
    offer = _unit_offer(unit_pk, today, None, today)
    if offer is None:
        return None
    editions = [edition for _activity, editions in offer.activities for edition in editions]
    sessions = _sessions_by_edition(editions)
    flyer_editions = [
        _flyer_edition(activity, edition, sessions[edition.pk], language, offer.categories, today)
        for activity, activity_editions in offer.activities
        for edition in activity_editions
        if edition.state != PublicState.CANCELLED
    ]
    flyer_editions.sort(key=lambda e: (e.starts_on, e.title.text))
    return Flyer(
        language=language,
        prison=_text(offer.prison, "name", language),
        unit=_text(offer.unit, "name", language),
        editions=flyer_editions,
        printed_on=today,
    )


# --- the staff page's choices -----------------------------------------------------------------


@dataclass(frozen=True)
class EditionChoice:
    pk: int
    label: str


def edition_choices(*, today: dt.date | None = None) -> list[EditionChoice]:
    """Every public edition, labelled in the reader's language: title, prison, first and last day."""
    choices = []
    for activity in public.offer(today=today):
        for edition in activity.editions:
            label = (
                f"{activity.title} · {edition.prison.name} · "
                f"{edition.starts_on:%d/%m/%Y} – {edition.ends_on:%d/%m/%Y} · {edition.code}"
            )
            choices.append(EditionChoice(pk=edition.pk, label=label))
    return choices


def default_language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in CONTENT_LANGUAGES else settings.LANGUAGE_CODE
