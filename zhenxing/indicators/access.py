"""Who may use the indicators app: figures extraction is open to every business role."""

from zhenxing.orgs.access import has_role
from zhenxing.orgs.models import BUSINESS_ROLES


def may_extract_figures(user) -> bool:
    """Reading figures out of a text writes nothing: any active account with a business role."""
    return has_role(user, *BUSINESS_ROLES)
