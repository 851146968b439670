"""Writes of questionnaires, their versions, campaigns and responses.

Each service checks permission (``PermissionDenied``) and rules (``ValidationError``, keyed by
field name where one fits), then writes in one transaction. A published version is frozen:
every drafting service locks the version row and refuses to change a version that is not a
draft, so two open tabs cannot slip a change into a version published meanwhile. Editing a
published version means ``version_new_draft``; answers stay tied to the version they answered.

``response_record`` is the single entry path for every channel (paper forms typed in by staff
now, the kiosk later): it validates a whole filled-in form and writes it all, or nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerto.accounts.permissions import Actor
from concerto.catalogue.models import Edition
from concerto.core.translation import localised
from concerto.detainees.models import Detainee
from concerto.detainees.selectors import detainee_by_prison_number
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log
from concerto.reference.models import Category, Language, TargetGroup

from . import permissions
from .models import (
    Answer,
    Campaign,
    Channel,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    Response,
    Section,
    VersionStatus,
    text_in,
)
from .selectors import NumberedQuestion, VersionContent, version_content

logger = logging.getLogger(__name__)

Texts = Mapping[str, str]

CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.THEMES})
# A scale is answered by ticking one value; beyond eleven values (0 to 10) paper forms get unreadable.
SCALE_LOWEST, SCALE_HIGHEST, SCALE_MOST_VALUES = -10, 10, 11
TEXT_MAX_LENGTH = 2000
CAMPAIGN_MAX_DAYS = 366


# --- Helpers ------------------------------------------------------------------------------------


def _language_name(code: str) -> str:
    language = Language.objects.filter(code=code).first()
    return localised(language, "name").text if language is not None else code


def _merge_texts(current: Mapping[str, str], given: Texts | None) -> dict[str, str]:
    """The stored texts with ``given`` applied: blanks erase, other languages' texts stay."""
    merged = dict(current)
    for code, value in (given or {}).items():
        value = (value or "").strip()
        if value:
            merged[code] = value
        else:
            merged.pop(code, None)
    return merged


def frozen_message(version: QuestionnaireVersion) -> str:
    return _("Version %(number)d is published and frozen: make a new version to change it.") % {
        "number": version.number
    }


