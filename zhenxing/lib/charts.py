"""Bar charts for generated documents (PNG for Word, SVG for PDF), with Chinese labels."""

import functools
import io

from zhenxing.lib.fonts import FALLBACK_SANS

PALETTE = ["#1456b8", "#b7791f", "#c62828", "#2e7d32", "#6a1b9a", "#00695c"]
COLOUR_BY_CATEGORY = {"绿灯": "#2e7d32", "黄灯": "#d4a017", "红灯": "#c62828", "已销号": "#607d8b"}


@functools.cache
def load_matplotlib():
    """Import matplotlib (about 0.3 s) on first use, not when URLs are resolved; servers call
    this at start-up (operations.warmup). Returns pyplot and the chosen font family."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    available = {font.name for font in font_manager.fontManager.ttflist}
    return pyplot, FALLBACK_SANS if FALLBACK_SANS in available else "sans-serif"


def bar_chart(
    title: str,
    categories: list[str],
    series: dict[str, list[float]],
    unit: str = "",
    *,
    image_format: str = "png",
) -> bytes:
    """A grouped bar chart; categories named 绿灯/黄灯/红灯 take their traffic-light colours."""
    pyplot, font = load_matplotlib()
    pyplot.rcParams["font.family"] = font
    pyplot.rcParams["svg.fonttype"] = "none"
    figure, axes = pyplot.subplots(figsize=(6.4, 3.2), dpi=150)
    count = max(1, len(series))
    width = 0.8 / count
    for index, (name, values) in enumerate(series.items()):
        positions = [i + (index - (count - 1) / 2) * width for i in range(len(categories))]
        colours = (
            [COLOUR_BY_CATEGORY.get(c, PALETTE[index % len(PALETTE)]) for c in categories]
            if count == 1
            else PALETTE[index % len(PALETTE)]
        )
        bars = axes.bar(positions, values, width=width * 0.9, color=colours, label=name)
        axes.bar_label(bars, labels=[f"{v:g}" for v in values], fontsize=8, padding=2)
    axes.set_xticks(range(len(categories)), categories, fontsize=9)
    axes.set_ylim(
        bottom=0, top=max([1.0] + [v for values in series.values() for v in values]) * 1.15
    )
    axes.set_title(title, fontsize=11)
    if unit:
        axes.set_ylabel(unit, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    if count > 1:
        axes.legend(fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format=image_format,
        metadata={"Date": None} if image_format == "svg" else {"Software": None},
    )
    pyplot.close(figure)
    return buffer.getvalue()
