"""Permission matrix entries for the access log (administrators only)."""

from __future__ import annotations

from tests.test_permission_matrix import Case, World, only


def build(world: World) -> None:
    """The access log needs no objects of its own."""


def cases() -> list[Case]:
    return [Case("privacy:access_log", lambda w: "/fr/privacy/access-log/", only({"administrator"}))]
