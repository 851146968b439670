from typing import Any

from django.http import HttpRequest

from concerto.accounts.permissions import actor_for


def roles(request: HttpRequest) -> dict[str, Any]:
    """Expose the actor to templates, which only mirror the rules of the services."""
    return {"actor": actor_for(getattr(request, "user", None))}
