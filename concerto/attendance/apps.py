from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "concerto.attendance"
    label = "attendance"
    verbose_name = _("Attendance")

    def ready(self) -> None:
        # Notices to services follow withdrawals, free places and cancellations (domain events).
        from . import receivers

        receivers.subscribe()
