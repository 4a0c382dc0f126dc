"""What a report says: sections of figures, narrative, tables and charts, built from the data.

Content is plain data (dataclasses), so the same content renders to Word, PDF and Excel and
can be stored as the snapshot of a finalised report.
"""

from dataclasses import asdict, dataclass, field


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    widths_mm: list[float] | None = None


@dataclass
class Chart:
    """A bar chart: one or more series over the same categories."""

    title: str
    categories: list[str]
    series: dict[str, list[float]]
    unit: str = ""

    @property
    def as_echarts(self) -> dict:
        """The data the web page's ECharts bar chart draws (the same figures as the files)."""
        return {
            "title": self.title,
            "categories": self.categories,
            "series": self.series,
            "unit": self.unit,
        }


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)  # generated from the data
    narrative: str = ""  # written or edited by a person
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)


@dataclass
class ReportContent:
    title: str
    subtitle: str
    issuer: str
    date_text: str
    sections: list[Section]
    annexes: list[Table] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # the key numbers, for tests and the snapshot

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ReportContent":
        def section(row):
            return Section(
                key=row["key"],
                heading=row["heading"],
                paragraphs=row["paragraphs"],
                narrative=row["narrative"],
                tables=[Table(**t) for t in row["tables"]],
                charts=[Chart(**c) for c in row["charts"]],
                subsections=[section(s) for s in row["subsections"]],
            )

        return cls(
            title=data["title"],
            subtitle=data["subtitle"],
            issuer=data["issuer"],
            date_text=data["date_text"],
            sections=[section(s) for s in data["sections"]],
            annexes=[Table(**t) for t in data["annexes"]],
            figures=data["figures"],
        )


def percent(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator * 100:.1f}%" if denominator else "—"


CHINESE_ORDINALS = "一二三四五六七八九十"


def ordinal(number: int) -> str:
    """1 → 一, 12 → 十二 (for 一、 headings)."""
    if number <= 10:
        return CHINESE_ORDINALS[number - 1]
    tens, units = divmod(number, 10)
    return (
        (CHINESE_ORDINALS[tens - 1] if tens > 1 else "")
        + "十"
        + (CHINESE_ORDINALS[units - 1] if units else "")
    )
