"""Fixtures for the key-enterprise tests: a clock, and a world with one enterprise whose contact
department is MOF (participant_liaison), with figures and one difficulty routed to Liaoning
(province_liaison, province_leader). NDRC's liaison and Jilin (outsider) are not involved."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.coordination.tests.conftest import (  # noqa: F401  (shared by the matrices)
    ADMINISTRATORS,
    BUSINESS,
    PERSONA_NAMES,
    Clock,
)
from zhenxing.enterprises import services
from zhenxing.enterprises.models import Difficulty, Enterprise
from zhenxing.orgs.models import Unit
from zhenxing.testing import mechanism, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)

TODAY = datetime.date(2026, 11, 20)
CREDIT_CODE = "91440300708461136T"  # a real, well-formed code


@pytest.fixture(autouse=True)
def quiet_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch, TODAY)


@pytest.fixture
def units(mechanism) -> dict[str, Unit]:
    codes = {"mof": "mof", "miit": "miit", "liaoning": "liaoning-government", "ndrc": "ndrc"}
    found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes.values())}
    return {name: found[code] for name, code in codes.items()}


def figures(value: str) -> dict:
    amount = Decimal(value)
    return {"output_value": amount, "revenue": amount * 2, "orders": amount / 2, "employment": 100}


@dataclass
class World:
    enterprise: Enterprise
    difficulty: Difficulty


@pytest.fixture
def world(clock, personas, units, mechanism) -> World:
    with acting_as(user=personas.secretariat):
        enterprise = services.enterprise_register(
            mechanism=mechanism,
            name="阜新德尔汽车部件股份有限公司",
            credit_code=CREDIT_CODE,
            region=None,
            industry="C",
            size="large",
            contact_unit=units["mof"],
            liaison_official="张副市长",
            liaison_post="副市长",
            responsible_leader="李副市长",
        )
    clock.set(datetime.date(2026, 11, 5))  # October's figures come in on time
    with acting_as(user=personas.participant_liaison):
        for month, value in (
            (datetime.date(2025, 10, 1), "100"),
            (datetime.date(2026, 10, 1), "120"),
        ):
            services.figure_report(
                enterprise=enterprise,
                user=personas.participant_liaison,
                month=month,
                **figures(value),
            )
        clock.set(TODAY)
        difficulty = services.difficulty_receive(
            enterprise=enterprise,
            user=personas.participant_liaison,
            title="用电成本偏高",
            description="请协调降低大工业用电价格。",
        )
    with acting_as(user=personas.secretariat):
        services.difficulty_route(
            difficulty=difficulty,
            user=personas.secretariat,
            unit=units["liaoning"],
            due_date=TODAY + datetime.timedelta(days=5),
        )
    difficulty.refresh_from_db()
    return World(enterprise=enterprise, difficulty=difficulty)
