"""Communities and the organisations that act in prisons."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concerto.reference.models import NamedInThreeLanguages


class Community(NamedInThreeLanguages):
    """A competent authority: bicommunity (Cocom), French or Flemish Community."""

    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")


def validate_enterprise_number(value: str) -> None:
    """Belgian enterprise number: 10 digits, the last two a mod-97 check of the first eight."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 10 or digits[0] not in "01":
        raise ValidationError(_("An enterprise number has 10 digits, e.g. 0123.456.749."))
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(_("This enterprise number fails its check digits; please check it."))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        JUSTICE_AID_SERVICE = "justice_aid_service", _("Justice-aid service")
        COORDINATION_BODY = "coordination_body", _("Coordination body")
        PARTNER = "partner", _("Partner")
        PRISON_ADMINISTRATION = "prison_administration", _("Prison administration")
        EDUCATION_CENTRE = "education_centre", _("Education centre")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    accreditation = models.CharField(_("accreditation"), max_length=200, blank=True)
    # What the public offer pages say about the organisation, per language (see concerto/public).
    description_fr = models.TextField(_("what it does (French)"), blank=True)
    description_nl = models.TextField(_("what it does (Dutch)"), blank=True)
    description_en = models.TextField(_("what it does (English)"), blank=True)
    audience_fr = models.TextField(_("for whom (French)"), blank=True)
    audience_nl = models.TextField(_("for whom (Dutch)"), blank=True)
    audience_en = models.TextField(_("for whom (English)"), blank=True)
    languages = models.ManyToManyField("reference.Language", verbose_name=_("working languages"), blank=True)
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=12, blank=True, validators=[validate_enterprise_number]
    )
    bruxelles_social_id = models.CharField(_("Bruxelles Social identifier"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    prison = models.ForeignKey(
        "prisons.Prison",
        verbose_name=_("prison"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrations",
        help_text=_("For a prison administration: the prison it runs."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[languages])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.acronym or self.name

    def clean(self) -> None:
        if self.kind == self.Kind.PRISON_ADMINISTRATION and not self.prison_id:
            raise ValidationError({"prison": _("A prison administration must name its prison.")})


class Contact(models.Model):
    """A contact person of an organisation (staff, not detainees)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ("organisation__name", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