def _lock_draft(actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Check the actor may build the questionnaire, lock the version row and refuse a frozen one."""
    actor.require(
        permissions.can_build(actor, version.questionnaire),
        _("You may not change this questionnaire."),
    )
    locked = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_frozen:
        raise ValidationError(frozen_message(locked))
    return locked


def _user_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."))
    return actor.user_id


def _next_code(prefix: str, existing: Iterable[str]) -> str:
    taken = set(existing)
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _version_question_codes(version: QuestionnaireVersion, exclude: int | None = None) -> list[str]:
    questions = Question.objects.filter(section__version=version)
    if exclude is not None:
        questions = questions.exclude(pk=exclude)
    return list(questions.values_list("code", flat=True))


def _ordered_questions(version: QuestionnaireVersion) -> list[Question]:
    return list(
        Question.objects.filter(section__version=version)
        .select_related("section")
        .order_by("section__position", "section__pk", "position", "pk")
    )


def _renumber(items: list[Any]) -> None:
    """Positions 1..n in list order, saving only what changed."""
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _move_in(items: list[Any], item: Any, offset: int) -> bool:
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    return True


# --- Questionnaires -------------------------------------------------------------------------------


def _check_languages(codes: Iterable[str]) -> list[str]:
    """The codes in order without repeats; ValidationError when one is unknown or none is given."""
    ordered = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    if not ordered:
        raise ValidationError({"languages": [_("Choose at least one language.")]})
    known = set(Language.objects.filter(code__in=ordered).values_list("code", flat=True))
    unknown = [code for code in ordered if code not in known]
    if unknown:
        raise ValidationError({"languages": [_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}]})
    return ordered


def allowed_organisations(actor: Actor) -> list[Organisation]:
    """The organisations a new questionnaire or campaign of ``actor`` may belong to."""
    ids = permissions.campaign_organisation_ids(actor)
    organisations = Organisation.objects.filter(is_active=True)
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    return list(organisations.order_by("name"))


def _translated_names(data: Mapping[str, Any]) -> dict[str, str]:
    """The Dutch and English names given with a questionnaire or a campaign (French is ``name``)."""
    return {field: (data.get(field) or "").strip()[:200] for field in ("name_nl", "name_en")}


@transaction.atomic
def questionnaire_create(*, actor: Actor, data: Mapping[str, Any]) -> Questionnaire:
    """A questionnaire with its first draft version (one empty section) in the given languages.

    ``data``: purpose, name, organisation, languages (ISO 639 codes), optionally is_anonymous
    and title (texts per language). PermissionDenied for those who may not build it
    (service managers build evaluation questionnaires of their organisation only);
    ValidationError for a missing name or an unknown language.
    """
    actor.require(permissions.can_build_questionnaires(actor), _("You may not build questionnaires."))
    purpose = data.get("purpose") or ""
    actor.require(purpose in permissions.purposes_for(actor), _("You may not build this kind of questionnaire."))
    organisation: Organisation = data["organisation"]
    ids = permissions.campaign_organisation_ids(actor)
    actor.require(ids is None or organisation.pk in ids, _("You may only build questionnaires of your organisation."))
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the questionnaire a name.")]})
    languages = _check_languages(data.get("languages") or [])
    questionnaire = Questionnaire.objects.create(
        purpose=purpose,
        name=name[:200],
        **_translated_names(data),
        organisation=organisation,
        created_by_id=_user_id(actor),
    )
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        languages=languages,
        title=_merge_texts({}, data.get("title")),
        is_anonymous=bool(data.get("is_anonymous", True)),
    )
    Section.objects.create(version=version, position=1)
    logger.info("questionnaire created", extra={"questionnaire": questionnaire.pk, "version": version.pk})
    return questionnaire


# --- Drafting a version ---------------------------------------------------------------------------


@transaction.atomic
def version_update(
    *,
    actor: Actor,
    version: QuestionnaireVersion,
    title: Texts | None = None,
    introduction: Texts | None = None,
    is_anonymous: bool | None = None,
) -> QuestionnaireVersion:
    """Change the title, introduction (per language) or anonymity of a draft version."""
    locked = _lock_draft(actor, version)
    changed = []
    if title is not None:
        locked.title = _merge_texts(locked.title, title)
        changed.append("title")
    if introduction is not None:
        locked.introduction = _merge_texts(locked.introduction, introduction)
        changed.append("introduction")
    if is_anonymous is not None:
        locked.is_anonymous = is_anonymous
        changed.append("is_anonymous")
    if changed:
        locked.save(update_fields=changed)
    return locked


@transaction.atomic
def version_set_languages(
    *, actor: Actor, version: QuestionnaireVersion, languages: Iterable[str]
) -> QuestionnaireVersion:
    """Offer the draft in these languages (known ISO 639 codes, at least one).

    Texts of a language taken off stay stored, out of sight, and come back if it is added again.
    """
    locked = _lock_draft(actor, version)
    locked.languages = _check_languages(languages)
    locked.save(update_fields=["languages"])
    return locked


def version_add_language(*, actor: Actor, version: QuestionnaireVersion, code: str) -> QuestionnaireVersion:
    return version_set_languages(actor=actor, version=version, languages=[*version.languages, code])


def version_remove_language(*, actor: Actor, version: QuestionnaireVersion, code: str) -> QuestionnaireVersion:
    remaining = [language for language in version.languages if language != code]
    if not remaining:
        raise ValidationError({"languages": [_("A questionnaire needs at least one language.")]})
    return version_set_languages(actor=actor, version=version, languages=remaining)


# --- Sections -----------------------------------------------------------------------------------


@transaction.atomic
def section_add(*, actor: Actor, version: QuestionnaireVersion, title: Texts | None = None) -> Section:
    locked = _lock_draft(actor, version)
    last = locked.sections.aggregate(last=Max("position"))["last"] or 0
    return Section.objects.create(version=locked, position=last + 1, title=_merge_texts({}, title))


@transaction.atomic
def section_update(*, actor: Actor, section: Section, title: Texts) -> Section:
    _lock_draft(actor, section.version)
    merged = _merge_texts(section.title, title)
    if merged != section.title:
        section.title = merged
        section.save(update_fields=["title"])
    return section


@transaction.atomic
def section_move(*, actor: Actor, section: Section, offset: int) -> bool:
    """Move the section up (-1) or down (+1) among the version's sections; False at either end."""
    locked = _lock_draft(actor, section.version)
    return _move_in(list(locked.sections.order_by("position", "pk")), section, offset)


def _dependents_outside(questions: list[Question]) -> list[Question]:
    ids = {question.pk for question in questions}
    return list(Question.objects.filter(show_if_question_id__in=ids).exclude(pk__in=ids).order_by("section__position"))


def _dependency_error(dependents: list[Question]) -> ValidationError:
    codes = ", ".join(f"“{text_in(question.text) or question.code}”" for question in dependents)
    return ValidationError(
        _("Other questions are shown only after an answer here (%(questions)s): change their condition first.")
        % {"questions": codes}
    )


@transaction.atomic
def section_delete(*, actor: Actor, section: Section) -> None:
    """Delete a section and its questions; refused while a question elsewhere depends on one of them."""
    locked = _lock_draft(actor, section.version)
    dependents = _dependents_outside(list(section.questions.all()))
    if dependents:
        raise _dependency_error(dependents)
    section.delete()
    _renumber(list(locked.sections.order_by("position", "pk")))


# --- Questions ----------------------------------------------------------------------------------


@transaction.atomic
def question_add(*, actor: Actor, section: Section, kind: str, text: Texts | None = None) -> Question:
    """A new question at the end of ``section``; choice questions start with two empty options."""
    version = _lock_draft(actor, section.version)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Choose a kind of question.")]})
    last = section.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question.objects.create(
        section=section,
        position=last + 1,
        code=_next_code("q", _version_question_codes(version)),
        kind=kind,
        text=_merge_texts({}, text),
        max_choices=3 if kind == QuestionKind.THEMES else 0,
    )
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        for position in (1, 2):
            Option.objects.create(question=question, position=position, code=f"o{position}")
    return question


@dataclass
class QuestionData:
    """What the builder changes on a question; None leaves a value as it is."""

    code: str | None = None
    text: Texts | None = None
    help_text: Texts | None = None
    is_required: bool | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    scale_min_label: Texts | None = None
    scale_max_label: Texts | None = None
    max_choices: int | None = None
    # Conditional display: the option of an earlier question that shows this one; ``condition_set``
    # tells "no condition" (None) apart from "leave the condition as it is".
    show_if_option: Option | None = None
    condition_set: bool = False


def _condition_problem(question: Question, option: Option, ordered: list[Question]) -> str | None:
    """Why ``option`` cannot show ``question``, or None when it can."""
    positions = {candidate.pk: index for index, candidate in enumerate(ordered)}
    source = option.question
    if source.section.version_id != question.section.version_id:
        return _("The condition must be an answer to a question of the same version.")
    if source.pk == question.pk or positions.get(source.pk, -1) >= positions.get(question.pk, -1):
        return _("The condition must be an answer to an earlier question.")
    if source.kind not in CHOICE_KINDS:
        return _("The condition must be a chosen answer (single or multiple choice, or a theme).")
    return None


@transaction.atomic
def question_update(*, actor: Actor, question: Question, data: QuestionData) -> Question:
    """Change a draft's question. ValidationError (by field) for a code already used in the version,
    a scale whose ends are reversed or too far apart, or a condition that is not an earlier answer.
    """
    version = _lock_draft(actor, question.section.version)
    errors: dict[str, list[str]] = {}
    changed: set[str] = set()
    if data.code is not None:
        code = slugify(data.code)[:40]
        if not code:
            errors.setdefault("code", []).append(_("Give a short code (letters, digits, hyphens)."))
        elif code in _version_question_codes(version, exclude=question.pk):
            errors.setdefault("code", []).append(_("Another question of this version has this code."))
        elif code != question.code:
            question.code = code
            changed.add("code")
    for name in ("text", "help_text", "scale_min_label", "scale_max_label"):
        given = getattr(data, name)
        if given is not None:
            merged = _merge_texts(getattr(question, name), given)
            if merged != getattr(question, name):
                setattr(question, name, merged)
                changed.add(name)
    for name in ("is_required", "scale_min", "scale_max", "max_choices"):
        given = getattr(data, name)
        if given is not None and given != getattr(question, name):
            setattr(question, name, given)
            changed.add(name)
    if question.kind == QuestionKind.SCALE:
        if question.scale_min >= question.scale_max:
            errors.setdefault("scale_max", []).append(_("The highest value must be above the lowest."))
        elif question.scale_min < SCALE_LOWEST or question.scale_max > SCALE_HIGHEST:
            errors.setdefault("scale_max", []).append(
                _("The scale goes from %(lowest)d to %(highest)d at most.")
                % {"lowest": SCALE_LOWEST, "highest": SCALE_HIGHEST}
            )
        elif question.scale_max - question.scale_min + 1 > SCALE_MOST_VALUES:
            errors.setdefault("scale_max", []).append(
                _("A scale has at most %(count)d values.") % {"count": SCALE_MOST_VALUES}
            )
    if question.max_choices < 0:
        errors.setdefault("max_choices", []).append(_("Give 0 (no limit) or more."))
    if data.condition_set:
        option = data.show_if_option
        if option is None:
            question.show_if_question = None
            question.show_if_option = None
        else:
            problem = _condition_problem(question, option, _ordered_questions(version))
            if problem:
                errors.setdefault("show_if", []).append(problem)
            question.show_if_question_id = option.question_id
            question.show_if_option = option
        changed.update({"show_if_question", "show_if_option"})
    if errors:
        raise ValidationError(errors)
    if changed:
        question.save(update_fields=sorted(changed))
    return question


@transaction.atomic
def question_move(*, actor: Actor, question: Question, offset: int) -> bool:
    """Move up (-1) or down (+1); past the first or last question of its section it goes to the
    end of the section before, or the start of the section after. False at the version's ends.
    """
    version = _lock_draft(actor, question.section.version)
    siblings = list(question.section.questions.order_by("position", "pk"))
    if _move_in(siblings, question, offset):
        return True
    sections = list(version.sections.order_by("position", "pk"))
    index = next(i for i, section in enumerate(sections) if section.pk == question.section_id)
    target = index + offset
    if not 0 <= target < len(sections):
        return False
    old_section, new_section = question.section, sections[target]
    others = list(new_section.questions.order_by("position", "pk"))
    question.section = new_section
    question.save(update_fields=["section"])
    _renumber([*others, question] if offset < 0 else [question, *others])
    _renumber(list(old_section.questions.order_by("position", "pk")))
    return True


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> None:
    """Delete a question and its options; refused while another question is shown after an answer to it."""
    _lock_draft(actor, question.section.version)
    dependents = _dependents_outside([question])
    if dependents:
        raise _dependency_error(dependents)
    section = question.section
    question.delete()
    _renumber(list(section.questions.order_by("position", "pk")))


# --- Options ------------------------------------------------------------------------------------


def _category_labels(category: Category, languages: Iterable[str]) -> dict[str, str]:
    """The category's names in the version's languages that the taxonomy knows (French, Dutch, English)."""
    labels = {}
    for code in languages:
        name = getattr(category, f"name_{code}", "") if code in ("fr", "nl", "en") else ""
        if name:
            labels[code] = name
    return labels


@transaction.atomic
def option_add(
    *, actor: Actor, question: Question, label: Texts | None = None, category: Category | None = None
) -> Option:
    """A new option at the end. Themes questions take a category of the taxonomy (once each),
    whose names fill the labels in French, Dutch and English; other kinds take none.
    """
    version = _lock_draft(actor, question.section.version)
    if question.kind not in CHOICE_KINDS:
        raise ValidationError(_("Only choice and themes questions have options."))
    if question.kind == QuestionKind.THEMES:
        if category is None:
            raise ValidationError({"category": [_("Choose the theme in the category list.")]})
        if question.options.filter(category=category).exists():
            raise ValidationError({"category": [_("This theme is already in the list.")]})
        code = category.code[:40]
        texts = {**_category_labels(category, version.languages), **_merge_texts({}, label)}
    else:
        if category is not None:
            raise ValidationError({"category": [_("Only themes questions draw on the category list.")]})
        code = _next_code("o", question.options.values_list("code", flat=True))
        texts = _merge_texts({}, label)
    last = question.options.aggregate(last=Max("position"))["last"] or 0
    return Option.objects.create(question=question, position=last + 1, code=code, label=texts, category=category)


@transaction.atomic
def option_update(*, actor: Actor, option: Option, label: Texts) -> Option:
    _lock_draft(actor, option.question.section.version)
    merged = _merge_texts(option.label, label)
    if merged != option.label:
        option.label = merged
        option.save(update_fields=["label"])
    return option


@transaction.atomic
def option_move(*, actor: Actor, option: Option, offset: int) -> bool:
    _lock_draft(actor, option.question.section.version)
    return _move_in(list(option.question.options.order_by("position", "pk")), option, offset)


@transaction.atomic
def option_delete(*, actor: Actor, option: Option) -> None:
    """Delete an option; refused while a question is shown only after this answer."""
    _lock_draft(actor, option.question.section.version)
    dependents = list(Question.objects.filter(show_if_option=option))
    if dependents:
        raise _dependency_error(dependents)
    question = option.question
    option.delete()
    _renumber(list(question.options.order_by("position", "pk")))


# --- Publishing and new versions -------------------------------------------------------------------


def version_problems(content: VersionContent) -> list[str]:
    """What stops the version from being published, in the reader's language (empty: ready)."""
    version = content.version
    problems: list[str] = []
    names = {language.code: localised(language, "name").text for language in content.languages}
    unknown = [code for code in version.languages if code not in names]
    if not version.languages:
        problems.append(_("Choose at least one language."))
    if unknown:
        problems.append(_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)})

    def missing(texts: Mapping[str, str], where: str, *, required: bool = True) -> None:
        if not required and not any((texts.get(code) or "").strip() for code in version.languages):
            return
        absent = [names.get(code, code) for code in version.languages if not (texts.get(code) or "").strip()]
        if absent:
            problems.append(
                _("%(where)s: the text in %(languages)s is missing.") % {"where": where, "languages": ", ".join(absent)}
            )

    missing(version.title, _("Title"))
    missing(version.introduction, _("Introduction"), required=False)
    if not content.questions:
        problems.append(_("The questionnaire has no question yet."))
    for index, block in enumerate(content.sections, start=1):
        where = _("Section %(number)d") % {"number": index}
        missing(block.section.title, where)
        if not block.questions:
            problems.append(_("%(where)s has no question.") % {"where": where})
    for numbered in content.questions:
        problems.extend(_question_problems(numbered, missing))
    return problems


