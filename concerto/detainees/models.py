"""Detainees: the minimum a service needs to register someone, nothing about offences.

This is criminal-justice data (GDPR art. 10). Reads go through selectors that log the
access (concerto.privacy), and records are anonymised on the retention schedule.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalStatus(models.TextChoices):
    ACCUSED = "accused", _("Accused")
    CONVICTED = "convicted", _("Convicted")
    INTERNED = "interned", _("Interned")


class Gender(models.TextChoices):
    MAN = "man", _("Man")
    WOMAN = "woman", _("Woman")
    OTHER = "other", _("Other or unknown")


class PresenceStatus(models.TextChoices):
    PRESENT = "present", _("In this prison")
    TRANSFERRED = "transferred", _("Transferred")
    RELEASED = "released", _("Released")


class Detainee(models.Model):
    prison = models.ForeignKey(
        "prisons.Prison", verbose_name=_("prison"), on_delete=models.PROTECT, related_name="detainees"
    )
    prison_number = models.CharField(_("prison number"), max_length=30)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.OTHER)
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    unit = models.ForeignKey(
        "prisons.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="detainees",
    )
    languages_read = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages read"), blank=True, related_name="+"
    )
    languages_spoken = models.ManyToManyField(
        "reference.Language", verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    expected_release_on = models.DateField(_("expected release or transfer"), null=True, blank=True)
    presence = models.CharField(
        _("presence"), max_length=20, choices=PresenceStatus.choices, default=PresenceStatus.PRESENT
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    last_activity_on = models.DateField(_("last activity"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("detainee")
        verbose_name_plural = _("detainees")
        ordering = ("last_name", "first_name", "pk")
        constraints = [
            models.UniqueConstraint(fields=["prison", "prison_number"], name="one_detainee_per_prison_number")
        ]
        indexes = [models.Index(fields=["prison", "unit"], name="detainee_prison_unit")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.prison_number})"

    @property
    def listed_name(self) -> str:
        """SURNAME First name: how lists name a person, for readers who may see the full identity."""
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def identity(self) -> str:
        """Listed name, prison number and unit: enough to tell two people apart (select the unit)."""
        unit = f" · {self.unit}" if self.unit_id else ""
        return f"{self.listed_name} ({self.prison_number}){unit}"

    @property
    def short_name(self) -> str:
        """First name and initial: what a partner facilitator may see."""
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{self.first_name}{initial}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class DetaineeNote(models.Model):
    """A note only the writing service can read (professional secrecy)."""

    detainee = models.ForeignKey(Detainee, verbose_name=_("detainee"), on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("service"), on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.detainee_id} · {self.created_at:%d/%m/%Y}"


class UnitAlias(models.Model):
    """A prison's own name for one of its units, as its list writes it ("Centre ouvert femmes").

    Staff map an unknown name once, in the import's columns step; every later import of that
    prison reads it as that unit. ``key`` is the name normalised (``importing.normalise``: no
    case, accents or punctuation), so "CENTRE OUVERT – Femmes" finds the same alias.
    """

    prison = models.ForeignKey("prisons.Prison", verbose_name=_("prison"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name in the prison's list"), max_length=150)
    key = models.CharField(_("normalised name"), max_length=150, editable=False)
    unit = models.ForeignKey(
        "prisons.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="import_aliases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mapped by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("mapped"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit name in the prison's list")
        verbose_name_plural = _("unit names in the prison's list")
        ordering = ("prison", "name")
        constraints = [models.UniqueConstraint(fields=["prison", "key"], name="one_unit_alias_per_prison_name")]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit_id}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: choose the columns")
    VALIDATING = "validating", _("Checking the rows")
    PREVIEW = "preview", _("Ready to apply")
    INVALID = "invalid", _("Errors to fix")
    APPLYING = "applying", _("Applying")
    DONE = "done", pgettext_lazy("import status", "Applied")
    FAILED = "failed", _("Failed: nothing was changed")


_S = ImportStatus
# The only moves an import may make; ``services`` enforces them. An import whose check found errors
# (or whose apply failed) may be mapped and checked again; an applied import is final.
IMPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.UPLOADED: frozenset({_S.VALIDATING}),
    _S.VALIDATING: frozenset({_S.PREVIEW, _S.INVALID, _S.FAILED}),
    _S.PREVIEW: frozenset({_S.VALIDATING, _S.APPLYING}),
    _S.INVALID: frozenset({_S.VALIDATING}),
    _S.APPLYING: frozenset({_S.DONE, _S.FAILED}),
    _S.DONE: frozenset(),
    _S.FAILED: frozenset({_S.VALIDATING}),
}
RUNNING_IMPORT_STATUSES = frozenset({_S.VALIDATING, _S.APPLYING})


class DetaineeImport(models.Model):
    """One upload of the prison's list, from the column mapping to the all-or-nothing commit."""

    prison = models.ForeignKey("prisons.Prison", verbose_name=_("prison"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(_("file fingerprint"), max_length=64)
    content = models.BinaryField(_("file content"))
    headers = models.JSONField(_("columns found"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    # Row errors and the preview (counts and row numbers only: no names are kept here).
    errors = models.JSONField(_("errors"), default=list)
    summary = models.JSONField(_("summary"), default=dict)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # When the import was queued to run (checking or applying); cleared when it stops. An import
    # running for longer than CONCERTO_IMPORT_STALL_MINUTES lost its worker: see imports_mark_stalled.
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of the prison's list")
        verbose_name_plural = _("imports of the prison's list")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_IMPORT_STATUSES

    @property
    def percent_done(self) -> int:
        return min(100, round(100 * self.rows_done / self.rows_total)) if self.rows_total else 0
