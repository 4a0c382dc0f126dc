"""Money fields and the project classifications: industries and funding sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 18, "decimal_places": 2}


class Industry(models.TextChoices):
    """Sections (门类) of GB/T 4754-2017 国民经济行业分类; the code's two sector digits are its
    divisions (大类), which map onto these sections."""

    AGRICULTURE = "A", _("农、林、牧、渔业")
    MINING = "B", _("采矿业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    TRADE = "F", _("批发和零售业")
    TRANSPORT = "G", _("交通运输、仓储和邮政业")
    HOSPITALITY = "H", _("住宿和餐饮业")
    INFORMATION = "I", _("信息传输、软件和信息技术服务业")
    FINANCE = "J", _("金融业")
    REAL_ESTATE = "K", _("房地产业")
    BUSINESS_SERVICES = "L", _("租赁和商务服务业")
    RESEARCH = "M", _("科学研究和技术服务业")
    WATER_ENVIRONMENT = "N", _("水利、环境和公共设施管理业")
    RESIDENT_SERVICES = "O", _("居民服务、修理和其他服务业")
    EDUCATION = "P", _("教育")
    HEALTH = "Q", _("卫生和社会工作")
    CULTURE = "R", _("文化、体育和娱乐业")
    PUBLIC_ADMINISTRATION = "S", _("公共管理、社会保障和社会组织")
    INTERNATIONAL = "T", _("国际组织")


class FundingSource(models.TextChoices):
    """Where a project's money comes from; a project may have several (kept as bit flags)."""

    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    SPECIAL_BONDS = "special_bonds", _("地方政府专项债券")
    TREASURY_BONDS = "treasury_bonds", _("超长期特别国债")
    LOCAL_BUDGET = "local_budget", _("地方财政资金")
    POLICY_FINANCE = "policy_finance", _("政策性开发性金融")
    BANK_LOANS = "bank_loans", _("银行贷款")
    OWN_FUNDS = "own_funds", _("企业自筹")
    FOREIGN_CAPITAL = "foreign_capital", _("外资")
    OTHER = "other", _("其他")


# One bit per source, in declaration order: 1, 2, 4, …  Never reorder (stored in the database).
FUNDING_BITS = {source: 1 << index for index, source in enumerate(FundingSource)}


def funding_sources_from_flags(flags: int) -> list[FundingSource]:
    return [source for source, bit in FUNDING_BITS.items() if flags & bit]


def funding_flags(sources) -> int:
    flags = 0
    for source in sources:
        flags |= FUNDING_BITS[FundingSource(source)]
    return flags