def _question_problems(numbered: NumberedQuestion, missing: Any) -> list[str]:
    question = numbered.question
    where = _("Question %(number)d") % {"number": numbered.number}
    problems: list[str] = []
    missing(question.text, where)
    missing(question.help_text, _("%(where)s, help") % {"where": where}, required=False)
    if question.kind == QuestionKind.SCALE:
        missing(question.scale_min_label, _("%(where)s, label of the lowest value") % {"where": where}, required=False)
        missing(question.scale_max_label, _("%(where)s, label of the highest value") % {"where": where}, required=False)
        if question.scale_min >= question.scale_max:
            problems.append(_("%(where)s: the highest value must be above the lowest.") % {"where": where})
    if question.kind in CHOICE_KINDS and len(numbered.options) < 2:
        problems.append(_("%(where)s needs at least two answers to choose from.") % {"where": where})
    for number, option in enumerate(numbered.options, start=1):
        option_where = _("%(where)s, answer %(number)d") % {"where": where, "number": number}
        missing(option.label, option_where)
        if question.kind == QuestionKind.THEMES and option.category_id is None:
            problems.append(_("%(where)s has no activity theme.") % {"where": option_where})
    if question.show_if_question_id or question.show_if_option_id:
        condition, shown_by = numbered.condition_question, numbered.condition_option
        if (
            condition is None
            or shown_by is None
            or shown_by.question_id != condition.pk
            or condition.number >= numbered.number
            or condition.question.kind not in CHOICE_KINDS
        ):
            problems.append(
                _("%(where)s is shown after an answer that is not an earlier question's answer of this version.")
                % {"where": where}
            )
    return problems


