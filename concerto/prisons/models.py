"""Prisons, their units and rooms, and when activities may take place in them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from concerto.core.translation import LocalisedMixin


class Prison(LocalisedMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    closed_on_public_holidays = models.BooleanField(_("no activities on Belgian public holidays"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prison")
        verbose_name_plural = _("prisons")
        ordering = ("name_fr",)

    def __str__(self) -> str:
        return self.tr("name").text


class Unit(LocalisedMixin, models.Model):
    class Kind(models.TextChoices):
        REMAND = "remand", _("Remand (accused)")
        SENTENCED = "sentenced", _("Sentenced")
        WOMEN = "women", _("Women's centre")
        OBSERVATION = "observation", _("Observation centre")
        PSYCHIATRIC_MEDICAL = "psychiatric_medical", _("Psychiatric and medical centre")
        OTHER = "other", _("Other")

    class Regime(models.TextChoices):
        CLOSED = "closed", _("Closed")
        SEMI_OPEN = "semi_open", _("Semi-open")
        OPEN = "open", pgettext_lazy("prison regime", "Open")

    class Gender(models.TextChoices):
        MEN = "men", _("Men")
        WOMEN = "women", _("Women")
        MIXED = "mixed", _("Mixed")

    prison = models.ForeignKey(Prison, verbose_name=_("prison"), on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    regime = models.CharField(_("regime"), max_length=20, choices=Regime.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    legal_statuses = models.ManyToManyField(
        "reference.TargetGroup",
        verbose_name=_("legal statuses housed"),
        blank=True,
        limit_choices_to={"dimension": "legal_status"},
        related_name="units",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[legal_statuses])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ("prison", "code")
        constraints = [models.UniqueConstraint(fields=["prison", "code"], name="unit_code_unique_per_prison")]

    def __str__(self) -> str:
        return self.tr("name").text


class Room(models.Model):
    prison = models.ForeignKey(Prison, verbose_name=_("prison"), on_delete=models.PROTECT, related_name="rooms")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rooms",
        help_text=_("Leave empty for shared rooms (e.g. the activity centre)."),
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ("prison", "name")
        constraints = [models.UniqueConstraint(fields=["prison", "name"], name="room_name_unique_per_prison")]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"

    def clean(self) -> None:
        if self.unit_id and self.unit and self.unit.prison_id != self.prison_id:
            raise ValidationError({"unit": _("The unit must belong to the same prison.")})


class ActivityWindow(models.Model):
    """A time slot in which the prison allows collective activities on a weekday."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    prison = models.ForeignKey(
        Prison, verbose_name=_("prison"), on_delete=models.CASCADE, related_name="activity_windows"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity time window")
        verbose_name_plural = _("activity time windows")
        ordering = ("prison", "weekday", "starts_at")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The window must end after it starts.")})


class ClosureDay(models.Model):
    """A day without activities in one prison (besides public holidays)."""

    prison = models.ForeignKey(Prison, verbose_name=_("prison"), on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ("prison", "date")
        constraints = [models.UniqueConstraint(fields=["prison", "date"], name="one_closure_per_prison_day")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.reason}"
