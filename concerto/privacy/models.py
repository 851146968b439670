"""The log of every access to personal data: who, when, what, why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
    ATTENDANCE = "attendance", _("Attendance")
    FOLLOW_UP = "follow_up", _("Follow-up")
    PRISON_LISTS = "prison_lists", _("Lists for the prison")
    CERTIFICATE = "certificate", _("Certificate")
    IMPORT = "import", _("Import of the prison's list")
    RETENTION = "retention", _("Retention rule")
    SURVEY = "survey", _("Surveys and evaluations")
    ADMINISTRATION = "administration", _("Administration")


class PersonalDataAccess(models.Model):
    """One access to one person's data, or to a list of people (``count`` records)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("what"), max_length=20, choices=AccessAction.choices)
    purpose = models.CharField(_("why"), max_length=20, choices=AccessPurpose.choices)
    subject_type = models.CharField(_("record type"), max_length=40)
    subject_id = models.BigIntegerField(_("record"), null=True, blank=True)
    count = models.PositiveIntegerField(_("records"), default=1)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ("-at",)
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="access_subject")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_id} {self.action} {self.subject_type}#{self.subject_id}"