@transaction.atomic
def version_publish(*, actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Publish (and so freeze) a draft. The questionnaire's version published before is retired:
    campaigns running on it go on, new campaigns use this one.

    ValidationError listing every problem (a text missing in a language, a themes answer without
    a category, a condition that is not an earlier answer, a question without answers...).
    """
    locked = _lock_draft(actor, version)
    problems = version_problems(version_content(locked))
    if problems:
        raise ValidationError(problems)
    QuestionnaireVersion.objects.filter(
        questionnaire_id=locked.questionnaire_id, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by_id = actor.user_id
    locked.save(update_fields=["status", "published_at", "published_by"])
    logger.info("questionnaire version published", extra={"version": locked.pk})
    return locked


def _copy_texts(texts: Mapping[str, str]) -> dict[str, str]:
    return dict(texts)


@transaction.atomic
def version_new_draft(*, actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Copy a published (or retired) version into the next number, as a draft ``based_on`` it.

    Refused (ValidationError) for a draft, and while the questionnaire has a draft already.
    """
    actor.require(permissions.can_build(actor, version.questionnaire), _("You may not change this questionnaire."))
    questionnaire = Questionnaire.objects.select_for_update().get(pk=version.questionnaire_id)
    if not version.is_frozen:
        raise ValidationError(_("This version is still a draft: change it directly."))
    draft = questionnaire.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("Version %(number)d is already a draft of this questionnaire: change that one.")
            % {"number": draft.number}
        )
    last = questionnaire.versions.aggregate(last=Max("number"))["last"] or 0
    copy = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=last + 1,
        languages=list(version.languages),
        title=_copy_texts(version.title),
        introduction=_copy_texts(version.introduction),
        is_anonymous=version.is_anonymous,
        based_on=version,
    )
    content = version_content(version)
    new_questions: dict[int, Question] = {}
    new_options: dict[int, Option] = {}
    for block in content.sections:
        section = Section.objects.create(
            version=copy, position=block.section.position, title=_copy_texts(block.section.title)
        )
        for numbered in block.questions:
            old = numbered.question
            question = Question.objects.create(
                section=section,
                position=old.position,
                code=old.code,
                kind=old.kind,
                text=_copy_texts(old.text),
                help_text=_copy_texts(old.help_text),
                is_required=old.is_required,
                scale_min=old.scale_min,
                scale_max=old.scale_max,
                scale_min_label=_copy_texts(old.scale_min_label),
                scale_max_label=_copy_texts(old.scale_max_label),
                max_choices=old.max_choices,
            )
            new_questions[old.pk] = question
            for option in numbered.options:
                new_options[option.pk] = Option.objects.create(
                    question=question,
                    position=option.position,
                    code=option.code,
                    label=_copy_texts(option.label),
                    category_id=option.category_id,
                )
    # Conditions point to the copies, never back into the frozen version.
    for numbered in content.questions:
        old = numbered.question
        if old.show_if_option_id and old.show_if_option_id in new_options:
            question = new_questions[old.pk]
            question.show_if_option = new_options[old.show_if_option_id]
            question.show_if_question = new_questions.get(old.show_if_question_id or 0)
            question.save(update_fields=["show_if_option", "show_if_question"])
    logger.info("questionnaire version drafted", extra={"version": copy.pk, "based_on": version.pk})
    return copy


