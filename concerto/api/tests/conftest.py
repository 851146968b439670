"""API test helpers: a client signed in as a given user."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from concerto.accounts.models import User


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    """api(user) -> an APIClient authenticated as ``user`` (anonymous for None)."""

    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make
