"""API rate limits per user and per address (DRF throttling).

Two limits apply to every API request: one per signed-in user (``CONCERTO_API_RATE_USER``,
default 600 requests a minute) and one per client address whoever signs in
(``CONCERTO_API_RATE_ADDRESS``, default 1,200 a minute; anonymous requests count here too). A
client over a limit gets 429 with ``Retry-After`` and a problem body in its language.

The counts live in Django's cache. With the default in-memory cache each server process counts
for itself, so with N processes a client may reach N times the limit before being stopped;
docs/operations.md says how to share one cache between processes.
"""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class _RatesFromSettings:
    """Read the rate when asked (DRF binds it when its module is imported, before settings change)."""

    scope: str

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate is not None else None


class PerUserThrottle(_RatesFromSettings, UserRateThrottle):
    scope = "user"


class PerAddressThrottle(_RatesFromSettings, SimpleRateThrottle):
    """Counts every request from one address, signed in or not."""

    scope = "address"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