# --- Campaigns ----------------------------------------------------------------------------------


def _campaign_errors(actor: Actor, data: Mapping[str, Any], campaign: Campaign | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    version: QuestionnaireVersion | None = data.get("version")
    prison: Prison | None = data.get("prison")
    edition: Edition | None = data.get("edition")
    units: list[Unit] = list(data.get("units") or [])
    target_groups: list[TargetGroup] = list(data.get("target_groups") or [])
    starts_on: dt.date | None = data.get("starts_on")
    ends_on: dt.date | None = data.get("ends_on")
    if not (data.get("name") or "").strip():
        add("name", _("Give the campaign a name."))
    if version is None:
        add("version", _("Choose the questionnaire version."))
    else:
        version_changes = campaign is None or campaign.version_id != version.pk
        # Read the status again: the version may have been retired since the form was shown.
        published = QuestionnaireVersion.objects.filter(pk=version.pk, status=VersionStatus.PUBLISHED).exists()
        if version_changes and not published:
            add(
                "version",
                _("Only a published version can be used: version %(number)d is not.") % {"number": version.number},
            )
        if campaign is not None and version_changes and campaign.responses.exists():
            add("version", _("Answers were typed in already: they stay tied to the version they answered."))
    if prison is None:
        add("prison", _("Choose the prison."))
    if starts_on is None:
        add("starts_on", _("Give the first day."))
    if ends_on is None:
        add("ends_on", _("Give the last day."))
    if starts_on and ends_on:
        if ends_on < starts_on:
            add("ends_on", _("The last day comes before the first day."))
        elif (ends_on - starts_on).days + 1 > CAMPAIGN_MAX_DAYS:
            add("ends_on", _("A campaign lasts one year at most."))
    if prison is not None:
        elsewhere = [unit for unit in units if unit.prison_id != prison.pk]
        if elsewhere:
            add(
                "units",
                _("Not in the chosen prison: %(units)s.") % {"units": ", ".join(str(unit) for unit in elsewhere)},
            )
        if edition is not None and edition.prison_id != prison.pk:
            add("edition", _("The edition takes place in another prison."))
    if version is not None and version.questionnaire.purpose == QuestionnairePurpose.NEEDS:
        if not target_groups:
            add("target_groups", _("Choose the target groups the survey is for."))
        if not units:
            add("units", _("Choose the units where the survey is held."))
        if edition is not None:
            add("edition", _("A needs survey is not about one edition."))
    return errors


def _campaign_permission(actor: Actor, data: Mapping[str, Any]) -> None:
    actor.require(permissions.can_run_campaigns(actor), _("You may not run survey campaigns."))
    organisation: Organisation | None = data.get("organisation")
    ids = permissions.campaign_organisation_ids(actor)
    if organisation is None:
        raise ValidationError({"organisation": [_("Choose the organisation that runs the campaign.")]})
    actor.require(ids is None or organisation.pk in ids, _("You may only run campaigns of your organisation."))
    version: QuestionnaireVersion | None = data.get("version")
    if version is not None:
        actor.require(
            permissions.can_use_version_for_campaign(actor, version.questionnaire),
            _("You may not run a campaign with this questionnaire."),
        )


@transaction.atomic
def campaign_create(*, actor: Actor, data: Mapping[str, Any]) -> Campaign:
    """Start a campaign with a published version.

    ``data``: name, version, organisation (whose staff type in the answers), prison, starts_on,
    ends_on, target_groups, units, and for an edition's participant evaluation, edition.
    A needs survey needs target groups and units; an evaluation may be about one edition.
    PermissionDenied for those who may not run it; ValidationError (by field) otherwise.
    """
    _campaign_permission(actor, data)
    errors = _campaign_errors(actor, data, None)
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        name=data["name"].strip()[:200],
        **_translated_names(data),
        version=data["version"],
        organisation=data["organisation"],
        prison=data["prison"],
        edition=data.get("edition"),
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        created_by_id=_user_id(actor),
    )
    campaign.target_groups.set(data.get("target_groups") or [])
    campaign.units.set(data.get("units") or [])
    logger.info("survey campaign created", extra={"campaign": campaign.pk, "version": campaign.version_id})
    return campaign


