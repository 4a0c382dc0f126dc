"""Lists that stay fast at hundreds of thousands of rows.

- The API walks a list by keyset: an opaque cursor holds the last row's sort values and the
  next page starts after them (an index range, never an OFFSET scan), so page 900 costs what
  page 1 costs and rows inserted meanwhile neither repeat nor vanish. Links go in the `Link`
  header (RFC 8288), so the body stays the list it always was.
- The pages keep their page numbers: the ids of a page are read by an offset over the index
  that orders the list (index-only where the index covers the filter), then the rows by id.
- Counts do not scan: exact up to COUNT_THRESHOLD rows (a bounded count reads at most that
  many index entries); above it the planner's estimate on PostgreSQL, and on SQLite, which has
  none, an exact count kept for COUNT_CACHE_SECONDS. Estimated counts show as "约 200,000".
"""

import base64
import binascii
import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

COUNT_THRESHOLD = 10_000
COUNT_CACHE_SECONDS = 60
API_PAGE_SIZE = 100


class BadCursor(ValueError):
    """A cursor that this server did not make (edited, truncated, or for another sort)."""


# -- counts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowCount:
    """How many rows a list has, and whether the figure is an estimate."""

    value: int
    estimated: bool = False

    def __int__(self) -> int:
        return self.value

    def __str__(self) -> str:
        shown = number_format(self.value, force_grouping=True)
        return _("约 %(count)s") % {"count": shown} if self.estimated else shown


def count_rows(queryset: QuerySet) -> RowCount:
    """The number of rows of `queryset`: exact up to COUNT_THRESHOLD, else an estimate."""
    bounded = queryset.order_by().values("pk")[: COUNT_THRESHOLD + 1].count()
    if bounded <= COUNT_THRESHOLD:
        return RowCount(bounded)
    return RowCount(max(_estimate(queryset), bounded), estimated=True)


def _estimate(queryset: QuerySet) -> int:
    connection = connections[queryset.db]
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])
    key = "rowcount:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = queryset.order_by().count()
        cache.set(key, value, COUNT_CACHE_SECONDS)
    return value


# -- page numbers (HTML pages) ---------------------------------------------------------------
class FastPaginator(Paginator):
    """Django's Paginator with a count that does not scan and a page read as ids first."""

    @cached_property
    def row_count(self) -> RowCount:
        return count_rows(self.object_list)

    @cached_property
    def count(self) -> int:
        return int(self.row_count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.model._default_manager.none()
        if ids:
            by_id = self.object_list.order_by().filter(pk__in=ids).in_bulk()
            rows = [by_id[pk] for pk in ids if pk in by_id]
        return self._get_page(rows, number, self)


# -- keyset cursors (API) --------------------------------------------------------------------
@dataclass
class KeysetPage:
    """One page of rows and the cursors of its neighbours ("" where there is none)."""

    rows: list
    next_cursor: str
    previous_cursor: str

    def link_header(self, request) -> str:
        """The RFC 8288 `Link` header value: the same request with `cursor` replaced."""
        links = []
        for relation, cursor in (("next", self.next_cursor), ("prev", self.previous_cursor)):
            if cursor:
                query = {key: value for key, value in request.GET.items() if key != "page"}
                query["cursor"] = cursor
                url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
                links.append(f'<{url}>; rel="{relation}"')
        return ", ".join(links)


def api_page(
    request, response, queryset: QuerySet, *, ordering: list[str], cursor: str = "", size: int = 0
):
    """The rows of an API list page (API_PAGE_SIZE unless `size`), the `Link` header set on
    `response` (ninja's temporal response). A bad cursor raises BadCursor, which the API
    answers with 400 (zhenxing/api.py)."""
    found = keyset_page(queryset, ordering=ordering, cursor=cursor, size=size or API_PAGE_SIZE)
    if links := found.link_header(request):
        response["Link"] = links
    return found.rows


def keyset_page(
    queryset: QuerySet, *, ordering: list[str], cursor: str = "", size: int
) -> KeysetPage:
    """The page of `queryset` sorted by `ordering` that `cursor` points at (the first without).

    The last field of `ordering` must be unique (the primary key), and no field may be null:
    together they give every row one place in the order.
    """
    backwards = False
    if cursor:
        values, backwards, signature = _decode(cursor)
        if signature != _signature(queryset, ordering):
            raise BadCursor("cursor made for another list or sort")
        queryset = queryset.filter(_after(queryset, ordering, values, backwards=backwards))
    order = [_flip(field) for field in ordering] if backwards else list(ordering)
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if not rows:
        return KeysetPage([], "", "")
    signature = _signature(queryset, ordering)
    first, last = _key(rows[0], ordering), _key(rows[-1], ordering)
    has_next = more if not backwards else True
    has_previous = (more if backwards else True) if cursor else False
    return KeysetPage(
        rows,
        _encode(last, False, signature) if has_next else "",
        _encode(first, True, signature) if has_previous else "",
    )


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def _after(queryset, ordering: list[str], values: list, *, backwards: bool) -> Q:
    """Rows strictly after `values` in the order (before, going backwards), written as
    (a > x) OR (a = x AND b > y) … with the first term's bound repeated as a plain range,
    so that SQLite and PostgreSQL both read only the index range past the cursor."""
    if len(values) != len(ordering):
        raise BadCursor("cursor does not match the sort")
    values = [
        _field_value(queryset, field, value) for field, value in zip(ordering, values, strict=True)
    ]
    alternatives = Q(pk__in=[])
    equal = Q()
    for field, value in zip(ordering, values, strict=True):
        name = field.lstrip("-")
        greater = field.startswith("-") == backwards
        alternatives |= equal & Q(**{f"{name}__{'gt' if greater else 'lt'}": value})
        equal &= Q(**{name: value})
    first = ordering[0]
    greater = first.startswith("-") == backwards
    bound = Q(**{f"{first.lstrip('-')}__{'gte' if greater else 'lte'}": values[0]})
    return bound & alternatives


def _field_value(queryset, field: str, value):
    name = field.lstrip("-")
    try:
        model_field = queryset.model._meta.get_field("id" if name == "pk" else name)
    except FieldDoesNotExist as error:
        raise BadCursor(str(error)) from error
    try:
        return model_field.to_python(value)
    except Exception as error:  # a to_python refuses with ValidationError or TypeError
        raise BadCursor(f"bad value in cursor: {value!r}") from error


def _key(row, ordering: list[str]) -> list:
    return [_jsonable(getattr(row, field.lstrip("-"))) for field in ordering]


def _jsonable(value):
    if isinstance(value, (Decimal, datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value


def _signature(queryset, ordering: list[str]) -> str:
    """Ties a cursor to its list's model and sort (not to the filters: those stay in the URL)."""
    text = f"{queryset.model._meta.label}:{','.join(ordering)}"
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _encode(values: list, backwards: bool, signature: str) -> str:
    text = json.dumps([values, int(backwards), signature], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[list, bool, str]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values, backwards, signature = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise BadCursor("cursor is not one of ours") from error
    if not isinstance(values, list) or backwards not in (0, 1) or not isinstance(signature, str):
        raise BadCursor("cursor is not one of ours")
    return values, bool(backwards), signature
