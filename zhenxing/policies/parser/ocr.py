"""Text of scanned PDFs (红头文件 as images), recognised offline.

Pages are rendered with poppler's `pdftoppm` and read by Debian's `tesseract` with its
simplified-Chinese model (packages tesseract-ocr and tesseract-ocr-chi-sim; scripts/test and
scripts/demo install them). Nothing is fetched at run time. The text comes back as recognised,
for a person to correct before it is parsed (see extract.RecognisedText).
"""

import functools
import os
import shutil
import subprocess  # nosec B404  # tesseract and pdftoppm with argument lists, never a shell
import tempfile
from pathlib import Path

from zhenxing.policies.parser.text import clean_line

RESOLUTION_DPI = 200
LANGUAGE = "chi_sim"
MAX_PAGES = 60
PAGE_SECONDS = 60


@functools.cache
def ocr_available() -> bool:
    """Whether tesseract with the simplified-Chinese model and pdftoppm are installed."""
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    result = subprocess.run(  # nosec B603 B607  # Debian's tesseract from PATH, fixed arguments
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return LANGUAGE in result.stdout.split()


def image_text(image: Path) -> str:
    """The text tesseract reads in one page image, lines cleaned of the spaces it puts
    between Chinese characters."""
    result = subprocess.run(  # nosec B603 B607  # Debian's tesseract, a page image we wrote
        ["tesseract", str(image), "stdout", "-l", LANGUAGE, "--psm", "6"],
        capture_output=True,
        text=True,
        timeout=PAGE_SECONDS,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # threads only contend on a shared machine
    )
    lines = (clean_line(line) for line in result.stdout.splitlines())
    return "\n".join(line for line in lines if line)


def pdf_ocr_text(data: bytes, max_pages: int = MAX_PAGES) -> str:
    """The recognised text of a PDF's pages, page after page."""
    with tempfile.TemporaryDirectory(prefix="zhenxing-ocr-") as directory:
        source = Path(directory) / "scan.pdf"
        source.write_bytes(data)
        subprocess.run(  # nosec B603 B607  # Debian's pdftoppm, files in our temporary directory
            ["pdftoppm", "-r", str(RESOLUTION_DPI), "-gray", "-png", "-l", str(max_pages),
             str(source), str(Path(directory) / "page")],
            capture_output=True,
            timeout=PAGE_SECONDS * max_pages,
            check=True,
        )  # fmt: skip
        pages = sorted(Path(directory).glob("page*.png"))
        for page in pages:
            despeckle(page)
        return "\n".join(image_text(page) for page in pages)


def despeckle(image_path: Path) -> None:
    """Remove the specks a copier leaves (a 3×3 median keeps strokes, drops lone dots)."""
    from PIL import Image, ImageFilter

    with Image.open(image_path) as image:
        cleaned = image.filter(ImageFilter.MedianFilter(3))
    cleaned.save(image_path)


def character_accuracy(recognised: str, expected: str) -> float:
    """1 − (edit distance / length) over the characters that are not white space."""
    a = "".join(recognised.split())
    b = "".join(expected.split())
    if not b:
        return 1.0 if not a else 0.0
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return max(0.0, 1 - previous[-1] / len(b))
