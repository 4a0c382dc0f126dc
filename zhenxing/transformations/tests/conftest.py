"""The shared test fixtures (zhenxing.testing): shipped data and people once per package."""

from zhenxing.testing import mechanism, people, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)
