"""The questionnaire builder: questionnaires, their versions, drafting, preview, publishing.

The builder of a draft is one page and one form: every button (add, move, delete, add a
language) first saves what was typed in every language, then does its own step, so nothing
typed is lost and the page works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import Actor, actor_for
from concerto.core.forms import add_service_errors
from concerto.reference.models import Category, Language

from .. import permissions, selectors, services
from ..forms import OptionForm, QuestionForm, QuestionnaireForm, SectionForm, VersionForm, language_label
from ..models import QuestionKind, QuestionnaireVersion, VersionStatus
from ..selectors import NumberedQuestion, VersionContent


def _builder_actor(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    actor.require(
        permissions.can_build_questionnaires(actor), _("Only coordinators and service managers build questionnaires.")
    )
    return actor


# --- Questionnaires -------------------------------------------------------------------------------


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    actor = _builder_actor(request)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {"questionnaires": selectors.questionnaire_list(actor=actor)},
    )


@login_required
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    actor = _builder_actor(request)
    form = QuestionnaireForm(
        request.POST or None,
        purposes=permissions.purposes_for(actor),
        organisations=services.allowed_organisations(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(actor=actor, data=form.questionnaire_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The questionnaire was created: build its first version."))
            return redirect("surveys:version_builder", pk=questionnaire.versions.get().pk)
    return render(request, "surveys/questionnaire_form.html", {"form": form})


@login_required
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _builder_actor(request)
    questionnaire = selectors.questionnaire_get(actor=actor, pk=pk)
    versions = list(selectors.version_list(questionnaire=questionnaire))
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "versions": versions,
            "may_build": permissions.can_build(actor, questionnaire),
            "has_draft": any(version.status == VersionStatus.DRAFT for version in versions),
            "may_run": permissions.can_run_campaigns(actor)
            and permissions.can_use_version_for_campaign(actor, questionnaire),
        },
    )


# --- The builder of a draft -----------------------------------------------------------------------


class Builder:
    """Every form of the builder page, bound together to one POST."""

    def __init__(self, data: QueryDict | None, content: VersionContent) -> None:
        languages = content.languages
        self.content = content
        self.languages = languages
        self.version_form = VersionForm(data, prefix="v", version=content.version, languages=languages)
        self.sections: list[tuple[SectionForm, list[tuple[QuestionForm, list[OptionForm]]]]] = []
        earlier: list[NumberedQuestion] = []
        for number, block in enumerate(content.sections, start=1):
            questions = []
            for numbered in block.questions:
                question_form = QuestionForm(
                    data, prefix=f"q{numbered.pk}", numbered=numbered, earlier=list(earlier), languages=languages
                )
                option_forms = [
                    OptionForm(
                        data,
                        prefix=f"o{option.pk}",
                        option=option,
                        number=index,
                        question_number=numbered.number,
                        languages=languages,
                    )
                    for index, option in enumerate(numbered.options, start=1)
                ]
                questions.append((question_form, option_forms))
                earlier.append(numbered)
            section_form = SectionForm(
                data, prefix=f"s{block.section.pk}", section=block.section, number=number, languages=languages
            )
            self.sections.append((section_form, questions))

    @property
    def forms(self) -> list[Any]:
        every: list[Any] = [self.version_form]
        for section_form, questions in self.sections:
            every.append(section_form)
            for question_form, option_forms in questions:
                every.append(question_form)
                every.extend(option_forms)
        return every

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms])  # noqa: C419 - every form validates, for its errors

    @property
    def errors(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every error, for the summary at the top."""
        found = []
        for form in self.forms:
            for message in form.non_field_errors():
                found.append(("", "", message))
            for name, errors in form.errors.items():
                if name == "__all__":
                    continue
                bound = form[name]
                for message in errors:
                    found.append((bound.id_for_label, str(bound.label), message))
        return found

    def save(self, actor: Actor) -> None:
        """Save what changed through the services; ValidationError after attaching every refusal."""
        version = self.content.version
        failed = False
        languages = self.languages

        def attempt(form: Any, write: Callable[[], object]) -> None:
            nonlocal failed
            try:
                write()
            except ValidationError as error:
                add_service_errors(form, error)
                failed = True

        form = self.version_form
        if form.has_changed():
            attempt(
                form,
                lambda: services.version_update(
                    actor=actor,
                    version=version,
                    title=form.texts("title", languages),
                    introduction=form.texts("introduction", languages),
                    is_anonymous=form.cleaned_data["is_anonymous"],
                ),
            )
        for section_form, questions in self.sections:
            if section_form.has_changed():
                attempt(
                    section_form,
                    lambda f=section_form: services.section_update(  # type: ignore[misc]
                        actor=actor, section=f.section, title=f.texts("title", languages)
                    ),
                )
            for question_form, option_forms in questions:
                if question_form.has_changed():
                    attempt(
                        question_form,
                        lambda f=question_form: services.question_update(  # type: ignore[misc]
                            actor=actor, question=f.question, data=f.question_data(languages)
                        ),
                    )
                for option_form in option_forms:
                    if option_form.has_changed():
                        attempt(
                            option_form,
                            lambda f=option_form: services.option_update(  # type: ignore[misc]
                                actor=actor, option=f.option, label=f.texts("label", languages)
                            ),
                        )
        if failed:
            raise ValidationError(_("Nothing was saved: correct the errors first."))


