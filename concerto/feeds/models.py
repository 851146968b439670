"""The secret address of each staff member's private calendar feed.

Calendar applications cannot sign in: they fetch a URL, again and again, for months. The URL
therefore carries a secret, and whoever holds the URL reads the feed. Only the SHA-256 of that
secret is stored, so a copy of the database (a backup, a dump for support) reveals no working
address; the cost is that Concerto cannot show the address again once it has been handed out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateFeedToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="private_feed_token"
    )
    # Hex SHA-256 of the secret in the feed's URL (never the secret itself).
    token_hash = models.CharField(_("fingerprint of the secret"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("private calendar address")
        verbose_name_plural = _("private calendar addresses")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
