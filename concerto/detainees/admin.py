"""Detainees in the admin: administrators only, to correct mistakes; no notes (professional secrecy).

Detainees have no history table on purpose (no copies of personal data), so the admin's history
page is Django's own log of admin actions. Reads and changes here are logged like everywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from concerto.accounts.permissions import actor_for
from concerto.core.admin_site import AdministratorOnlyAdmin
from concerto.detainees.models import Detainee
from concerto.privacy.models import AccessAction, AccessPurpose
from concerto.privacy.services import access_log


@admin.register(Detainee)
class DetaineeAdmin(AdministratorOnlyAdmin):
    list_display = ("prison_number", "last_name", "first_name", "prison", "unit", "legal_status", "presence")
    list_filter = ("prison", "legal_status", "presence", "gender")
    search_fields = ("prison_number", "last_name", "first_name")
    list_select_related = ("prison", "unit")
    filter_horizontal = ("languages_read", "languages_spoken")
    readonly_fields = ("anonymised_at", "created_at", "updated_at")
    # No history table for detainees: Django's admin log instead of simple-history's page.
    object_history_template = None
    history_view = admin.ModelAdmin.history_view

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        rows = getattr(changelist.get("cl"), "result_list", None)
        if rows is not None:
            access_log(
                actor=actor_for(request.user),
                action=AccessAction.VIEW,
                purpose=AccessPurpose.ADMINISTRATION,
                subjects=list(rows),
                detail="admin list",
            )
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET" and object_id.isdigit():
            detainee = Detainee.objects.filter(pk=int(object_id)).first()
            if detainee is not None and self.allowed(request):
                access_log(
                    actor=actor_for(request.user),
                    action=AccessAction.VIEW,
                    purpose=AccessPurpose.ADMINISTRATION,
                    subject=detainee,
                    detail="admin",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Detainee, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        access_log(
            actor=actor_for(request.user),
            action=AccessAction.CHANGE if change else AccessAction.CREATE,
            purpose=AccessPurpose.ADMINISTRATION,
            subject=obj,
            detail="admin",
        )
