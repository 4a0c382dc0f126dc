"""Regional programmes: which regions carry which special type (old industrial city,
resource-based city, …), each designation with the document that made it and its years."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region

# What the secretariat edits (form, service, shipped file); the version is checked apart.
EDITABLE_FIELDS = (
    "region",
    "kind",
    "resource_stage",
    "batch",
    "document_title",
    "document_number",
    "first_year",
    "last_year",
    "note",
    "source_url",
)


class Designation(models.Model):
    """A region designated as a special type by a document, for some years."""

    class Kind(models.TextChoices):
        OLD_INDUSTRIAL_CITY = "old_industrial_city", _("老工业城市")
        RESOURCE_BASED_CITY = "resource_based_city", _("资源型城市")
        RESOURCE_EXHAUSTED_CITY = "resource_exhausted_city", _("资源枯竭城市")
        COAL_MINING_SUBSIDENCE_AREA = "coal_mining_subsidence_area", _("采煤沉陷区")
        INDEPENDENT_INDUSTRIAL_MINING_AREA = "independent_industrial_mining_area", _("独立工矿区")
        BORDER_COUNTY_OR_PORT = "border_county_or_port", _("边境县/口岸")
        REVOLUTIONARY_BASE_AREA = "revolutionary_base_area", _("革命老区")
        MINORITY_AREA = "minority_area", _("民族地区")

    class ResourceStage(models.TextChoices):
        """The four kinds of resource-based city of the 2013–2020 national plan."""

        GROWING = "growing", _("成长型")
        MATURE = "mature", _("成熟型")
        DECLINING = "declining", _("衰退型")
        REGENERATING = "regenerating", _("再生型")

    region = models.ForeignKey(
        Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="designations"
    )
    kind = models.CharField(_("区域类型"), max_length=40, choices=Kind.choices)
    resource_stage = models.CharField(
        _("资源型城市类别"), max_length=16, choices=ResourceStage.choices, blank=True
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    document_title = models.CharField(_("文件名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    last_year = models.PositiveSmallIntegerField(_("终止年份"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    source_url = models.URLField(_("来源地址"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("区域类型认定")
        verbose_name_plural = _("区域类型认定")
        ordering = ["region__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind"],
                name="designation_one_per_region_and_kind",
                violation_error_message=_("该地区已有此类型的认定。"),
            ),
            models.CheckConstraint(
                condition=Q(resource_stage="") | Q(kind="resource_based_city"),
                name="designation_stage_only_for_resource_based_city",
                violation_error_message=_(
                    "只有资源型城市有类别（成长型、成熟型、衰退型、再生型）。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(batch__isnull=True) | Q(kind="resource_exhausted_city"),
                name="designation_batch_only_for_resource_exhausted_city",
                violation_error_message=_("只有资源枯竭城市有批次。"),
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="designation_years_in_order",
                violation_error_message=_("终止年份不能早于起始年份。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}：{self.label()}"

    def label(self) -> str:
        """The type as people say it: 资源型城市（衰退型）, 资源枯竭城市（第二批）."""
        text = str(self.get_kind_display())
        if self.resource_stage:
            return f"{text}（{self.get_resource_stage_display()}）"
        if self.batch:
            batch = _("第%(batch)d批") % {"batch": self.batch}
            return f"{text}（{batch}）"
        return text

    def in_force(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)
