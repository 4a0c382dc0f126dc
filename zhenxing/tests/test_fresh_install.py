"""A fresh installation: `mechanism show` before anything is loaded, `mechanism load` twice,
then `demo-accounts` twice. (Outside the apps' packages, whose tests start from loaded data.)"""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from zhenxing.audit.models import ChangeRecord
from zhenxing.mechanisms.demo import DEMO_PERSONAS, LEVEL_PERSONAS
from zhenxing.mechanisms.models import (
    Duty,
    LiaisonAssignment,
    Mechanism,
    Membership,
    SecretariatComponent,
)
from zhenxing.orgs.models import Region, Role, Unit, UnitAlias, UnitGroup, User

COUNTED = [
    Region,
    Unit,
    UnitAlias,
    UnitGroup,
    Mechanism,
    Membership,
    SecretariatComponent,
    LiaisonAssignment,
    Duty,
]

DEMO_USERNAMES = [persona[0] for persona in DEMO_PERSONAS]


def run(*args) -> str:
    out = io.StringIO()
    call_command("mechanism", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_show_before_load_is_a_command_error(db):
    assert not Mechanism.objects.exists()
    with pytest.raises(CommandError, match="mechanism load"):
        run("show")
    with pytest.raises(CommandError):
        run("show", "--json")


def test_load_is_logged_once_and_idempotent(db):
    assert ChangeRecord.objects.count() == 0
    output = run("load")
    assert "东北振兴省部联席落实推进工作机制" in output
    assert "26" in output
    loaded = counts()
    assert loaded["Mechanism"] == 1
    assert loaded["Membership"] == 27, "26 members now, and CBIRC's membership until 2023"
    assert loaded["Duty"] == 5
    first = ChangeRecord.objects.count()
    assert first >= sum(loaded.values()) - loaded["UnitGroup"]
    records = ChangeRecord.objects.all()
    assert {record.actor_name for record in records} == {"command:mechanism load"}
    assert len({record.request_id for record in records}) == 1
    assert {record.action for record in records} <= {"create", "update"}

    run("load")
    assert ChangeRecord.objects.count() == first
    assert counts() == loaded


PERSONAL_PASSWORD = "Quiet-Lantern-73"


def demo_accounts() -> dict[str, str]:
    """Run the command; returns the printed password (or note) by username."""
    out = io.StringIO()
    call_command("demo-accounts", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Demo accounts" in lines[0]
    printed = {}
    for line in lines[1:]:
        username, password = line.split()[:2]
        printed[username] = password
    return printed


def test_demo_accounts_created_once_and_personal_passwords_kept(mechanism):
    printed = demo_accounts()
    assert list(printed) == DEMO_USERNAMES
    assert len(DEMO_USERNAMES) == 11
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    assert {user.role for user in users.values()} == set(Role)
    for username, user in users.items():
        assert user.must_change_password is True
        assert re.fullmatch(r"[A-Za-z0-9]{12}", printed[username])
        assert user.check_password(printed[username])
    assert LiaisonAssignment.objects.filter(person__username__in=DEMO_USERNAMES).count() == 4

    settled = users["mof.liaison"]
    settled.set_password(PERSONAL_PASSWORD)
    settled.must_change_password = False
    settled.save()

    again = demo_accounts()
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == 11
    assert LiaisonAssignment.objects.filter(person__username__in=DEMO_USERNAMES).count() == 4
    settled.refresh_from_db()
    assert settled.check_password(PERSONAL_PASSWORD)
    assert settled.must_change_password is False
    assert again["mof.liaison"].startswith("（已设置个人密码")
    # Accounts still on their one-time password get a fresh one.
    reader = User.objects.get(username="reader")
    assert again["reader"] != printed["reader"]
    assert reader.check_password(again["reader"])


def test_demo_data_fills_every_app_once_and_leaves_passwords_to_demo_accounts(db):
    from zhenxing.coordination.models import CoordinationMatter
    from zhenxing.inspections.models import Inspection
    from zhenxing.policies.models import DivisionPlan, Task
    from zhenxing.projects.models import Project
    from zhenxing.rounds.models import ReportingRound, Submission

    def filled() -> dict[str, int]:
        models = [DivisionPlan, Task, ReportingRound, Submission, CoordinationMatter, Inspection]
        return counts() | {model.__name__: model.objects.count() for model in [*models, Project]}

    out = io.StringIO()
    call_command("demo-data", stdout=out)
    output = out.getvalue()
    first = filled()
    # The national mechanism and, under it, the Liaoning and Fuxin ones (issue 17).
    assert first["Mechanism"] == 3
    plan = DivisionPlan.objects.get(document__title__startswith="中共中央 国务院关于全面振兴东北")
    assert plan.tasks.count() == 22, "seed 003's 22 tasks in the published plan"
    for name in ["ReportingRound", "Submission", "CoordinationMatter", "Inspection", "Project"]:
        assert first[name] > 0, name
    assert "22 项任务" in output
    assert "zhenxing demo-accounts" in output
    level_usernames = [persona[0] for persona in LEVEL_PERSONAS]
    users = User.objects.filter(username__in=DEMO_USERNAMES + level_usernames)
    assert users.count() == len(DEMO_USERNAMES) + len(level_usernames)
    for user in users:  # no password is printed, so none is shown that demo-accounts replaces
        assert not re.search(rf"{user.username}\s+[A-Za-z0-9]{{12}}", output)

    call_command("demo-data", stdout=io.StringIO())
    assert filled() == first

    printed = demo_accounts()
    assert User.objects.get(username="secretariat").check_password(printed["secretariat"])
