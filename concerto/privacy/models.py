"""The log of every access to personal data: who, when, what, why."""

from __future__ import annotations

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported or printed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    IMPORT = "import", _("Imported")
    ANONYMISE = "anonymise", _("Anonymised")


class AccessPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration and screening")
    # Finding someone the service does not follow yet (a short match: name, number, unit).
    SEARCH_TO_REGISTER = "search_to_register", _("Search to register")
    ATTENDANCE = "attendance", _("Attendance")
    FOLLOW_UP = "follow_up", _("Follow-up")
    PRISON_LISTS = "prison_lists", _("Lists for the prison")
    CERTIFICATE = "certificate", _("Certificate")
    IMPORT = "import", _("Import of the prison's list")
    RETENTION = "retention", _("Retention rule")
    SURVEY = "survey", _("Surveys and evaluations")
    ADMINISTRATION = "administration", _("Administration")
    SUBJECT_ACCESS = "subject_access", _("Subject access request")
    SUBJECT_ERASURE = "subject_erasure", _("Erasure on request")


class PersonalDataAccessQuerySet(models.QuerySet["PersonalDataAccess"]):
    def about(self, subject_id: int) -> PersonalDataAccessQuerySet:
        """The accesses to this record: alone, or among the people of a list (``subject_ids``)."""
        if connections[self.db].vendor == "postgresql":
            listed = Q(subject_ids__contains=[subject_id])  # jsonb @>, with a GIN index
        else:  # SQLite's JSON1 (development): a scan, fine at that size
            listed = Q(
                pk__in=RawSQL(
                    "SELECT a.id FROM privacy_personaldataaccess a, json_each(a.subject_ids) "
                    "WHERE json_each.value = %s",
                    [subject_id],
                )
            )
        return self.filter(Q(subject_id=subject_id) | listed)

    def named_ids(self) -> set[int]:
        """Every record these accesses name, alone or in a list."""
        named: set[int] = set()
        for subject_id, subject_ids in self.values_list("subject_id", "subject_ids"):
            named.update([subject_id] if subject_id is not None else subject_ids)
        return named


