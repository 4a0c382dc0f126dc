"""Pilots and demonstration zones in the admin site: the secretariat keeps the pilots (with
their tasks, projects and indicators) and their evaluations."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.orgs import access
from zhenxing.pilots.models import Pilot, PilotEvaluation


class SecretariatAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)


@admin.register(Pilot)
class PilotAdmin(SecretariatAdmin):
    list_display = ["name", "kind", "region", "first_year", "last_year", "document_number"]
    list_filter = ["kind"]
    raw_id_fields = ["region", "mechanism", "tasks", "projects"]
    filter_horizontal = ["indicators"]


@admin.register(PilotEvaluation)
class PilotEvaluationAdmin(SecretariatAdmin):
    list_display = ["pilot", "year", "score", "grade"]
    list_filter = ["pilot"]