@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, data: Mapping[str, Any]) -> Campaign:
    """Change a campaign (same rules as ``campaign_create``); its version stays once answers exist."""
    actor.require(permissions.can_manage_campaign(actor, campaign), _("You may not change this campaign."))
    merged = {
        "name": campaign.name,
        "name_nl": campaign.name_nl,
        "name_en": campaign.name_en,
        "version": campaign.version,
        "organisation": campaign.organisation,
        "prison": campaign.prison,
        "edition": campaign.edition,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "target_groups": list(campaign.target_groups.all()),
        "units": list(campaign.units.all()),
        **data,
    }
    _campaign_permission(actor, merged)
    errors = _campaign_errors(actor, merged, campaign)
    if errors:
        raise ValidationError(errors)
    for name in ("version", "organisation", "prison", "edition", "starts_on", "ends_on"):
        setattr(campaign, name, merged[name])
    campaign.name = merged["name"].strip()[:200]
    for column, value in _translated_names(merged).items():
        setattr(campaign, column, value)
    campaign.save()
    campaign.target_groups.set(merged["target_groups"])
    campaign.units.set(merged["units"])
    return campaign


# --- Responses ------------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    """One question's answer as the form gives it, whatever the channel."""

    options: list[int] = field(default_factory=list)  # single and multiple choice: option ids
    ranks: dict[int, int] = field(default_factory=dict)  # themes: option id -> rank (1 = first)
    value: int | None = None  # scale
    text: str = ""  # free text

    @property
    def is_empty(self) -> bool:
        return not self.options and not self.ranks and self.value is None and not self.text.strip()


@dataclass
class ResponseData:
    """A whole filled-in form. ``answers`` maps question ids to what was answered."""

    language: str
    answers: dict[int, AnswerInput] = field(default_factory=dict)
    paper_number: str = ""
    target_group: TargetGroup | None = None
    unit: Unit | None = None
    # For versions that are not anonymous only: the person who answered.
    prison_number: str = ""


def question_key(question: Question | NumberedQuestion) -> str:
    """The error key (and form field prefix) of a question's answer."""
    return f"q{question.pk}"


def _chosen(question: Question, answer: AnswerInput | None) -> set[int]:
    if answer is None:
        return set()
    if question.kind == QuestionKind.THEMES:
        return set(answer.ranks)
    return set(answer.options)


def shown_questions(content: VersionContent, answers: Mapping[int, AnswerInput]) -> set[int]:
    """The questions a respondent is asked, given the answers: conditions point to earlier
    questions, so one pass in order settles them (a question after a hidden one is hidden too).
    """
    shown: set[int] = set()
    for numbered in content.questions:
        question = numbered.question
        if not question.show_if_option_id:
            shown.add(question.pk)
            continue
        source = numbered.condition_question
        if source is None or source.pk not in shown:
            continue
        if question.show_if_option_id in _chosen(source.question, answers.get(source.pk)):
            shown.add(question.pk)
    return shown


