from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from concerto.accounts.models import Membership, User
from concerto.core.admin_site import AdministratorOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(AdministratorOnlyAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Concerto", {"fields": ("language",)}))  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "email", "language", "is_active")


@admin.register(Membership)
class MembershipAdmin(AdministratorOnlyAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "organisation")
