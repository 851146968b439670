"""The shared catalogue: activities, their editions (runs) and sessions (meetings)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concerto.catalogue.codes import edition_code
from concerto.core.translation import LocalisedMixin


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# The only moves an activity's status may make; enforced by services.activity_change_status.
ACTIVITY_TRANSITIONS: dict[str, frozenset[str]] = {
    ActivityStatus.DRAFT: frozenset({ActivityStatus.PROPOSED, ActivityStatus.ARCHIVED}),
    ActivityStatus.PROPOSED: frozenset({ActivityStatus.DRAFT, ActivityStatus.PUBLISHED}),
    ActivityStatus.PUBLISHED: frozenset({ActivityStatus.ARCHIVED}),
    ActivityStatus.ARCHIVED: frozenset({ActivityStatus.DRAFT}),
}


class Activity(LocalisedMixin, models.Model):
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=400, blank=True)
    summary_nl = models.CharField(_("summary (Dutch)"), max_length=400, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    objectives_fr = models.TextField(_("objectives (French)"), blank=True)
    objectives_nl = models.TextField(_("objectives (Dutch)"), blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    screening_fr = models.TextField(_("screening requirements (French)"), blank=True)
    screening_nl = models.TextField(_("screening requirements (Dutch)"), blank=True)
    screening_en = models.TextField(_("screening requirements (English)"), blank=True)
    aims = models.ManyToManyField("reference.Aim", verbose_name=_("aims"), blank=True)
    category = models.ForeignKey(
        "reference.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="activities"
    )
    target_groups = models.ManyToManyField("reference.TargetGroup", verbose_name=_("target groups"))
    languages = models.ManyToManyField("reference.Language", verbose_name=_("languages of delivery"))
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_activities",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partnered_activities",
    )
    contact = models.ForeignKey(
        "organisations.Contact",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("default capacity"), default=10, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[aims, target_groups, languages, partners])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("title_fr", "pk")

    def __str__(self) -> str:
        return self.tr("title").text or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:activity_detail", args=[self.pk])


class Edition(models.Model):
    """One run of an activity in one prison, with its recurring schedule."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="editions"
    )
    prison = models.ForeignKey(
        "prisons.Prison", verbose_name=_("prison"), on_delete=models.PROTECT, related_name="editions"
    )
    units = models.ManyToManyField("prisons.Unit", verbose_name=_("units served"), related_name="editions")
    room = models.ForeignKey(
        "prisons.Room",
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitators"), blank=True, related_name="facilitated_editions"
    )
    # RFC 5545 recurrence rule without DTSTART (e.g. "FREQ=WEEKLY;BYDAY=TU"), empty for one-off sessions only.
    recurrence = models.CharField(_("recurrence rule"), max_length=300, blank=True)
    session_starts_at = models.TimeField(_("sessions start at"), null=True, blank=True)
    session_ends_at = models.TimeField(_("sessions end at"), null=True, blank=True)
    excluded_dates = models.JSONField(_("dates without a session"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[units, facilitators])

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ("starts_on", "pk")
        indexes = [models.Index(fields=["prison", "starts_on", "ends_on"], name="edition_prison_period")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:edition_detail", args=[self.pk])

    @property
    def code(self) -> str:
        """The short code printed on flyers, which a worker types back in from a paper slip (codes.py)."""
        return edition_code(self.pk)


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    """One meeting of an edition."""

    class Origin(models.TextChoices):
        RECURRENCE = "recurrence", _("From the recurring schedule")
        ONE_OFF = "one_off", _("One-off")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sessions")
    room = models.ForeignKey(
        "prisons.Room",
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.RECURRENCE)
    moved_from = models.DateTimeField(_("originally planned"), null=True, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    conflict_accepted_reason = models.CharField(_("double booking accepted because"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("starts_at", "pk")
        indexes = [
            models.Index(fields=["starts_at", "ends_at"], name="session_period"),
            models.Index(fields=["room", "starts_at"], name="session_room_start"),
            # A prison's sessions in a week or on a day (calendar, movement list) without reading
            # every prison's sessions of that period.
            models.Index(fields=["edition", "starts_at"], name="session_edition_start"),
        ]

    def __str__(self) -> str:
        return f"{self.edition.activity} · {self.starts_at:%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_modified(self) -> bool:
        """True once staff moved or cancelled it; regenerating the schedule keeps such sessions."""
        return self.moved_from is not None or self.is_cancelled or self.origin == self.Origin.ONE_OFF