def _step(actor: Actor, op: str, post: QueryDict, content: VersionContent) -> str:
    """Do the builder step named by the button (``name`` or ``name:id``); return the anchor to show."""
    name, _sep, raw = op.partition(":")
    ident = int(raw) if raw.isdigit() else 0
    version = content.version
    sections = {block.section.pk: block.section for block in content.sections}
    questions = {numbered.pk: numbered.question for numbered in content.questions}
    options = {pk: option for pk, (_q, option) in content.option_index.items()}
    if name == "language_add":
        code = post.get("new_language", "")
        services.version_add_language(actor=actor, version=version, code=code)
        return "languages"
    if name == "language_remove":
        services.version_remove_language(actor=actor, version=version, code=raw)
        return "languages"
    if name == "section_add":
        return f"s{services.section_add(actor=actor, version=version).pk}"
    if name in ("section_up", "section_down", "section_delete") and ident in sections:
        section = sections[ident]
        if name == "section_delete":
            services.section_delete(actor=actor, section=section)
            return "sections"
        services.section_move(actor=actor, section=section, offset=-1 if name == "section_up" else 1)
        return f"s{section.pk}"
    if name == "question_add" and ident in sections:
        question = services.question_add(actor=actor, section=sections[ident], kind=post.get(f"kind_{ident}", ""))
        return f"q{question.pk}"
    if name in ("question_up", "question_down", "question_delete") and ident in questions:
        question = questions[ident]
        if name == "question_delete":
            section_pk = question.section_id
            services.question_delete(actor=actor, question=question)
            return f"s{section_pk}"
        services.question_move(actor=actor, question=question, offset=-1 if name == "question_up" else 1)
        return f"q{question.pk}"
    if name == "option_add" and ident in questions:
        return f"o{services.option_add(actor=actor, question=questions[ident]).pk}"
    if name == "theme_add" and ident in questions:
        raw_category = post.get(f"category_{ident}", "")
        category = Category.objects.filter(pk=int(raw_category)).first() if raw_category.isdigit() else None
        return f"o{services.option_add(actor=actor, question=questions[ident], category=category).pk}"
    if name in ("option_up", "option_down", "option_delete") and ident in options:
        option = options[ident]
        if name == "option_delete":
            question_pk = option.question_id
            services.option_delete(actor=actor, option=option)
            return f"q{question_pk}"
        services.option_move(actor=actor, option=option, offset=-1 if name == "option_up" else 1)
        return f"o{option.pk}"
    return "top"


def _builder_url(version: QuestionnaireVersion, anchor: str) -> str:
    return f"{reverse('surveys:version_builder', args=[version.pk])}#{anchor}"


@login_required
def version_builder(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _builder_actor(request)
    version = selectors.version_get(actor=actor, pk=pk)
    actor.require(permissions.can_build(actor, version.questionnaire), _("You may not change this questionnaire."))
    if version.is_frozen:
        messages.info(request, services.frozen_message(version))
        return redirect("surveys:version_preview", pk=version.pk)
    content = selectors.version_content(version)
    builder = Builder(request.POST if request.method == "POST" else None, content)
    if request.method == "POST" and builder.is_valid():
        op = request.POST.get("op", "save")
        try:
            with transaction.atomic():
                builder.save(actor)
        except ValidationError:
            pass  # every refusal is shown next to its field; nothing was saved
        else:
            if op == "publish":
                return _publish(request, actor, version)
            anchor = "top"
            try:
                anchor = _step(actor, op, request.POST, content)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                if op == "save":
                    messages.success(request, _("Saved."))
            return HttpResponseRedirect(_builder_url(version, anchor))
    return render(
        request,
        "surveys/version_builder.html",
        {
            "questionnaire": version.questionnaire,
            "version": version,
            "content": content,
            "builder": builder,
            "problems": services.version_problems(content),
            "addable_languages": [
                (language.code, language_label(language)) for language in selectors.addable_languages(version)
            ],
            "kinds": QuestionKind.choices,
            "categories": selectors.theme_categories(),
        },
    )


def _publish(request: HttpRequest, actor: Actor, version: QuestionnaireVersion) -> HttpResponse:
    """Publish once what was typed is saved; refused, the builder shows what is missing."""
    try:
        services.version_publish(actor=actor, version=version)
    except ValidationError:
        messages.error(request, _("This version cannot be published yet: see what is missing below."))
        return HttpResponseRedirect(_builder_url(version, "problems"))
    messages.success(
        request, _("Version %(number)d is published and frozen; campaigns can use it.") % {"number": version.number}
    )
    return redirect("surveys:questionnaire_detail", pk=version.questionnaire_id)


@login_required
def version_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a respondent reads it, in one of its languages (right to left where it is written so)."""
    actor = _builder_actor(request)
    version = selectors.version_get(actor=actor, pk=pk)
    content = selectors.version_content(version)
    code = request.GET.get("lang", "")
    language = content.language(code) or (content.languages[0] if content.languages else None)
    if language is None:
        language = Language(code=code or "fr", name_fr=code or "fr")
    return render(
        request,
        "surveys/version_preview.html",
        {
            "questionnaire": version.questionnaire,
            "version": version,
            "content": content,
            "language": language,
            "may_build": permissions.can_build(actor, version.questionnaire),
            "language_choices": [(item, language_label(item)) for item in content.languages],
        },
    )


@login_required
@require_POST
def version_new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _builder_actor(request)
    version = selectors.version_get(actor=actor, pk=pk)
    try:
        draft = services.version_new_draft(actor=actor, version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("surveys:questionnaire_detail", pk=version.questionnaire_id)
    messages.success(
        request,
        _("Version %(number)d is a copy of version %(source)d: change it, then publish it.")
        % {"number": draft.number, "source": version.number},
    )
    return redirect("surveys:version_builder", pk=draft.pk)
