"""Permission matrix entries for the coverage analysis (see tests/test_permission_matrix.py).

Coordinators, administrators and every service's staff read the analysis and its exports
(aggregates only); partner facilitators and prison staff are refused.
"""

from __future__ import annotations

from tests.test_permission_matrix import Case, World, only

READERS = {"administrator", "coordinator", "service_manager", "service_worker", "other_service_worker"}


def build(world: World) -> None:
    """The analysis reads the matrix world's offer; it needs no objects of its own."""


def cases() -> list[Case]:
    fr = "/fr/coverage"
    return [
        Case("coverage:overview", lambda w: f"{fr}/?prison={w.prison_id}", only(READERS)),
        Case("coverage:export", lambda w: f"{fr}/export.csv?prison={w.prison_id}", only(READERS)),
        Case("coverage:export", lambda w: f"{fr}/export.xlsx", only(READERS)),
    ]
