"""The shared test fixtures (zhenxing.testing): shipped data and people once per package."""

from zhenxing.testing import expect, mechanism, people, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)


def business_roles_read(signed_out):
    """Every business role reads designations; administrators and role-less accounts do not."""
    administrators = dict.fromkeys(
        ("system_admin", "security_admin", "audit_admin", "no_role"), 403
    )
    return expect(200, inactive=signed_out, anonymous=signed_out, **administrators)


def secretariat_only(allowed, signed_out="login"):
    """Only the secretariat writes; every other signed-in account is refused."""
    return expect(403, secretariat=allowed, inactive=signed_out, anonymous=signed_out)
