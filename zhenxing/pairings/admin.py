"""Pairing cooperation in the admin site: the secretariat keeps the pairs (version-checked),
their cooperation projects, parks, cadre exchanges and annual evaluations."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin, VersionedModelAdmin
from zhenxing.orgs import access
from zhenxing.pairings.models import (
    AnnualEvaluation,
    CadreExchange,
    CooperationProject,
    JointPark,
    Pairing,
)


@admin.register(Pairing)
class PairingAdmin(VersionedModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)
    list_display = ["__str__", "document_number", "first_year", "implementation_plan"]
    raw_id_fields = ["northeast_region", "partner_region", "implementation_plan"]


class SecretariatAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)
    list_filter = ["pairing"]


@admin.register(CooperationProject)
class CooperationProjectAdmin(SecretariatAdmin):
    list_display = ["pairing", "project", "partner_investment"]
    raw_id_fields = ["project"]


@admin.register(JointPark)
class JointParkAdmin(SecretariatAdmin):
    list_display = ["name", "pairing", "place", "area_square_kilometres", "enterprises"]


@admin.register(CadreExchange)
class CadreExchangeAdmin(SecretariatAdmin):
    list_display = ["pairing", "year", "direction", "people"]


@admin.register(AnnualEvaluation)
class AnnualEvaluationAdmin(SecretariatAdmin):
    list_display = ["pairing", "year", "score", "grade"]
