"""Designations in the admin site: the secretariat reads and edits them, with the version check
of every edited record (VersionedModelAdmin)."""

from django.contrib import admin

from zhenxing.admin_site import VersionedModelAdmin
from zhenxing.orgs import access
from zhenxing.programmes.models import Designation


@admin.register(Designation)
class DesignationAdmin(VersionedModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)
    list_display = ["region", "kind", "resource_stage", "batch", "document_number", "first_year"]
    list_filter = ["kind", "resource_stage", "batch"]
    search_fields = ["region__name", "region__code", "document_title", "document_number"]
    raw_id_fields = ["region"]