def _answer_problems(numbered: NumberedQuestion, answer: AnswerInput) -> list[str]:
    """What is wrong with a given (non-empty) answer to a shown question."""
    question = numbered.question
    kind = question.kind
    own = {option.pk for option in numbered.options}
    problems: list[str] = []
    fits = {
        QuestionKind.SINGLE: not answer.ranks and answer.value is None and not answer.text.strip(),
        QuestionKind.MULTIPLE: not answer.ranks and answer.value is None and not answer.text.strip(),
        QuestionKind.THEMES: not answer.options and answer.value is None and not answer.text.strip(),
        QuestionKind.SCALE: not answer.options and not answer.ranks and not answer.text.strip(),
        QuestionKind.TEXT: not answer.options and not answer.ranks and answer.value is None,
    }
    if not fits[QuestionKind(kind)]:
        return [_("This kind of answer does not fit the question.")]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.THEMES):
        given = list(answer.ranks) if kind == QuestionKind.THEMES else answer.options
        if any(option not in own for option in given):
            problems.append(_("This answer is not one of the question's options."))
        if len(set(given)) != len(given):
            problems.append(_("The same answer is given twice."))
    if kind == QuestionKind.SINGLE and len(answer.options) > 1:
        problems.append(_("Choose one answer only; this form has %(count)d.") % {"count": len(answer.options)})
    if kind == QuestionKind.MULTIPLE and question.max_choices and len(answer.options) > question.max_choices:
        problems.append(
            ngettext(
                "At most %(max)d answer may be chosen; this form has %(count)d.",
                "At most %(max)d answers may be chosen; this form has %(count)d.",
                question.max_choices,
            )
            % {"max": question.max_choices, "count": len(answer.options)}
        )
    if kind == QuestionKind.THEMES:
        problems.extend(_rank_problems(question, answer.ranks))
    if (
        kind == QuestionKind.SCALE
        and answer.value is not None
        and not question.scale_min <= answer.value <= question.scale_max
    ):
        problems.append(
            _("Give a value from %(min)d to %(max)d; this form has %(value)d.")
            % {"min": question.scale_min, "max": question.scale_max, "value": answer.value}
        )
    if kind == QuestionKind.TEXT and len(answer.text) > TEXT_MAX_LENGTH:
        problems.append(_("At most %(count)d characters.") % {"count": TEXT_MAX_LENGTH})
    return problems


def _rank_problems(question: Question, ranks: Mapping[int, int]) -> list[str]:
    values = sorted(ranks.values())
    problems: list[str] = []
    if question.max_choices and len(values) > question.max_choices:
        problems.append(
            ngettext(
                "At most %(max)d theme may be ranked; this form ranks %(count)d.",
                "At most %(max)d themes may be ranked; this form ranks %(count)d.",
                question.max_choices,
            )
            % {"max": question.max_choices, "count": len(values)}
        )
    if any(value < 1 for value in values):
        problems.append(_("Ranks start at 1."))
        return problems
    repeated = sorted({value for value in values if values.count(value) > 1})
    for value in repeated:
        problems.append(_("Rank %(rank)d is given twice: each rank is used once.") % {"rank": value})
    missing = [rank for rank in range(1, len(values) + 1) if rank not in values]
    if missing and not repeated:
        problems.append(
            _("The ranks follow each other from 1 without a gap: rank %(rank)d is missing.") % {"rank": missing[0]}
        )
    return problems


def _paper_number_taken(campaign: Campaign, number: str) -> str | None:
    earlier = Response.objects.filter(campaign=campaign, paper_number=number).first()
    if earlier is None:
        return None
    entered = timezone.localtime(earlier.entered_at)
    return _("Form %(number)s was already typed in on %(day)s at %(time)s.") % {
        "number": number,
        "day": date_format(entered.date(), "SHORT_DATE_FORMAT"),
        "time": date_format(entered, "TIME_FORMAT"),
    }


def _find_detainee(actor: Actor, campaign: Campaign, prison_number: str) -> Detainee | None:
    """The person with exactly this number in the campaign's prison, among those the actor may read or register."""
    return detainee_by_prison_number(actor=actor, prison_id=campaign.prison_id, prison_number=prison_number)


