from django.contrib import admin

from concerto.core.admin_site import ReferenceDataAdmin
from concerto.reference.models import Aim, Category, Language, TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_en", "dimension", "gender", "position")
    list_filter = ("dimension",)


@admin.register(Category)
class CategoryAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_en", "parent", "position")
    list_filter = ("parent",)
    search_fields = ("code", "name_fr", "name_nl", "name_en")


@admin.register(Language)
class LanguageAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_en", "native_name", "is_right_to_left")
    search_fields = ("code", "name_fr", "name_nl", "name_en", "native_name")


@admin.register(Aim)
class AimAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_fr", "name_nl", "name_en")
