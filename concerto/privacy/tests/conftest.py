"""The surveys' needs campaign, to plant a named response in the subject-rights tests."""

from concerto.surveys.tests.conftest import needs  # noqa: F401 - a fixture, used by name