def _header_errors(
    actor: Actor, campaign: Campaign, data: ResponseData, channel: str, errors: dict[str, list[str]]
) -> Detainee | None:
    version = campaign.version

    def add(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if data.language not in version.languages:
        add("language", _("This questionnaire is not offered in this language."))
    number = data.paper_number.strip()
    if channel == Channel.PAPER and not number:
        add("paper_number", _("Type the number written on the paper form."))
    if number:
        taken = _paper_number_taken(campaign, number)
        if taken:
            add("paper_number", taken)
    units = {unit.pk for unit in campaign.units.all()}
    if data.unit is None and units:
        add("unit", _("Choose the unit where the form was filled in."))
    elif data.unit is not None and units and data.unit.pk not in units:
        add("unit", _("This unit is not part of the campaign."))
    groups = {group.pk for group in campaign.target_groups.all()}
    if data.target_group is not None and data.target_group.pk not in groups:
        add("target_group", _("This target group is not part of the campaign."))
    prison_number = data.prison_number.strip()
    if version.is_anonymous:
        if prison_number:
            add("prison_number", _("This questionnaire is anonymous: no person may be linked to the answers."))
        return None
    if not prison_number:
        add("prison_number", _("This questionnaire is not anonymous: type the prison number of the person."))
        return None
    detainee = _find_detainee(actor, campaign, prison_number)
    if detainee is None:
        add("prison_number", _("Nobody you may see has this prison number in the campaign's prison."))
    return detainee


def response_problems(content: VersionContent, answers: Mapping[int, AnswerInput]) -> dict[str, list[str]]:
    """The answers' problems by question key (``q<id>``); NON_FIELD_ERRORS for the form as a whole."""
    errors: dict[str, list[str]] = {}
    known = {numbered.pk for numbered in content.questions}
    strangers = [pk for pk in answers if pk not in known]
    if strangers:
        errors[NON_FIELD_ERRORS] = [_("Some answers are to questions of another questionnaire version.")]
    shown = shown_questions(content, answers)
    given = {pk for pk, answer in answers.items() if not answer.is_empty}
    if not given & known:
        errors.setdefault(NON_FIELD_ERRORS, []).append(_("The form is empty: no question is answered."))
    for numbered in content.questions:
        question = numbered.question
        answer = answers.get(question.pk)
        empty = answer is None or answer.is_empty
        key = question_key(question)
        if question.pk not in shown:
            if not empty:
                source, option = numbered.condition_question, numbered.condition_option
                errors.setdefault(key, []).append(
                    _(
                        "This question is only for those who answered “%(option)s” to question %(number)d, "
                        "and this form does not: leave it empty or correct question %(number)d."
                    )
                    % {
                        "option": text_in(option.label) if option else "?",
                        "number": source.number if source else 0,
                    }
                )
            continue
        if empty:
            if question.is_required:
                errors.setdefault(key, []).append(_("This question must be answered."))
            continue
        assert answer is not None  # noqa: S101 - narrows the type for mypy
        problems = _answer_problems(numbered, answer)
        if problems:
            errors.setdefault(key, []).extend(problems)
    return errors


def _answer_rows(numbered: NumberedQuestion, answer: AnswerInput) -> list[Answer]:
    question = numbered.question
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [Answer(question=question, option_id=option) for option in answer.options]
    if question.kind == QuestionKind.THEMES:
        return [
            Answer(question=question, option_id=option, rank=rank)
            for option, rank in sorted(answer.ranks.items(), key=lambda item: item[1])
        ]
    if question.kind == QuestionKind.SCALE:
        return [Answer(question=question, scale_value=answer.value)]
    return [Answer(question=question, text=answer.text.strip())]


@transaction.atomic
def response_record(*, actor: Actor, campaign: Campaign, data: ResponseData, channel: str = Channel.PAPER) -> Response:
    """Record one filled-in form of ``campaign``, whatever the channel; all of it or nothing.

    Validates completely first: the form's language is one of the version's; a paper form has a
    number not typed in before in this campaign; the unit and target group are the campaign's;
    required questions are answered unless their condition hides them; an answer to a hidden
    question is refused as contradictory; single choice has one option, multiple choice at most
    ``max_choices``, themes are ranked 1..n without gap or repeat (at most ``max_choices``), a
    scale value lies within its bounds, and every option belongs to its question. A person is
    linked only when the version is not anonymous, found through the scoped detainee selectors
    (and the access is logged). PermissionDenied for those who may not type in this campaign's
    answers; ValidationError keyed by field (``q<id>`` for questions) with every problem found.
    """
    actor.require(permissions.can_enter_responses(actor, campaign), _("You may not type in answers of this campaign."))
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    version = campaign.version
    content = version_content(version)
    errors: dict[str, list[str]] = {}
    detainee = _header_errors(actor, campaign, data, channel, errors)
    for key, messages in response_problems(content, data.answers).items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                campaign=campaign,
                version=version,
                channel=channel,
                language=data.language,
                target_group=data.target_group,
                unit=data.unit,
                detainee=detainee,
                paper_number=data.paper_number.strip()[:40],
                entered_by_id=actor.user_id,
            )
    except IntegrityError as error:
        # Another person typed in the same form number at the same moment.
        raise ValidationError(
            {"paper_number": [_paper_number_taken(campaign, data.paper_number.strip()) or str(error)]}
        ) from error
    rows: list[Answer] = []
    for numbered in content.questions:
        answer = data.answers.get(numbered.pk)
        if answer is not None and not answer.is_empty:
            for row in _answer_rows(numbered, answer):
                row.response = response
                rows.append(row)
    Answer.objects.bulk_create(rows)
    if detainee is not None:
        access_log(
            actor=actor,
            action=AccessAction.CREATE,
            purpose=AccessPurpose.SURVEY,
            subject=detainee,
            detail=f"survey response {response.pk} (campaign {campaign.pk})",
        )
    logger.info(
        "survey response recorded",
        extra={"campaign": campaign.pk, "response": response.pk, "channel": channel, "answers": len(rows)},
    )
    return response
