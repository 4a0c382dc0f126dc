"""Cached lists: a list's rendered rows (a page's table, an API's JSON) kept per person and
query until any table they were built from is written (issue 19).

A list request spends its time in Python — building the query, making 50 or 100 model
instances, rendering or serialising them — not in the database. Most list requests repeat one
that was answered a moment ago (the secretariat refreshing a list at a deadline, a liaison
going back to their projects), so the answer is kept and served again while nothing it was
built from has changed.

The key holds everything the rows depend on: the list and its address, the person (their id, role and unit:
what they may see), the mechanism in use, the language, today's date (overdue marks), every
query parameter, and the generations of the tables the rows were read from
(zhenxing/operations/generations.py). A committed write to any of those tables, from any
process, moves its generation on, so the next request builds the rows afresh. The person's
access is checked by the view before the cache is asked, every time.

A list page can be kept whole (`kept_page`): the header, filters and rows as the person last
saw them, also keyed by their name as the header shows it, the CSRF secret of their browser
(the page's forms carry tokens masked from it) and whether htmx asked. A page is not kept while
messages wait to be shown, nor for a browser without a CSRF cookie yet.

Where: the `lists` cache (settings.CACHES; in memory per server process by default, so each
process builds its own copy once). LIST_CACHE_SECONDS bounds a copy's life (also for writes made
outside Django); 0 turns the cache off.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import router
from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder
from pydantic import TypeAdapter

from zhenxing.operations.generations import generations_of

T = TypeVar("T")

SESSION_MECHANISM_KEY = "mechanism_in_use"  # zhenxing.mechanisms.scope.SESSION_KEY


# Who may see what, and the names lists show: units, regions and the mechanisms' make-up (not
# the accounts table, which every login writes).
SCOPE_MODELS = (
    "orgs.Unit",
    "orgs.Region",
    "mechanisms.Mechanism",
    "mechanisms.Membership",
    "mechanisms.SecretariatComponent",
)


def tables_of(*app_labels: str, also: Iterable[str] = SCOPE_MODELS) -> tuple[type[Model], ...]:
    """Every model of the apps named, and the models `also` names ("app.Model"): what a list's
    rows are read from, broadly (a write to any of them renews the list). The first app is the
    list's own, whose database the generations are read from."""
    models = [model for label in app_labels for model in apps.get_app_config(label).get_models()]
    return tuple(models) + tuple(apps.get_model(name) for name in also)


def _enabled() -> bool:
    return settings.LIST_CACHE_SECONDS > 0


def list_key(request, name: str, models: Iterable[type[Model]], extra: Iterable[str] = ()) -> str:
    """The cache key of list `name` as `request` asks for it (see the module docstring)."""
    models = list(models)
    tables = tuple(model._meta.db_table for model in models)
    user = request.user
    session = getattr(request, "session", None)
    parts = [
        name,
        request.path,
        str(user.pk),
        str(getattr(user, "role", "")),
        str(getattr(user, "unit_id", "")),
        str(session.get(SESSION_MECHANISM_KEY, "")) if session is not None else "",
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        repr(sorted(request.GET.lists())),
        repr(generations_of(tables, using=router.db_for_read(models[0]))),
        *extra,
    ]
    return "list:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_fragment(
    request, name: str, models: Iterable[type[Model]], build: Callable[[], str]
) -> str:
    """The HTML `build()` renders for this request, from the cache when nothing it was built
    from has changed since."""
    if not _enabled():
        return build()
    # A template's output is a SafeString, and the cache keeps it one (pickled with its class).
    key = list_key(request, name, models)
    return caches["lists"].get_or_set(key, build, settings.LIST_CACHE_SECONDS)


def kept_page(
    request, name: str, models: Iterable[type[Model]], respond: Callable[[], HttpResponse]
) -> HttpResponse:
    """The whole list page `respond()` answers for this request, from the cache when nothing it
    was built from (the list's tables, and the units and mechanisms the header names) has
    changed since. The view checks access before asking."""
    scope = (apps.get_model(label) for label in SCOPE_MODELS)
    models = list(dict.fromkeys([*models, *scope]))
    key = _page_key(request, name, models) if _enabled() and _page_may_be_kept(request) else None
    cache = caches["lists"]
    stored = cache.get(key) if key else None
    if stored is not None:
        body, headers = stored
        response = HttpResponse(body)
        for header, value in headers:
            response[header] = value
        return response
    response = respond()
    if key and response.status_code == 200 and not response.streaming and not response.cookies:
        stored = (response.content, list(response.headers.items()))
        cache.set(key, stored, settings.LIST_CACHE_SECONDS)
    return response


def _page_may_be_kept(request) -> bool:
    # A browser without the CSRF cookie gets a new secret with this page; messages waiting are
    # shown once, on a page built for them.
    return (
        request.method == "GET"
        and bool(request.META.get("CSRF_COOKIE"))
        and len(get_messages(request)) == 0
    )


def _page_key(request, name: str, models: list[type[Model]]) -> str:
    user = request.user
    secret = hashlib.sha256(request.META["CSRF_COOKIE"].encode()).hexdigest()
    extra = (
        "page",
        str(user),
        str(user.is_staff),
        str(user.is_superuser),
        secret,
        request.headers.get("HX-Request", ""),
    )
    return list_key(request, name, models, extra)


def kept_answer(
    user,
    name: str,
    models: Iterable[type[Model]],
    build: Callable[[], T],
    *,
    cache: str = "lists",
) -> T:
    """What `build()` answers about `name` for `user` — an access decision a list asks before
    its rows, costlier than the kept rows themselves — kept until a committed write to a table
    it is read from (`models`), a change of the person's role or unit, or the next day.
    `cache` names the cache it is kept in: small answers every page asks for (the person's
    mechanisms) keep out of the lists cache, where whole pages would push them out."""
    if not _enabled() or not getattr(user, "is_authenticated", False):
        return build()
    models = list(models)
    tables = tuple(model._meta.db_table for model in models)
    parts = (
        name,
        user.pk,
        getattr(user, "role", ""),
        getattr(user, "unit_id", None),
        timezone.localdate().isoformat(),
        generations_of(tables, using=router.db_for_read(models[0])),
    )
    key = "answer:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    return caches[cache].get_or_set(key, build, settings.LIST_CACHE_SECONDS)


def cached_api_list(
    request,
    response: HttpResponse,
    name: str,
    models: Iterable[type[Model]],
    schema,
    build: Callable[[], Iterable],
) -> HttpResponse:
    """An API list's answer: the rows `build()` returns serialised by `schema` as django-ninja
    would (the same JSON and the `Link` header `build` set on `response`), from the cache when
    nothing it was built from has changed since."""
    cache = caches["lists"]
    key = list_key(request, name, models) if _enabled() else None
    stored = cache.get(key) if key else None
    if stored is None:
        rows = list(build())
        adapter = TypeAdapter(list[schema])
        context = {"request": request, "response_status": 200}
        data = adapter.dump_python(
            adapter.validate_python(rows, from_attributes=True, context=context)
        )
        body = json.dumps(data, cls=NinjaJSONEncoder).encode()
        headers = [
            (header, value)
            for header, value in response.headers.items()
            if header.lower() not in ("content-type", "content-length")
        ]
        stored = (body, headers)
        if key:
            cache.set(key, stored, settings.LIST_CACHE_SECONDS)
    body, headers = stored
    answer = HttpResponse(body, content_type="application/json; charset=utf-8")
    for header, value in headers:
        answer[header] = value
    return answer
