"""What the data generator left in this database, so that a second run knows (see ``generator``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedData(models.Model):
    scale = models.CharField(_("scale"), max_length=20)
    seed = models.IntegerField(_("seed"))
    version = models.PositiveSmallIntegerField(_("generator version"))
    today = models.DateField(_("generated as of"))
    generated_at = models.DateTimeField(_("generated"), auto_now_add=True)
    seconds = models.FloatField(_("seconds taken"))
    rows = models.JSONField(_("rows written"), default=dict)

    class Meta:
        verbose_name = _("generated data set")
        verbose_name_plural = _("generated data sets")

    def __str__(self) -> str:
        return f"{self.scale} · seed {self.seed} · v{self.version}"
