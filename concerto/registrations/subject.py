"""The registrations app's part of the data subject's rights (see ``concerto/privacy/subject.py``):
the person's applications with their history, and the requests to the prison made for them.

Read without the service scoping of ``selectors``: only ``privacy.services`` calls it, for a
privacy officer.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from concerto.core.translation import localised
from concerto.privacy.subject import SubjectField, SubjectItem, SubjectSection, text
from concerto.registrations.models import Application, ApplicationStatus, PrisonRequest


def _applications(subject_id: int):  # type: ignore[no-untyped-def]
    return (
        Application.objects.filter(detainee_id=subject_id)
        .select_related("edition__activity", "edition__prison", "referred_by", "recorded_for", "refusal_reason")
        .order_by("applied_on", "pk")
    )


def _edition_title(application: Application) -> str:
    edition = application.edition
    return _("%(activity)s, %(first)s – %(last)s") % {
        "activity": localised(edition.activity, "title").text,
        "first": text(edition.starts_on),
        "last": text(edition.ends_on),
    }


def _status(value: str) -> str:
    return str(ApplicationStatus(value).label) if value in ApplicationStatus.values else value


def sections(subject_id: int, *, disclosing: frozenset[int]) -> list[SubjectSection]:
    applications = []
    requests = []
    for application in _applications(subject_id):
        history = [
            SubjectItem(
                title=text(entry.history_date),
                fields=[
                    SubjectField("at", _("when"), text(entry.history_date)),
                    SubjectField("status", _("status"), _status(entry.status)),
                    SubjectField("reason", _("reason"), text(entry.history_change_reason)),
                ],
            )
            for entry in application.history.order_by("history_date", "history_id")
        ]
        answers = ", ".join(
            f"{question}: {text(answer)}" for question, answer in (application.checklist_answers or {}).items()
        )
        applications.append(
            SubjectItem(
                title=_edition_title(application),
                fields=[
                    SubjectField("prison", _("prison"), text(application.edition.prison)),
                    SubjectField("status", _("status"), application.get_status_display()),
                    SubjectField("source", _("source"), application.get_source_display()),
                    SubjectField("applied_on", _("application date"), text(application.applied_on)),
                    SubjectField("service", _("service"), text(application.recorded_for)),
                    SubjectField("referred_by", _("referred by"), text(application.referred_by)),
                    SubjectField("priority", _("priority"), text(application.priority)),
                    SubjectField("refusal_reason", _("refusal reason"), text(application.refusal_reason)),
                    SubjectField("checklist_answers", _("checklist answers"), text(answers)),
                    SubjectField("offer_expires_at", _("offer to answer by"), text(application.offer_expires_at)),
                ],
                children=history,
            )
        )
        for request in PrisonRequest.objects.filter(application=application).order_by("requested_on", "pk"):
            requests.append(
                SubjectItem(
                    title=f"{request.get_kind_display()} · {_edition_title(application)}",
                    fields=[
                        SubjectField("kind", _("kind"), request.get_kind_display()),
                        SubjectField("status", _("status"), request.get_status_display()),
                        SubjectField("requested_on", _("requested on"), text(request.requested_on)),
                        SubjectField("answered_on", _("answered on"), text(request.answered_on)),
                    ],
                )
            )
    return [
        SubjectSection("applications", _("Applications and their history"), applications),
        SubjectSection("prison_requests", _("Requests to the prison"), requests),
    ]


def erase(subject_ids: list[int]) -> None:
    """The reasons staff wrote when moving an application are free text: blank them in the history."""
    Application.history.filter(detainee_id__in=subject_ids).exclude(history_change_reason="").exclude(
        history_change_reason__isnull=True
    ).update(history_change_reason="")
