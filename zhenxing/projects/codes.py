"""The national investment-project code (项目代码) and the regions it may name.

Structure `YYYY-RRRRRR-DD-TT-NNNNNN` (24 characters): the year the code was given, the GB/T 2260
code of the region that gave it, the division (大类) of GB/T 4754 国民经济行业分类, the
approval type, and a serial number. Example: 2017-210102-65-03-012345.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region
from zhenxing.projects.models import Industry

CODE_PATTERN = re.compile(r"([0-9]{4})-([0-9]{6})-([0-9]{2})-([0-9]{2})-([0-9]{6})")
FIRST_YEAR = 2000

# GB/T 4754-2017: the divisions (大类, two digits) that make up each section (门类).
SECTION_DIVISIONS = [
    (1, 5, Industry.AGRICULTURE),
    (6, 12, Industry.MINING),
    (13, 43, Industry.MANUFACTURING),
    (44, 46, Industry.UTILITIES),
    (47, 50, Industry.CONSTRUCTION),
    (51, 52, Industry.TRADE),
    (53, 60, Industry.TRANSPORT),
    (61, 62, Industry.HOSPITALITY),
    (63, 65, Industry.INFORMATION),
    (66, 69, Industry.FINANCE),
    (70, 70, Industry.REAL_ESTATE),
    (71, 72, Industry.BUSINESS_SERVICES),
    (73, 75, Industry.RESEARCH),
    (76, 79, Industry.WATER_ENVIRONMENT),
    (80, 82, Industry.RESIDENT_SERVICES),
    (83, 83, Industry.EDUCATION),
    (84, 85, Industry.HEALTH),
    (86, 90, Industry.CULTURE),
    (91, 96, Industry.PUBLIC_ADMINISTRATION),
    (97, 97, Industry.INTERNATIONAL),
]
DIVISION_SECTIONS = {
    f"{division:02d}": section
    for first, last, section in SECTION_DIVISIONS
    for division in range(first, last + 1)
}
# The approval type digits used by the national online approval platform.
PROJECT_TYPES = {"01": _("审批类"), "02": _("核准类"), "03": _("备案类")}


class CodeError(ValueError):
    """A national code that is malformed or names an unknown region."""


@dataclass(frozen=True)
class RegionEntry:
    id: int
    code: str
    name: str
    province_code: str
    prefecture_code: str
    full_name: str


class RegionDirectory:
    """Every region the library knows (provinces, prefectures, counties) by code, in memory.

    Built once per import or request; a county code is valid when it is in the shipped GB/T 2260
    county list (`projects/data/counties.json`), a prefecture or province code when it is in
    `orgs/data/regions.json`.
    """

    def __init__(self) -> None:
        rows = list(Region.objects.values_list("id", "code", "name", "parent__code"))
        names = {code: name for _id, code, name, _parent in rows}
        self.by_code: dict[str, RegionEntry] = {}
        for region_id, code, name, _parent in rows:
            province = code[:2] + "0000"
            prefecture = code[:4] + "00" if not code.endswith("0000") else ""
            parts = [names.get(province, "")]
            if prefecture and prefecture != code:
                parts.append(names.get(prefecture, ""))
            if code != province:
                parts.append(name)
            self.by_code[code] = RegionEntry(
                region_id, code, name, province, prefecture, "".join(p for p in parts if p)
            )
        self._by_name: dict[str, list[RegionEntry]] = {}
        for entry in self.by_code.values():
            for key in {entry.name, entry.full_name}:
                self._by_name.setdefault(key, []).append(entry)

    def get(self, code: str) -> RegionEntry | None:
        return self.by_code.get(code)

    def find_name(self, text: str, *, within: str = "") -> RegionEntry | None:
        """A region written as `text` (沈阳市和平区, 和平区, 辽宁省沈阳市), preferring `within`."""
        text = "".join((text or "").split())
        if not text:
            return None
        candidates = self._by_name.get(text)
        if candidates is None:
            # "辽宁省沈阳市和平区" or "沈阳市和平区": the longest known name at the end.
            for start in range(1, len(text)):
                candidates = self._by_name.get(text[start:])
                if candidates:
                    prefix = text[:start]
                    candidates = [c for c in candidates if prefix in c.full_name] or candidates
                    break
        if not candidates:
            return None
        if within and len(candidates) > 1:
            inside = [c for c in candidates if c.code.startswith(_prefix(within))]
            candidates = inside or candidates
        return candidates[0] if len(candidates) == 1 or within else None


def _prefix(code: str) -> str:
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


@dataclass(frozen=True)
class NationalCode:
    """A parsed national project code."""

    text: str
    year: int
    region_code: str
    division: str
    project_type: str
    serial: str

    @property
    def industry(self) -> Industry:
        return DIVISION_SECTIONS[self.division]

    def describe(self, directory: RegionDirectory | None = None) -> dict:
        """The code's parts with their meanings, for display."""
        region = directory.get(self.region_code) if directory else None
        return {
            "year": self.year,
            "region_code": self.region_code,
            "region": region.full_name if region else "",
            "division": self.division,
            "industry": self.industry.label,
            "project_type": str(PROJECT_TYPES.get(self.project_type, _("其他类型"))),
            "serial": self.serial,
        }


def parse_national_code(
    text: str, *, directory: RegionDirectory | None = None, today: datetime.date | None = None
) -> NationalCode:
    """Parse and validate a code; raises CodeError with a message users understand.

    Without a `directory` only the structure is checked.
    """
    cleaned = "".join(str(text or "").split()).replace("—", "-").replace("－", "-")
    match = CODE_PATTERN.fullmatch(cleaned)
    if not match:
        raise CodeError(
            _("项目代码“%(code)s”格式错误，应为 YYYY-RRRRRR-DD-TT-NNNNNN。") % {"code": text}
        )
    year, region_code, division, project_type, serial = match.groups()
    this_year = (today or datetime.date.today()).year
    if not FIRST_YEAR <= int(year) <= this_year + 1:
        raise CodeError(
            _("项目代码“%(code)s”的年份 %(year)s 不合理。") % {"code": text, "year": year}
        )
    if division not in DIVISION_SECTIONS:
        raise CodeError(
            _("项目代码“%(code)s”的行业代码 %(division)s 不是国民经济行业分类大类。")
            % {"code": text, "division": division}
        )
    if directory is not None and directory.get(region_code) is None:
        raise CodeError(
            _("项目代码“%(code)s”的行政区划代码 %(region)s 不存在（GB/T 2260）。")
            % {"code": text, "region": region_code}
        )
    return NationalCode(cleaned, int(year), region_code, division, project_type, serial)
