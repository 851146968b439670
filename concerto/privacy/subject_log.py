"""The privacy app's own part of the data subject's rights: who consulted the person's data, when
and why (the access log), and the requests they made.

The export gives the dates, actions and purposes of the consultations, not the staff's names:
the person's right is to know that and why their data was read (CJEU, C-579/21, Pankki S);
the privacy officer sees the names on the access-log page if a complaint needs them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from concerto.privacy.models import PersonalDataAccess, SubjectRequest
from concerto.privacy.services import access_log_rewrite_allowed
from concerto.privacy.subject import SubjectField, SubjectItem, SubjectSection, text

PERSON_TYPE = "detainees.detainee"


def sections(subject_id: int, *, disclosing: frozenset[int]) -> list[SubjectSection]:
    accesses = [
        SubjectItem(
            title=text(entry.at),
            fields=[
                SubjectField("at", _("when"), text(entry.at)),
                SubjectField("action", _("what"), entry.get_action_display()),
                SubjectField("purpose", _("why"), entry.get_purpose_display()),
                SubjectField("records", _("records"), text(entry.count)),
            ],
        )
        for entry in PersonalDataAccess.objects.filter(subject_type=PERSON_TYPE).about(subject_id).order_by("at", "pk")
    ]
    requests = [
        SubjectItem(
            title=f"{request.get_kind_display()} · {text(request.handled_at)}",
            fields=[
                SubjectField("kind", _("request"), request.get_kind_display()),
                SubjectField("handled_at", _("handled"), text(request.handled_at)),
                SubjectField("reason", _("reason"), text(request.reason)),
            ],
        )
        for request in SubjectRequest.objects.filter(subject_type=PERSON_TYPE, subject_id=subject_id).order_by(
            "handled_at", "pk"
        )
    ]
    return [
        SubjectSection("access_log", _("Who consulted this data, when and why"), accesses),
        SubjectSection("requests", _("Requests of the person about their data"), requests),
    ]


def erase(subject_ids: list[int]) -> None:
    """The entries about the person stay (accountability: who read what, when), by record number
    only; their ``detail`` (which session, which list) is blanked so nothing ties them to a day's
    events. The log is append-only on PostgreSQL: this is one of the two writers allowed through.
    """
    with access_log_rewrite_allowed():
        for subject_id in subject_ids:
            PersonalDataAccess.objects.filter(subject_type=PERSON_TYPE).about(subject_id).exclude(detail="").update(
                detail=""
            )
