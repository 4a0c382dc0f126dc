"""The shared test fixtures (zhenxing.testing): shipped data and people once per package."""

import pytest

from zhenxing.orgs.models import Region
from zhenxing.testing import mechanism, people, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)


@pytest.fixture
def regions(shipped_data, db):
    return {region.code: region for region in Region.objects.all()}
