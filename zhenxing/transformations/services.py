"""Writes of the transformation evaluation: load the shipped indicator set, open a year's
evaluation, set a city's values, publish, and import values from a spreadsheet (one row per
city, one column per indicator; each bad row reported by its number, nothing written unless
every row is good). The change log records every write (the audit receiver)."""

import json
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.lib.workbooks import check_workbook, open_sheet
from zhenxing.orgs.models import Region
from zhenxing.transformations import selectors
from zhenxing.transformations.models import Evaluation, EvaluationIndicator, EvaluationValue

INDICATOR_SET_FILE = "indicator_set.json"
MAX_ROWS = 500


@transaction.atomic
def indicator_set_load_shipped() -> int:
    """Add the shipped indicators that are missing (by code); the secretariat's edits stay."""
    data = json.loads(
        resources.files("zhenxing.transformations")
        .joinpath("data", INDICATOR_SET_FILE)
        .read_text("utf-8")
    )
    existing = set(EvaluationIndicator.objects.values_list("code", flat=True))
    added = 0
    for position, row in enumerate(data["indicators"], start=1):
        if row["code"] in existing:
            continue
        indicator = EvaluationIndicator(
            position=position, source=data["source"], **row | {"weight": Decimal(row["weight"])}
        )
        indicator.full_clean()
        indicator.save()
        added += 1
    return added


@transaction.atomic
def evaluation_create(*, year: int, mechanism) -> Evaluation:
    evaluation = Evaluation(year=year, mechanism=mechanism)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.status == Evaluation.Status.PUBLISHED:
        raise ValidationError(_("评价已发布，不能再修改数值。"))


@transaction.atomic
def evaluation_values_set(
    *, evaluation: Evaluation, region: Region, values: dict[str, Decimal | None]
) -> int:
    """Set a city's values by indicator code (None clears one); returns how many changed.
    Refused: a published evaluation, a region that is not one of the year's cities, an
    unknown indicator."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation)
    if region not in selectors.cities(evaluation):
        raise ValidationError(
            _("%(region)s不是本年度评价的资源枯竭城市。") % {"region": region.name}
        )
    indicators = EvaluationIndicator.objects.in_bulk(list(values), field_name="code")
    unknown = [code for code in values if code not in indicators]
    if unknown:
        raise ValidationError(_("没有这些指标：%(codes)s") % {"codes": "、".join(unknown)})
    current = {
        row.indicator.code: row
        for row in evaluation.values.filter(region=region).select_related("indicator")
    }
    changed = 0
    for code, value in values.items():
        row = current.get(code)
        if value is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            EvaluationValue.objects.create(
                evaluation=evaluation, region=region, indicator=indicators[code], value=value
            )
            changed += 1
        elif row.value != value:
            row.value = value
            row.save()
            changed += 1
    return changed


@transaction.atomic
def evaluation_publish(*, evaluation: Evaluation) -> Evaluation:
    """Publish a year's evaluation: every city must have every indicator's value."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_draft(evaluation)
    rows = sorted(selectors.scores(evaluation), key=lambda row: row.region.code)
    incomplete = [row.region.name for row in rows if row.missing]
    if incomplete:
        raise ValidationError(
            _("以下城市数值不全，不能发布：%(cities)s") % {"cities": "、".join(incomplete)}
        )
    evaluation.status = Evaluation.Status.PUBLISHED
    evaluation.published_at = timezone.now()
    evaluation.save()
    return evaluation


@dataclass
class ImportResult:
    cities: int = 0
    changed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def evaluation_import(*, evaluation: Evaluation, path: Path, filename: str) -> ImportResult:
    """Values from a sheet whose first row names the indicators (by name or code) and whose
    first column names the cities (by name or GB/T 2260 code). Empty cells are left as they
    are. All or nothing: any bad row is reported by its number and nothing is written."""
    check_workbook(path, filename)
    sheet = open_sheet(path, filename)
    rows = iter(sheet.rows)
    result = ImportResult()
    header = next(rows, None)
    if header is None:
        result.errors.append((sheet.first_row, _("表格是空的。")))
        return result
    indicators = {i.name: i.code for i in EvaluationIndicator.objects.all()}
    indicators |= {code: code for code in indicators.values()}
    columns = {}
    for index, heading in enumerate(header[1:], start=1):
        text = str(heading).strip()
        if text and text not in indicators:
            result.errors.append((sheet.first_row, _("不认识的指标：%(name)s") % {"name": text}))
        elif text:
            columns[index] = indicators[text]
    cities = {c.name: c for c in selectors.cities(evaluation)}
    cities |= {c.code: c for c in cities.values()}
    parsed = []
    for number, row in enumerate(rows, start=sheet.first_row + 1):
        if number - sheet.first_row > MAX_ROWS:
            result.errors.append((number, _("行数过多。")))
            break
        name = str(row[0]).strip().removesuffix(".0") if row else ""
        if not name:
            continue
        region = cities.get(name)
        if region is None:
            result.errors.append((number, _("不是本年度评价的城市：%(name)s") % {"name": name}))
            continue
        values = {}
        for index, code in columns.items():
            cell = row[index] if index < len(row) else ""
            if cell in ("", None):
                continue
            try:
                values[code] = Decimal(str(cell).replace(",", "").strip())
            except InvalidOperation:
                result.errors.append((number, _("“%(value)s”不是数字。") % {"value": cell}))
        parsed.append((region, values))
    if result.errors:
        return result
    with transaction.atomic():
        for region, values in parsed:
            result.changed += evaluation_values_set(
                evaluation=evaluation, region=region, values=values
            )
            result.cities += 1
    return result


def evaluation_upload_import(*, evaluation: Evaluation, upload) -> ImportResult:
    """The same from an uploaded file (written to a temporary file for the checks and reader)."""
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
        for chunk in upload.chunks():
            stored.write(chunk)
        stored.flush()
        return evaluation_import(
            evaluation=evaluation, path=Path(stored.name), filename=upload.name
        )
