"""API: the pairs with their dashboard figures (GET /api/v1/pairings), money in yuan."""

from decimal import Decimal

from ninja import Router, Schema

from zhenxing.orgs.access import require
from zhenxing.pairings import access, selectors

router = Router(tags=["pairings"])


class PairingOut(Schema):
    id: int
    northeast_region: str
    partner_region: str
    document_number: str
    projects: int
    partner_investment: Decimal
    parks: int
    park_enterprises: int
    park_investment: Decimal
    exchanged_people: int
    latest_evaluation_year: int | None
    latest_evaluation_grade: str


@router.get("", response=list[PairingOut])
def pairing_list(request):
    require(access.may_read_pairings(request.user))
    return [
        {
            "id": row["pairing"].pk,
            "northeast_region": row["pairing"].northeast_region.code,
            "partner_region": row["pairing"].partner_region.code,
            "document_number": row["pairing"].document_number,
            "latest_evaluation_year": row["evaluation"].year if row["evaluation"] else None,
            "latest_evaluation_grade": row["evaluation"].grade if row["evaluation"] else "",
        }
        | {key: row[key] for key in PairingOut.model_fields if key in row and key != "id"}
        for row in selectors.dashboard_rows()
    ]
