"""Parsing a 100-page policy document: structure, annotations and suggestions.

Run: .venv/bin/python bench/parse_document.py
The document is seed 003's articles repeated under 7 parts, with items and annotations:
about 360 nodes and 65,000 characters, over 100 printed pages (a printed page holds about 22 × 28 = 616).
"""

from pathlib import Path

from _setup import django_setup, median_seconds

django_setup()

from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.policies.parser.document import parse_document  # noqa: E402
from zhenxing.policies.parser.structure import chinese_number  # noqa: E402, F401
from zhenxing.policies.parser.suggest import registry_from_database  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "zhenxing/policies/tests/data/seed_003.txt"
NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[units - 1] if units else "")


def build_document() -> str:
    paragraphs = [
        line.split(")", 1)[-1]
        for line in SEED.read_text("utf-8").splitlines()
        if line.startswith("(")
    ]
    lines, article = ["国务院关于基准测试的若干意见"], 0
    for part in range(1, 8):
        lines.append(f"{numeral(part)}、第{part}部分重点任务")
        for _ in range(5):
            article += 1
            lines.append(f"（{numeral(article)}）{paragraphs[article % len(paragraphs)][:160]}")
            for item in range(1, 10):
                lines.append(
                    f"{item}．{paragraphs[(article + item) % len(paragraphs)][:150]}（国家发展改革委牵头，财政部、商务部等按职责分工负责，2026年底前完成）。"
                )
    return "\n".join(lines)


mechanism_load_shipped()
text = build_document()
registry = registry_from_database()
document = parse_document(text, registry=registry)
pages = len("".join(text.split())) / (22 * 28)
structure_only = median_seconds(lambda: parse_document(text), repeat=5)
with_suggestions = median_seconds(lambda: parse_document(text, registry=registry), repeat=5)
build_registry = median_seconds(registry_from_database, repeat=5)
print(
    f"document: {len(text):,} characters ≈ {pages:.0f} pages, {len(document.nodes)} nodes, "
    f"{sum(len(n.tasks) for n in document.nodes)} annotated tasks"
)
print(f"structure + annotations (no registry): {structure_only * 1000:7.1f} ms")
print(f"with suggestions (registry in memory): {with_suggestions * 1000:7.1f} ms")
print(f"registry build from the database:      {build_registry * 1000:7.1f} ms")
print(f"ratio with suggestions / structure only: {with_suggestions / structure_only:.2f}")
