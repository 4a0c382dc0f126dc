"""The transformation evaluation in the admin site: the secretariat keeps the indicator set
(weights, directions); evaluations and values are kept on the pages and read-only here."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin, RuledModelAdmin
from zhenxing.orgs import access
from zhenxing.transformations.models import Evaluation, EvaluationIndicator, EvaluationValue


@admin.register(EvaluationIndicator)
class EvaluationIndicatorAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)
    list_display = ["position", "name", "group", "unit", "direction", "weight"]
    list_filter = ["group", "direction"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    list_display = ["year", "mechanism", "status", "published_at"]


@admin.register(EvaluationValue)
class EvaluationValueAdmin(ReadOnlyModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    list_display = ["evaluation", "region", "indicator", "value"]
