"""Users and memberships in the admin, and the admin's privileged actions told to the audit trail.

Every save or delete of a user or a membership here (the user's page with its memberships, the
memberships' own pages, the "delete selected" action) is compared with what was stored before
and told to the audit trail (``accounts/audit.py``) in the admin's own transaction. So are the
unlocks of sign-in blocks (deleting django-axes' access attempts) and the resets of a user's
second factor (deleting their django-otp devices): their admin pages are replaced here by
subclasses that tell each delete.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerto.accounts import audit
from concerto.accounts.models import Membership, User
from concerto.accounts.permissions import actor_for
from concerto.core.admin_site import AdministratorOnlyAdmin

# What the user and their memberships were before this request's save (set in save_model).
BEFORE = "_concerto_audit_before"


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    """The user's memberships on their page, for administrators (like the memberships' own pages)."""

    model = Membership
    extra = 0

    def _allowed(self, request: HttpRequest) -> bool:
        return actor_for(request.user).is_admin

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)


@admin.register(User)
class UserAdmin(AdministratorOnlyAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Concerto", {"fields": ("language",)}))  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "email", "language", "is_active")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        # The groups, permissions and memberships are saved after this (save_related): compare there.
        before = (audit.user_state(obj.pk), audit.membership_states(user_id=obj.pk) if obj.pk else {})
        setattr(request, BEFORE, before)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        before: tuple[audit.UserState | None, dict[int, audit.MembershipState]] = getattr(request, BEFORE, (None, {}))
        user_before, memberships_before = before
        address = audit.client_address(request)
        audit.user_told(actor=request.user, before=user_before, after=audit.user_state(user.pk), ip_address=address)
        memberships_after = audit.membership_states(user_id=user.pk)
        for membership_id in sorted(set(memberships_before) | set(memberships_after)):
            audit.membership_told(
                actor=request.user,
                before=memberships_before.get(membership_id),
                after=memberships_after.get(membership_id),
                ip_address=address,
            )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        # An administrator who sets someone's password can sign in as them: a privileged action.
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    audit.tell(
                        actor=request.user,
                        kind="user_password_set",
                        target=user.username,
                        target_type="accounts.user",
                        target_id=user.pk,
                        ip_address=audit.client_address(request),
                        detail={"usable": user.has_usable_password()},
                    )
        return response

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._delete_told(
                request, User.objects.filter(pk=obj.pk), lambda: super(UserAdmin, self).delete_model(request, obj)
            )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            self._delete_told(request, queryset, lambda: super(UserAdmin, self).delete_queryset(request, queryset))

    def _delete_told(self, request: HttpRequest, users: QuerySet[Any], delete: Any) -> None:
        pks = list(users.values_list("pk", flat=True))
        before = {pk: audit.user_state(pk) for pk in pks}
        memberships = audit.membership_states(user_id__in=pks)
        delete()
        address = audit.client_address(request)
        for membership in memberships.values():
            audit.membership_told(actor=request.user, before=membership, after=None, ip_address=address)
        for pk in pks:
            audit.user_told(actor=request.user, before=before[pk], after=None, ip_address=address)


@admin.register(Membership)
class MembershipAdmin(AdministratorOnlyAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "organisation")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        before = audit.membership_states(pk=obj.pk).get(obj.pk) if obj.pk else None
        super().save_model(request, obj, form, change)
        after = audit.membership_states(pk=obj.pk).get(obj.pk)
        audit.membership_told(actor=request.user, before=before, after=after, ip_address=audit.client_address(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_queryset(request, Membership.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            before = audit.membership_states(pk__in=queryset.values("pk"))
            Membership.objects.filter(pk__in=list(before)).delete()
            address = audit.client_address(request)
            for state in before.values():
                audit.membership_told(actor=request.user, before=state, after=None, ip_address=address)


class DeletesToldAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin page whose deletes are privileged actions: each deleted row is told, in one transaction."""

    def told(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            self.told(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            rows = list(queryset)
            super().delete_queryset(request, queryset)
            for obj in rows:
                self.told(request, obj)


class UnlockToldAccessAttemptAdmin(DeletesToldAdmin, AccessAttemptAdmin):
    """Deleting an access attempt lifts the sign-in block it holds (``accounts/lockout.py``)."""

    def told(self, request: HttpRequest, obj: Any) -> None:
        # The name typed at sign-in may be anything (even a password typed in the wrong field):
        # the entry names an account only when one has that name, otherwise the blocked address.
        user = User.objects.filter(username=obj.username).first() if obj.username else None
        audit.tell(
            actor=request.user,
            kind="lockout_unlocked",
            target=user.username if user else f"{obj.ip_address or ''}",
            target_type="accounts.user" if user else "",
            target_id=user.pk if user else None,
            ip_address=audit.client_address(request),
            detail={"failures": obj.failures_since_start, "known_user": user is not None},
        )


class SecondFactorResetAdmin(DeletesToldAdmin):
    """Deleting a user's authenticator or recovery codes resets their second factor."""

    def told(self, request: HttpRequest, obj: Any) -> None:
        audit.tell(
            actor=request.user,
            kind="second_factor_reset",
            target=obj.user.username,
            target_type="accounts.user",
            target_id=obj.user_id,
            ip_address=audit.client_address(request),
            detail={"device": obj._meta.model_name},
        )


class ToldTOTPDeviceAdmin(SecondFactorResetAdmin, TOTPDeviceAdmin):
    pass


class ToldStaticDeviceAdmin(SecondFactorResetAdmin, StaticDeviceAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, UnlockToldAccessAttemptAdmin),
    (TOTPDevice, ToldTOTPDeviceAdmin),
    (StaticDevice, ToldStaticDeviceAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
