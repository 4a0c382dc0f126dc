"""The catalogue and warning rules in the admin site for the secretariat (observations and
targets are written through the pages and services, which keep every vintage)."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.indicators.models import Indicator, Observation, Target, WarningRule
from zhenxing.orgs import access


def nobody(user) -> bool:
    return False


@admin.register(Indicator)
class IndicatorAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)
    list_display = ["code", "name", "unit", "measure", "frequency", "direction", "is_active"]
    list_filter = ["measure", "frequency", "is_active"]
    search_fields = ["code", "name", "english_name"]


@admin.register(WarningRule)
class WarningRuleAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)
    list_display = ["name", "kind", "indicator", "threshold", "colour", "is_active"]


@admin.register(Observation)
class ObservationAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)
    list_display = ["indicator", "region", "period", "value", "vintage", "is_current"]
    list_filter = ["vintage", "is_current", "indicator"]


@admin.register(Target)
class TargetAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)
    list_display = [
        "indicator",
        "region",
        "year",
        "value",
        "comparison",
        "status",
        "parent",
        "mechanism",
    ]
