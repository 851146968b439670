"""Shared reference data: target groups, the category taxonomy, languages, aims.

Everything here is data, edited by coordinators in the admin, never hard-coded.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concerto.core.translation import LocalisedMixin


class NamedInThreeLanguages(LocalisedMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ("position", "code")

    def __str__(self) -> str:
        return self.tr("name").text


class TargetGroup(NamedInThreeLanguages):
    """Who an activity is for; groups combine (e.g. women + accused)."""

    class Dimension(models.TextChoices):
        GENDER = "gender", _("Gender")
        LEGAL_STATUS = "legal_status", _("Legal status")
        CIRCLE = "circle", _("Circle (relatives, former detainees)")

    class Gender(models.TextChoices):
        MEN = "men", _("Men")
        WOMEN = "women", _("Women")

    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Only for groups of the gender dimension."),
    )
    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def clean(self) -> None:
        if self.dimension == self.Dimension.GENDER and not self.gender:
            raise ValidationError({"gender": _("A gender group needs a gender.")})
        if self.dimension != self.Dimension.GENDER and self.gender:
            raise ValidationError({"gender": _("Only gender groups have a gender.")})


class Category(NamedInThreeLanguages):
    """Two-level taxonomy: training, psychosocial, sociocultural, and their sub-themes."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")

    def __str__(self) -> str:
        name = self.tr("name").text
        return f"{self.parent} › {name}" if self.parent_id and self.parent else name

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.parent_id:
            raise ValidationError({"parent": _("Categories have two levels: a sub-theme cannot have sub-themes.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})

    @property
    def root(self) -> Category:
        return self.parent if self.parent_id and self.parent else self


class Language(NamedInThreeLanguages):
    """A language by its ISO 639 code (639-1 where it exists, else 639-3)."""

    code = models.CharField(_("ISO 639 code"), max_length=3, unique=True)
    native_name = models.CharField(_("native name"), max_length=80, blank=True)
    is_right_to_left = models.BooleanField(_("written right to left"), default=False)
    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ("position", "name_fr")


class Aim(NamedInThreeLanguages):
    """The aims activities serve (social and professional prospects, psychosocial well-being)."""

    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
