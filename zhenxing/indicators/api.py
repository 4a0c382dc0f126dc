"""API: figures read from a pasted text or an uploaded file (POST /api/v1/figures/extract)."""

from django.core.exceptions import ValidationError
from ninja import File, Form, Router, Schema, Status, UploadedFile

from zhenxing.indicators.access import may_extract_figures
from zhenxing.indicators.figures import extract_figures, read_document
from zhenxing.orgs.access import require

router = Router(tags=["figures"])


class FigureOut(Schema):
    quantity: str
    value: int | float
    unit: str | None
    region: str | None
    period: str | None
    sentence: str
    start: int
    end: int
    approximate: bool
    province: str | None
    off_topic: bool


class ErrorOut(Schema):
    detail: str


@router.post("/extract", response={200: list[FigureOut], 400: ErrorOut})
def extract(
    request,
    text: Form[str] = "",
    include_off_topic: Form[bool] = False,
    file: File[UploadedFile] = None,
):
    """Figures of `text` or of an uploaded .txt/.docx/.pdf/.html file; offsets index that text."""
    require(may_extract_figures(request.user))
    try:
        if file is not None:
            text = read_document(file.name, file.read())
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    if not text.strip():
        return Status(400, {"detail": "请粘贴文本或上传文件。"})
    figures = extract_figures(text, include_off_topic=include_off_topic)
    return [figure.as_dict() for figure in figures]
