from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "concerto.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Accounts tells its privileged actions through a signal (it may not import privacy).
        from concerto.accounts.audit import privileged_action
        from concerto.privacy.services import audit_record_told

        privileged_action.connect(audit_record_told, dispatch_uid="privacy-audit-trail")
