"""Who chooses what a mechanism publishes: the secretariat. Reading the open site needs nothing."""

from zhenxing.orgs import access


def may_manage_publications(user) -> bool:
    return access.is_secretariat(user)
