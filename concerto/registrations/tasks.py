"""Background tasks of the registration side (django-tasks; run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from concerto.registrations import services


@task()
def expire_offers() -> int:
    """Put offers not answered by their deadline back on the waiting list and offer the places again."""
    return services.offers_expire()
