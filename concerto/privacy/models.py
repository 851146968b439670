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
