"""REST API routes of this app, registered on the shared /api/v1/ router."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router (none yet)."""
