"""Scans made from text, as a copier makes them: black text on A4 pages rendered to images,
specks of noise and a slight tilt, saved as an image-only PDF (no text layer). Shared by the
OCR tests and bench/ocr_accuracy.py."""

import io
import random
import textwrap

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
DPI = 200
PAGE = (int(210 / 25.4 * DPI), int(297 / 25.4 * DPI))  # A4
MARGIN = int(25 / 25.4 * DPI)
FONT_SIZE = int(16 / 72 * DPI)  # 三号, as official documents are printed
LINE_CHARACTERS = 28


def scan_pages(text: str, *, seed: int = 3, noise: float = 0.002, tilt: float = 0.4):
    """Page images of `text` (wrapped at 28 characters, 22 lines a page), noisy and tilted."""
    font = ImageFont.truetype(FONT, FONT_SIZE)
    randomness = random.Random(seed)
    lines = [
        piece
        for paragraph in text.splitlines()
        for piece in (textwrap.wrap(paragraph, LINE_CHARACTERS) or [""])
    ]
    line_height = int(FONT_SIZE * 1.6)
    per_page = (PAGE[1] - 2 * MARGIN) // line_height
    pages = []
    for start in range(0, len(lines), per_page):
        image = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(image)
        for index, line in enumerate(lines[start : start + per_page]):
            draw.text((MARGIN, MARGIN + index * line_height), line, font=font, fill=0)
        pixels = image.load()
        for _ in range(int(PAGE[0] * PAGE[1] * noise)):
            x, y = randomness.randrange(PAGE[0]), randomness.randrange(PAGE[1])
            pixels[x, y] = 0 if randomness.random() < 0.5 else 255
        image = image.rotate(randomness.uniform(-tilt, tilt), fillcolor=255, expand=False)
        pages.append(image.filter(ImageFilter.GaussianBlur(0.4)))
    return pages


def scanned_pdf(text: str, **options) -> bytes:
    """An image-only PDF of `text` (see scan_pages)."""
    pages = scan_pages(text, **options)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buffer.getvalue()
