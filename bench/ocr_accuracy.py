"""Character accuracy of reading scanned PDFs (tesseract chi_sim), on scans made from the seeds.

Run: .venv/bin/python bench/ocr_accuracy.py [LINES]
Renders the first LINES lines (default 24, about four printed pages) of seed 003 to A4 page
images at 200 dpi in 三号 type, adds specks of noise, a slight tilt and blur, saves them as an
image-only PDF, reads it back with zhenxing's OCR and prints 1 − edit distance / length (goal
≥ 0.98), for a clean and a noisier scan.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from zhenxing.policies.parser.ocr import character_accuracy, ocr_available, pdf_ocr_text  # noqa: E402
from zhenxing.policies.tests.scans import scanned_pdf  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "zhenxing/policies/tests/data/seed_003.txt"

if not ocr_available():
    sys.exit("tesseract with chi_sim is not installed (bash scripts/test installs it)")
lines = int(sys.argv[1]) if len(sys.argv) > 1 else 24
text = "\n".join(SEED.read_text("utf-8").splitlines()[:lines])
for label, noise in (("light noise (0.2% specks)", 0.002), ("heavier noise (1% specks)", 0.01)):
    pdf = scanned_pdf(text, noise=noise)
    started = time.perf_counter()
    recognised = pdf_ocr_text(pdf)
    seconds = time.perf_counter() - started
    accuracy = character_accuracy(recognised, text)
    characters = len("".join(text.split()))
    print(f"{label}: {characters} characters, accuracy {accuracy:.4f}, {seconds:.1f} s")
