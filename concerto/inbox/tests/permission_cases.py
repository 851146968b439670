"""Permission matrix entries for the prison's inbox and the services' requests (tests/test_permission_matrix.py).

The inbox is the prison's: its own staff answer, administrators too; service staff, coordinators
and administrators read what was asked. Partner facilitators and the privacy officer see neither.
The answer to the registrations' request (its matrix module builds it) is sent back to the inbox.
"""

from __future__ import annotations

from tests.test_permission_matrix import REDIRECT, Case, World, only

ANSWERERS = {"administrator", "prison_staff"}
ASKERS = {"administrator", "coordinator", "service_manager", "service_worker", "other_service_worker"}


def build(world: World) -> None:
    """The registrations' module makes the waiting request to Haren (``registration_prison_request_id``)."""


def cases() -> list[Case]:
    fr = "/fr/prison-inbox"

    def answer(world: World) -> dict[str, object]:
        return {"item": f"participant:{world.extra['registration_prison_request_id']}", "decision": "approve"}

    return [
        Case("inbox:prison", lambda w: f"{fr}/", only(ANSWERERS)),
        Case("inbox:prison", lambda w: f"{fr}/?state=all&format=csv", only(ANSWERERS)),
        Case("inbox:requests", lambda w: f"{fr}/requests/", only(ASKERS)),
        Case("inbox:requests", lambda w: f"{fr}/requests/?format=xlsx", only(ASKERS)),
        Case("inbox:decide", lambda w: f"{fr}/decide/", only(ANSWERERS, yes=REDIRECT), "post", answer),
    ]