class PersonalDataAccess(models.Model):
    """One access to one person's data (``subject_id``), or to a list of people: then one row
    names them all (``subject_ids``, ``count`` of them), so a list page shown to a hundred users
    writes a hundred rows, not a hundred per person. ``about(id)`` finds both kinds.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("what"), max_length=20, choices=AccessAction.choices)
    purpose = models.CharField(_("why"), max_length=20, choices=AccessPurpose.choices)
    subject_type = models.CharField(_("record type"), max_length=40)
    subject_id = models.BigIntegerField(_("record"), null=True, blank=True)
    count = models.PositiveIntegerField(_("records"), default=1)
    subject_ids = models.JSONField(_("records shown"), default=list, blank=True)

    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ("-at",)
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="access_subject"),
            models.Index(fields=["user", "at"], name="access_user_at"),
        ]  # On PostgreSQL, migration 0003 adds a GIN index on subject_ids (jsonb_path_ops).

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_id} {self.action} {self.subject_type}#{self.subject_id}"


class SubjectRequestKind(models.TextChoices):
    ACCESS = "access", _("Access (GDPR art. 15)")
    ERASURE = "erasure", _("Erasure or anonymisation (GDPR art. 17)")


class SubjectRequest(models.Model):
    """A request a person made about their own data, as the privacy officer answered it.

    Who answered, when, what and why; the person only by record number (never their name: after
    an erasure this row must not identify them again). ``reason`` is the officer's wording of the
    ground (e.g. "art. 17.1.a, no longer necessary"); the form asks for no names.
    """

    kind = models.CharField(_("request"), max_length=20, choices=SubjectRequestKind.choices)
    subject_type = models.CharField(_("record type"), max_length=40, default="detainees.detainee")
    subject_id = models.BigIntegerField(_("record"))
    reason = models.TextField(_("reason"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), auto_now_add=True)

    class Meta:
        verbose_name = _("subject request")
        verbose_name_plural = _("subject requests")
        ordering = ("-handled_at", "-pk")

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}#{self.subject_id}"


class DisclosurePolicy(models.Model):
    """Whether a service agrees that the contents of its notes and interviews go into a subject-access
    export. Absent means no: professional secrecy is the default, and the export then lists such
    records as existing (date, service) without their contents."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="disclosure_policy",
    )
    disclose_contents = models.BooleanField(
        _("disclose contents in subject access"),
        default=False,
        help_text=_(
            "When ticked, the texts of this service's notes and feedback interviews are given to the person "
            "who asks for their data. Otherwise the export says that they exist, with their date and service."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("disclosure policy")
        verbose_name_plural = _("disclosure policies")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.disclose_contents}"


# --- The audit trail of privileged actions -------------------------------------------------


class AuditKind(models.TextChoices):
    USER_CREATED = "user_created", _("Account created")
    USER_PRIVILEGES_CHANGED = "user_privileges_changed", _("Staff or superuser status changed")
    USER_PERMISSIONS_CHANGED = "user_permissions_changed", _("Groups or permissions changed")
    USER_DEACTIVATED = "user_deactivated", _("Account deactivated")
    USER_REACTIVATED = "user_reactivated", _("Account reactivated")
    USER_DELETED = "user_deleted", _("Account deleted")
    USER_PASSWORD_SET = "user_password_set", _("Password set by an administrator")
    MEMBERSHIP_GRANTED = "membership_granted", _("Role granted")
    MEMBERSHIP_CHANGED = "membership_changed", _("Role changed")
    MEMBERSHIP_REVOKED = "membership_revoked", _("Role withdrawn")
    API_TOKEN_CREATED = "api_token_created", _("API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    FEED_ADDRESS_RENEWED = "feed_address_renewed", _("Private calendar address renewed")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset by an administrator")
    LOCKOUT_UNLOCKED = "lockout_unlocked", _("Sign-in block lifted")
    EXPORT = "export", _("Export of personal data")
    IMPORT_APPLIED = "import_applied", _("Prison list import applied")
    IMPORT_FAILED = "import_failed", _("Prison list import failed")


# The exports of personal data that the trail records, by code (``detail["export"]``).
EXPORT_NAMES = {
    "participant_list": _("Participant list of a session"),
    "movement_list": _("Movement list of a day"),
    "certificate": _("Certificate of participation"),
    "survey_results": _("Survey results"),
    "survey_answers": _("Survey answers"),
    "activity_report": _("Yearly activity report"),
    "coverage": _("Coverage analysis"),
    "subject_access": _("Subject-access export"),
    "audit_trail": _("Audit trail"),
    "prison_requests": _("Requests to the prison"),
}


class AuditEntry(models.Model):
    """One privileged action: who did it, when, what, to what, for which organisation.

    The actor is kept as an id and a copy of their user name (``actor_username``), without a
    database constraint, so the entry keeps telling who acted after the account is deactivated,
    renamed or deleted. ``target`` is a short description (a user name, "API token abc1…", an
    export's title) and never names a detainee: people are given by record number only
    (``target_type``, ``target_id``). ``detail`` is a small JSON object of codes and counts
    (``services.audit_record`` refuses anything else). On PostgreSQL the table is append-only
    (migration 0008): only the retention purge deletes from it.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    kind = models.CharField(_("action"), max_length=40, choices=AuditKind.choices)
    target = models.CharField(_("concerning"), max_length=200, blank=True)
    target_type = models.CharField(_("record type"), max_length=60, blank=True)
    target_id = models.BigIntegerField(_("record"), null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit trail entry")
        verbose_name_plural = _("audit trail")
        ordering = ("-at", "-pk")
        indexes = [
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["kind", "at"], name="audit_kind_at"),
            models.Index(fields=["organisation", "at"], name="audit_organisation_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_username or '-'} {self.kind} {self.target_type}#{self.target_id}"

    def detail_text(self) -> str:
        """The detail in one line (``key: value`` pairs), the export named in the reader's language."""
        parts = []
        export = self.detail.get("export")
        if export:
            name = str(EXPORT_NAMES.get(export, export))
            if name != self.target:
                parts.append(name)
        for key, value in self.detail.items():
            if key == "export" or value == []:
                continue
            shown = ", ".join(str(item) for item in value) if isinstance(value, list) else value
            parts.append(f"{key}: {shown}")
        return " · ".join(parts)
