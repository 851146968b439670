"""``manage.py expire_offers``: for cron, e.g. every hour (``0 * * * *``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from concerto.registrations import services


class Command(BaseCommand):
    help = "Put offers of a place not answered by their deadline back on the waiting list, and offer the places again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker (db_worker) instead of doing it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from concerto.registrations.tasks import expire_offers

            result = expire_offers.enqueue()
            self.stdout.write(f"Queued: {result.id}")
            return
        count = services.offers_expire()
        self.stdout.write(f"Offers expired: {count}")
