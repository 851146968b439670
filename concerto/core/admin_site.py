"""The Django admin, for administrators only.

Coordinators edit reference data (prisons, units, rooms, organisations, taxonomy, reasons...)
in the product's own pages (concerto/referencedata/); the admin stays the administrators' tool
for correcting mistakes, and refuses everyone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from concerto.accounts.permissions import actor_for


class ConcertoAdminSite(admin.AdminSite):
    site_header = _("Concerto · administration")
    site_title = "Concerto"
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_active or not user.is_authenticated:
            return False
        return actor_for(user).is_admin


class RoleGuardedAdmin(SimpleHistoryAdmin):
    """Admin pages whose every permission is one role check (``allowed``); history kept."""

    def allowed(self, request: HttpRequest) -> bool:
        raise NotImplementedError  # each subclass names the roles it lets in

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request)


class ReferenceDataAdmin(RoleGuardedAdmin):
    """Shared reference data in the admin: administrators only (coordinators use the product's pages)."""

    def allowed(self, request: HttpRequest) -> bool:
        return actor_for(request.user).is_admin


class AdministratorOnlyAdmin(RoleGuardedAdmin):
    """Only administrators (superusers or the administrator role) see these in the admin."""

    def allowed(self, request: HttpRequest) -> bool:
        return actor_for(request.user).is_admin
