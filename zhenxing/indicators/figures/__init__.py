"""Figures read from texts: every quantity in a report or news article, in base units, with the
place and period it is about. `extract_figures(text)` is the one entry point; `read_document`
turns an uploaded file into the text that the offsets refer to."""

from zhenxing.indicators.figures.extract import Figure, extract_figures
from zhenxing.indicators.figures.reader import read_document

__all__ = ["Figure", "extract_figures", "read_document"]
