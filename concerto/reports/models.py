"""What the coordinator writes in the yearly report: a short text per section, per year and scope.

The figures are never stored (the selectors count them live); only the words around them are.
A text belongs to one year and one scope (a prison or all of them, an organisation or all of
them), the same filters as the report page, so the report of APO in Haren has its own texts.
Every change is kept (django-simple-history): who wrote what, and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportSection(models.TextChoices):
    """The sections of the report that carry a text, in the report's order."""

    SUMMARY = "summary", _("Summary")
    CATEGORIES = "categories", _("Hours per category")
    COMPARISON = "comparison", _("Compared with the year before")
    UNITS = "units", _("Participants per unit")
    ATTENDANCE = "attendance", _("Attendance per month")
    APPLICATIONS = "applications", _("Applications and cancellations")


class ReportText(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=20, choices=ReportSection.choices)
    prison = models.ForeignKey(
        "prisons.Prison",
        verbose_name=_("prison"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the report of every prison."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the report of every organisation."),
    )
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            # One text per section of a report; "every prison" (null) is one scope, hence Coalesce.
            models.UniqueConstraint(
                "year",
                "section",
                Coalesce("prison", 0),
                Coalesce("organisation", 0),
                name="reports_one_text_per_section_and_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_section_display()}"
