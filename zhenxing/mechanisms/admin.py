from django.contrib import admin

from zhenxing.admin_site import VersionedModelAdmin
from zhenxing.mechanisms.models import (
    Duty,
    LiaisonAssignment,
    Mechanism,
    Membership,
    SecretariatComponent,
)
from zhenxing.orgs import access


class ReferenceInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]

    def has_view_permission(self, request, obj=None):
        return access.may_maintain_reference_data(request.user)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class MembershipInline(ReferenceInline):
    model = Membership


class SecretariatComponentInline(ReferenceInline):
    model = SecretariatComponent


class LiaisonInline(ReferenceInline):
    model = LiaisonAssignment
    autocomplete_fields = ["unit", "person"]


class DutyInline(ReferenceInline):
    model = Duty
    autocomplete_fields = []


@admin.register(Mechanism)
class MechanismAdmin(VersionedModelAdmin):
    list_display = ["name", "lead_unit", "established_on", "data_version"]
    autocomplete_fields = ["leading_group", "lead_unit", "convener_unit", "secretariat_unit"]
    inlines = [MembershipInline, SecretariatComponentInline, LiaisonInline, DutyInline]
