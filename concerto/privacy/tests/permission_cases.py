"""Permission matrix entries for the access log (administrators and privacy officers) and the
privacy officer's pages about one person's data (privacy officers only: not a service role, it
opens no detainee page, but answers the person's own requests). A service's disclosure policy is
its managers'."""

from __future__ import annotations

from concerto.testing.factories import DetaineeFactory
from tests.test_permission_matrix import NOT_ALLOWED, NOT_FOUND, REDIRECT, Case, World, everyone, only

AUDITORS = {"administrator", "privacy_officer"}
OFFICER = {"privacy_officer"}


def build(world: World) -> None:
    world.extra["subject"] = DetaineeFactory(prison_id=world.prison_id, prison_number="SUBJ-1").pk
    world.extra["to_erase"] = DetaineeFactory(prison_id=world.prison_id).pk


def cases() -> list[Case]:
    fr = "/fr/privacy"

    def subject(w: World) -> str:
        return f"{fr}/subjects/{w.extra['subject']}/"

    return [
        Case("privacy:access_log", lambda w: f"{fr}/access-log/", only(AUDITORS)),
        Case("privacy:access_log", lambda w: f"{fr}/access-log/?at_night=on&min_count=2", only(AUDITORS)),
        Case("privacy:unusual_reading", lambda w: f"{fr}/access-log/unusual/", only(AUDITORS)),
        # The audit trail: privacy officers (and superusers, tested in test_audit_trail.py); not
        # the administrator role, whose grants and unlocks it records.
        Case("privacy:audit_trail", lambda w: f"{fr}/audit-trail/", only(OFFICER)),
        Case("privacy:audit_trail", lambda w: f"{fr}/audit-trail/?kind=export&since=2026-01-01", only(OFFICER)),
        Case("privacy:audit_trail_csv", lambda w: f"{fr}/audit-trail/export.csv", only(OFFICER)),
        Case("privacy:audit_trail_csv", lambda w: f"{fr}/audit-trail/export.csv", everyone(NOT_ALLOWED), "post"),
        Case("privacy:subject_search", lambda w: f"{fr}/subjects/", only(OFFICER)),
        Case("privacy:subject_search", lambda w: f"{fr}/subjects/?q=SUBJ-1", only(OFFICER)),
        Case("privacy:subject_detail", subject, only(OFFICER)),
        Case("privacy:subject_detail", lambda w: f"{fr}/subjects/999999/", only(OFFICER, yes=NOT_FOUND)),
        Case("privacy:subject_export_pdf", lambda w: f"{subject(w)}export.pdf", only(OFFICER)),
        Case("privacy:subject_export_json", lambda w: f"{subject(w)}export.json", only(OFFICER)),
        Case("privacy:subject_erase", lambda w: f"{subject(w)}anonymise/", only(OFFICER)),
        # Without a reason and the confirmation, the form comes back with its errors.
        Case("privacy:subject_erase", lambda w: f"{subject(w)}anonymise/", only(OFFICER), "post", {}),
        Case(
            "privacy:subject_erase",
            lambda w: f"{fr}/subjects/{w.extra['to_erase']}/anonymise/",
            only(OFFICER, yes=REDIRECT),
            "post",
            {"reason": "GDPR art. 17.1.a", "confirm": "on"},
        ),
        Case("privacy:subject_erase", lambda w: f"{subject(w)}anonymise/", everyone(NOT_ALLOWED), "put"),
        Case("privacy:disclosure", lambda w: f"{fr}/disclosure/", only({"service_manager"})),
        Case(
            "privacy:disclosure",
            lambda w: f"{fr}/disclosure/",
            only({"service_manager"}, yes=REDIRECT),
            "post",
            lambda w: {"organisation": w.organisation_id, "disclose_contents": "on"},
        ),
    ]
