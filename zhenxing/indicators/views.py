"""The figures page: paste a text or upload a file, see every figure highlighted and listed."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from zhenxing.indicators.access import may_extract_figures
from zhenxing.indicators.figures import extract_figures, read_document
from zhenxing.indicators.forms import FigureExtractForm
from zhenxing.orgs.access import require


@login_required
def figure_extract(request):
    require(may_extract_figures(request.user))
    form = FigureExtractForm(request.POST or None, request.FILES or None)
    context = {"form": form, "figures": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = (
                read_document(upload.name, upload.read()) if upload else form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            figures = extract_figures(
                text, include_off_topic=form.cleaned_data["include_off_topic"]
            )
            context |= {"figures": figures, "segments": highlighted(text, figures)}
    return render(
        request, "indicators/figure_extract.html", context, status=422 if form.errors else 200
    )


def highlighted(text: str, figures) -> list[tuple[str, int | None]]:
    """The text cut into runs: (run, figure number) for a figure, (run, None) between them."""
    segments, position = [], 0
    for number, figure in enumerate(figures, start=1):
        if figure.start < position:
            continue
        segments.append((text[position : figure.start], None))
        segments.append((text[figure.start : figure.end], number))
        position = figure.end
    segments.append((text[position:], None))
    return segments
