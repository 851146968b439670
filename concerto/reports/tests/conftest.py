import pytest

from concerto.reports.tests.known_world import build_world


@pytest.fixture
def world(prison, service, other_service):
    return build_world(prison, service, other_service)
