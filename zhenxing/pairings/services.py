"""Writes of pairing cooperation: load the shipped pairs (国办发〔2017〕73号). The other records
are kept by the secretariat in the admin site; the change log records every write."""

import json
from importlib import resources

from django.db import transaction

from zhenxing.orgs.models import Region
from zhenxing.pairings.models import Pairing

PAIRINGS_FILE = "pairings.json"


def shipped_pairings() -> dict:
    return json.loads(
        resources.files("zhenxing.pairings").joinpath("data", PAIRINGS_FILE).read_text("utf-8")
    )


@transaction.atomic
def pairings_load_shipped() -> int:
    """Add the shipped pairs that are missing; returns how many were added (edits are kept)."""
    data = shipped_pairings()
    document = data["document"]
    regions = {region.code: region for region in Region.objects.all()}
    existing = set(Pairing.objects.values_list("northeast_region__code", "partner_region__code"))
    added = 0
    for row in data["pairings"]:
        if (row["northeast"], row["partner"]) in existing:
            continue
        pairing = Pairing(
            northeast_region=regions[row["northeast"]],
            partner_region=regions[row["partner"]],
            document_title=document["title"],
            document_number=document["number"],
            first_year=document["first_year"],
            source_url=document["source"],
        )
        pairing.full_clean()
        pairing.save()
        added += 1
    return added
