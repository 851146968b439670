"""The publication stamp: one row that changes whenever something the public sees changes.

Public responses derive their ``ETag``, ``Last-Modified`` and cache keys from it, so a
conditional GET costs one read of one row, and a change anywhere invalidates every cached
public body at once (see ``concerto.public.receivers``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationStamp(models.Model):
    version = models.PositiveBigIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("publication stamp")
        verbose_name_plural = _("publication stamps")

    def __str__(self) -> str:
        return f"v{self.version} · {self.changed_at:%Y-%m-%d %H:%M:%S}"
