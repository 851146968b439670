"""The attendance app's part of the data subject's rights (see ``concerto/privacy/subject.py``):
the sessions the person attended or missed, and the feedback interviews after a dropout.

Interview notes are covered by professional secrecy: they are given only when the interviewer's
service agreed (``disclosing``); otherwise the interview is listed with its dates, status and
service. Read without the service scoping of ``selectors``: only ``privacy.services`` calls it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from concerto.attendance.models import Attendance, DropoutReason, FeedbackInterview
from concerto.core.translation import localised
from concerto.privacy.subject import SubjectField, SubjectItem, SubjectSection, text


def _reasons(codes: list[str]) -> str:
    labels = dict(DropoutReason.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


def sections(subject_id: int, *, disclosing: frozenset[int]) -> list[SubjectSection]:
    attendances = [
        SubjectItem(
            title=f"{text(row.session.starts_at)} · {localised(row.session.edition.activity, 'title').text}",
            fields=[
                SubjectField("session", _("session"), text(row.session.starts_at)),
                SubjectField("status", _("attendance"), row.get_status_display()),
                SubjectField("reason", _("reason"), text(row.reason)),
                SubjectField("minutes_late", _("minutes late"), text(row.minutes_late)),
            ],
        )
        for row in Attendance.objects.filter(application__detainee_id=subject_id)
        .select_related("session__edition__activity", "reason")
        .order_by("session__starts_at", "pk")
    ]
    interviews = []
    for interview in (
        FeedbackInterview.objects.filter(application__detainee_id=subject_id)
        .select_related("organisation", "application__edition__activity")
        .order_by("pk")
    ):
        shown = interview.organisation_id in disclosing
        interviews.append(
            SubjectItem(
                title=_("Feedback interview · %(activity)s")
                % {"activity": localised(interview.application.edition.activity, "title").text},
                fields=[
                    SubjectField("service", _("service"), text(interview.organisation)),
                    SubjectField("status", _("status"), interview.get_status_display()),
                    SubjectField("planned_on", _("planned on"), text(interview.planned_on)),
                    SubjectField("held_on", _("held on"), text(interview.held_on)),
                    *(
                        [
                            SubjectField("reasons", _("reasons"), text(_reasons(interview.reasons))),
                            SubjectField("notes", _("notes"), text(interview.notes)),
                        ]
                        if shown
                        else []
                    ),
                ],
                withheld=not shown,
            )
        )
    return [
        SubjectSection("attendance", _("Attendance"), attendances),
        SubjectSection("feedback_interviews", _("Feedback interviews"), interviews),
    ]


def erase(subject_ids: list[int]) -> None:
    """Interview notes are free text about the person: blanked. Statuses and reasons stay for statistics."""
    FeedbackInterview.objects.filter(application__detainee_id__in=subject_ids).exclude(notes="").update(notes="")
