"""The open API (/open/api/): its own NinjaAPI and OpenAPI document, no sign-in, read-only,
the published datasets only; rate-limited per address like the open pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema

from zhenxing.public import selectors
from zhenxing.public.limits import seconds_to_wait


class TooManyRequests(Exception):
    def __init__(self, wait: int):
        self.wait = wait


open_api = NinjaAPI(
    title="zhenxing open data API",
    version="1",
    description="振兴 · 政务公开数据接口：工作机制自行选择公开的数据集，无需登录，按地址限流。",
    auth=None,
    urls_namespace="open_api",
)


@open_api.exception_handler(TooManyRequests)
def too_many_requests(request, exc):
    response = open_api.create_response(
        request, {"detail": "请求过于频繁，请稍后再试。"}, status=429
    )
    response["Retry-After"] = str(exc.wait)
    return response


def _limit(request) -> None:
    wait = seconds_to_wait(request, "open")
    if wait:
        raise TooManyRequests(wait)


class MechanismOut(Schema):
    code: str
    name: str
    datasets: list[str]


class ColumnOut(Schema):
    key: str
    title: str


class DatasetOut(Schema):
    mechanism: str
    name: str
    title: str
    columns: list[ColumnOut]
    rows: list[dict]


@open_api.get("/mechanisms", response=list[MechanismOut])
def mechanisms(request):
    """Mechanisms that publish open data, with the names of their datasets."""
    _limit(request)
    return [
        {"code": m.code, "name": m.name, "datasets": selectors.dataset_names(m)}
        for m in selectors.publishing_mechanisms()
    ]


@open_api.get("/mechanisms/{code}/datasets/{name}", response=DatasetOut)
def dataset(request, code: str, name: str):
    """One published dataset: members, duties, progress, projects, indicators or plan-<id>."""
    _limit(request)
    mechanism = get_object_or_404(selectors.publishing_mechanisms(), code=code)
    found = selectors.open_dataset(mechanism, name)
    if found is None:
        raise Http404
    return {
        "mechanism": mechanism.code,
        "name": found.name,
        "title": found.title,
        "columns": [{"key": key, "title": title} for key, title in found.columns],
        "rows": found.rows,
    }
