"""Demo personas: one account per role, attached to real units of the shipped mechanism."""

from django.db import transaction

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import liaison_assign
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.orgs.services import one_time_password, user_create

# username, display name, unit code, role, position, phone, is liaison of the unit
DEMO_PERSONAS = [
    (
        "secretariat",
        "王秘书",
        "ndrc-regional-economy",
        Role.SECRETARIAT_OFFICER,
        "秘书处处长",
        "010-6850 0001",
        False,
    ),
    ("ndrc.liaison", "李联络", "ndrc", Role.UNIT_LIAISON, "地区经济司干部", "010-6850 0002", True),
    ("mof.liaison", "赵财政", "mof", Role.UNIT_LIAISON, "经济建设司干部", "010-6855 0003", True),
    (
        "liaoning.liaison",
        "刘辽宁",
        "liaoning-government",
        Role.UNIT_LIAISON,
        "省发展改革委振兴处干部",
        "024-2345 0004",
        True,
    ),
    (
        "jilin.liaison",
        "孙吉林",
        "jilin-government",
        Role.UNIT_LIAISON,
        "省发展改革委振兴处干部",
        "0431-8890 0005",
        True,
    ),
    ("liaoning.leader", "周省长", "liaoning-government", Role.UNIT_LEADER, "副省长", "", False),
    (
        "reader",
        "陈组长",
        "leading-group-northeast",
        Role.LEADING_GROUP_READER,
        "领导小组成员",
        "",
        False,
    ),
    ("inspector", "吴督查", "ndrc", Role.INSPECTOR, "督查组组长", "", False),
    ("sysadmin", "系统管理员", "ndrc", Role.SYSTEM_ADMINISTRATOR, "", "", False),
    ("secadmin", "安全管理员", "ndrc", Role.SECURITY_ADMINISTRATOR, "", "", False),
    ("auditadmin", "审计管理员", "ndrc", Role.AUDIT_ADMINISTRATOR, "", "", False),
]


# The provincial and city mechanisms' people (issue 17): username, display name, unit code,
# role, position, phone, and the mechanism whose liaison they are (None: not a liaison). They
# are created when those mechanisms are loaded (`zhenxing demo-data`).
LEVEL_PERSONAS = [
    (
        "liaoning.secretariat",
        "郑省办",
        "liaoning-revitalization-office",
        Role.SECRETARIAT_OFFICER,
        "省振兴办综合处处长",
        "024-2345 0101",
        None,
    ),
    (
        "fuxin.liaison",
        "韩阜新",
        "fuxin-government",
        Role.UNIT_LIAISON,
        "市发展改革委振兴科干部",
        "0418-282 0102",
        "liaoning",
    ),
    (
        "fuxin.secretariat",
        "冯市办",
        "fuxin-revitalization-office",
        Role.SECRETARIAT_OFFICER,
        "市振兴办综合科科长",
        "0418-282 0103",
        None,
    ),
    (
        "zhangwu.liaison",
        "杨彰武",
        "zhangwu-government",
        Role.UNIT_LIAISON,
        "县发展改革局干部",
        "0418-822 0104",
        "fuxin",
    ),
]


@transaction.atomic
def demo_accounts_create(mechanism_code: str = "northeast") -> list[dict]:
    """Create the demo personas, or reset those that never set their own password; the
    provincial and city personas too when their mechanisms are loaded.

    Returns one row per persona with the one-time password when one was (re)issued.
    """
    mechanisms = {mechanism.code: mechanism for mechanism in Mechanism.objects.all()}
    personas = [(*persona[:6], mechanism_code if persona[6] else None) for persona in DEMO_PERSONAS]
    personas += [
        persona
        for persona in LEVEL_PERSONAS
        if all(code in mechanisms for code in ("liaoning", "fuxin"))
    ]
    units = {unit.code: unit for unit in Unit.objects.filter(code__in={p[2] for p in personas})}
    rows = []
    for username, name, unit_code, role, position, phone, liaison_of in personas:
        unit = units[unit_code]
        password = one_time_password()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                password=password,
                unit=unit,
                role=role,
                display_name=name,
                position=position,
            )
            user.phone = phone
            user.save()
        elif user.must_change_password:
            user.set_password(password)
            user.save()
        else:
            password = None
        if liaison_of:
            mechanism = mechanisms[liaison_of]
            liaison_assign(
                mechanism=mechanism, unit=unit, person=user, valid_from=mechanism.established_on
            )
        rows.append(
            {
                "username": username,
                "name": name,
                "unit": unit.display_name,
                "role": user.get_role_display(),
                "password": password,
            }
        )
    return rows


def demo_author(unit: Unit, fallback: User) -> User:
    """Who writes for a unit in demo data: its liaison officer (or one of a department's under
    it); the fallback (the secretariat, recording on the unit's behalf) when it has none."""
    return (
        User.objects.filter(unit=unit, role=Role.UNIT_LIAISON, is_active=True).first()
        or User.objects.filter(unit__parent=unit, role=Role.UNIT_LIAISON, is_active=True).first()
        or fallback
    )
