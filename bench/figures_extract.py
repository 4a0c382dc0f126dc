"""Figures extraction on the annotated corpus: value F1, full F1 (value + counted noun +
province + year) and throughput in KB of text per second (goal ≥ 200 KB/s).

    python bench/figures_extract.py
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenxing.settings")
django.setup()

from zhenxing.indicators.figures import extract_figures  # noqa: E402
from zhenxing.indicators.figures.scoring import ALL, CORPUS, HOLDOUT, UNSEEN, corpus, score  # noqa: E402


def extract(text):
    return [figure.as_dict() for figure in extract_figures(text)]


def main():
    for label, folders in (
        ("corpus", (CORPUS,)),
        ("holdout", (HOLDOUT,)),
        ("unseen", (UNSEEN,)),
        ("all", ALL),
    ):
        totals = score(extract, folders)
        print(
            f"{label}: {totals['texts']} texts, {totals['expected']} annotated figures, "
            f"{totals['found']} found; value F1 {totals['value_f1']:.3f} (goal ≥ 0.95); "
            f"full F1 {totals['full_f1']:.3f} (goal ≥ 0.90, value + noun + province + year)"
        )
    texts = [path.read_text(encoding="utf-8") for folder in ALL for path, _ in corpus(folder)]
    size = sum(len(text.encode("utf-8")) for text in texts)
    extract_figures(texts[0])  # the gazetteer loads once per process
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            extract_figures(text)
    elapsed = time.perf_counter() - started
    print(
        f"throughput: {size * rounds / 1024 / elapsed:.0f} KB/s over {size / 1024:.1f} KB × {rounds}"
    )
    # One long document: a whole bulletin or a year of reports pasted at once.
    long_text = "\n\n".join(texts) * 10
    started = time.perf_counter()
    count = len(extract_figures(long_text))
    elapsed = time.perf_counter() - started
    long_size = len(long_text.encode("utf-8")) / 1024
    print(f"one {long_size:.0f} KB document: {long_size / elapsed:.0f} KB/s, {count} figures")


if __name__ == "__main__":
    main()
