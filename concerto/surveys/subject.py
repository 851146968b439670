"""The surveys app's part of the data subject's rights (see ``concerto/privacy/subject.py``): the
questionnaires the person answered under their name (anonymous ones are linked to nobody).

Read without scoping: only ``privacy.services`` calls it, for a privacy officer.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concerto.privacy.subject import SubjectField, SubjectItem, SubjectSection, text
from concerto.surveys.models import Answer, Response


def _in_language(texts: dict[str, Any] | None) -> str:
    texts = texts or {}
    language = (get_language() or "fr")[:2]
    return str(texts.get(language) or next((value for value in texts.values() if value), ""))


def _answer(answer: Answer) -> str:
    if answer.option is not None:
        label = _in_language(answer.option.label) or answer.option.code
        return f"{label} ({answer.rank})" if answer.rank else label
    if answer.scale_value is not None:
        return str(answer.scale_value)
    return answer.text


def sections(subject_id: int, *, disclosing: frozenset[int]) -> list[SubjectSection]:
    items = []
    for response in Response.objects.filter(detainee_id=subject_id).select_related("campaign").order_by("entered_at"):
        answers = (
            Answer.objects.filter(response=response)
            .select_related("question", "option")
            .order_by("question__section__position", "question__position", "rank", "pk")
        )
        items.append(
            SubjectItem(
                title=f"{response.campaign} · {text(response.entered_at)}",
                fields=[
                    SubjectField("entered_at", _("entered"), text(response.entered_at)),
                    SubjectField("channel", _("channel"), response.get_channel_display()),
                    *[
                        SubjectField(
                            f"answer_{answer.question.code}",
                            _in_language(answer.question.text) or answer.question.code,
                            text(_answer(answer)),
                        )
                        for answer in answers
                    ],
                ],
            )
        )
    return [SubjectSection("survey_responses", _("Questionnaires answered"), items)]


def erase(subject_ids: list[int]) -> None:
    """Free-text answers could identify the person: blanked; the response becomes anonymous.

    Chosen options and scale values stay, so the campaign's results do not change.
    """
    responses = Response.objects.filter(detainee_id__in=subject_ids)
    Answer.objects.filter(response__in=responses).exclude(text="").update(text="")
    responses.update(detainee=None)
