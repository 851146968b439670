"""Attendance per session, dropouts and the feedback interviews that follow them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concerto.reference.models import NamedInThreeLanguages


class AbsenceReason(NamedInThreeLanguages):
    """Editable list: court hearing, lawyer or visit, medical, work, transferred, lockdown..."""

    is_excused = models.BooleanField(
        _("excused"), default=True, help_text=_("Excused absences do not count towards dropping out.")
    )
    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("absence reason")
        verbose_name_plural = _("absence reasons")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    session = models.ForeignKey(
        "catalogue.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    application = models.ForeignKey(
        "registrations.Application",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.ForeignKey(AbsenceReason, verbose_name=_("reason"), null=True, blank=True, on_delete=models.PROTECT)
    minutes_late = models.PositiveSmallIntegerField(_("minutes late"), default=0, validators=[MaxValueValidator(600)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "application"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.application_id} · {self.status}"

    @property
    def is_unexcused_absence(self) -> bool:
        return self.status == AttendanceStatus.ABSENT and not (self.reason and self.reason.is_excused)


class DropoutReason(models.TextChoices):
    CONTENT = "content", _("Content")
    SCHEDULE_CLASH = "schedule_clash", _("Schedule clash")
    GROUP = "group", _("Group")
    HEALTH = "health", _("Health")
    TRANSFER = "transfer", _("Transfer")
    RELEASE = "release", _("Release")
    OTHER = "other", _("Other")


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Unreachable")
    REFUSED = "refused", _("Refused")
    NOT_NEEDED = "not_needed", _("Not needed")


class FeedbackInterview(models.Model):
    """The interview with someone who dropped out. Its notes are read only by the interviewer's service.

    No history table: the notes are covered by professional secrecy and must not be copied.
    """

    application = models.OneToOneField(
        "registrations.Application",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="feedback_interview",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("interviewer's service"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewer"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED
    )
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    notes = models.TextField(_("notes (only your service can read them)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("feedback interview")
        verbose_name_plural = _("feedback interviews")

    def __str__(self) -> str:
        return f"{self.application_id} · {self.status}"


class ServiceNotice(models.Model):
    """A message to a service's staff (a session cancelled, a place to offer...)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("service"), on_delete=models.CASCADE, related_name="notices"
    )
    message = models.CharField(_("message"), max_length=400)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice to a service")
        verbose_name_plural = _("notices to services")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.message
