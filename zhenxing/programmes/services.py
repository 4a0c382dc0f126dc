"""Writes of designations: record, edit (with the version check), delete, and load the shipped
file. The change log records every write (the audit receiver)."""

import json
from importlib import resources

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.lib.versions import lock_version
from zhenxing.orgs.models import Region
from zhenxing.programmes.models import EDITABLE_FIELDS as FIELDS
from zhenxing.programmes.models import Designation

DESIGNATIONS_FILE = "designations.json"


@transaction.atomic
def designation_create(**values) -> Designation:
    """Record that a region carries a type; refuses a second designation of the same type."""
    designation = Designation(**{key: values[key] for key in FIELDS if key in values})
    designation.full_clean()
    designation.save()
    return designation


@transaction.atomic
def designation_update(*, designation: Designation, expected_version: int | None, **values):
    """Change a designation; a stale or missing version is refused (`VersionConflict`,
    `VersionMissing`) rather than overwriting someone else's change."""
    locked = lock_version(
        Designation.objects.all(), pk=designation.pk, expected_version=expected_version
    )
    for key in FIELDS:
        if key in values:
            setattr(designation, key, values[key])
    designation.version = locked.version + 1
    designation.full_clean()
    designation.save()
    return designation


@transaction.atomic
def designation_delete(*, designation: Designation, expected_version: int | None) -> None:
    lock_version(Designation.objects.all(), pk=designation.pk, expected_version=expected_version)
    designation.delete()


def shipped_designations() -> dict:
    return json.loads(
        resources.files("zhenxing.programmes")
        .joinpath("data", DESIGNATIONS_FILE)
        .read_text("utf-8")
    )


@transaction.atomic
def designations_load_shipped() -> dict:
    """Add the shipped designations that are missing (region × type); the secretariat's edits
    to existing ones are kept. Rows whose region is not loaded yet are counted as skipped."""
    data = shipped_designations()
    documents = {document["key"]: document for document in data["documents"]}
    regions = {region.code: region for region in Region.objects.all()}
    existing = set(Designation.objects.values_list("region__code", "kind"))
    added = skipped = 0
    for row in data["designations"]:
        region = regions.get(row["region"])
        if region is None:
            skipped += 1
            continue
        if (row["region"], row["kind"]) in existing:
            continue
        document = documents[row["document"]]
        try:
            designation_create(
                region=region,
                kind=row["kind"],
                resource_stage=row.get("resource_stage", ""),
                batch=row.get("batch"),
                document_title=document["title"],
                document_number=document.get("number", ""),
                first_year=row.get("first_year", document["first_year"]),
                last_year=row.get("last_year", document.get("last_year")),
                note=row.get("note", ""),
                source_url=row["source"],
            )
        except ValidationError as error:
            raise ValidationError(f"{row['region']} {row['kind']}: {error}") from error
        existing.add((row["region"], row["kind"]))
        added += 1
    return {"added": added, "skipped": skipped}
