"""The shared test fixtures (zhenxing.testing): shipped data and people once per package."""

from zhenxing.testing import (  # noqa: F401
    mechanism,
    people,
    personas,
    shipped_data_fixture,
    superuser,
)

shipped_data = shipped_data_fixture("package", autouse=False)
