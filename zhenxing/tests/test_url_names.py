"""Every URL name the templates and the code spell resolves, and every app's names live in its
namespace. A misspelt or unnamespaced name raises NoReverseMatch only when its page renders, and
some pages (an error branch, a role few tests use) render rarely."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import get_resolver

PACKAGE = Path(__file__).resolve().parents[1]

# {% url 'name' …%}, reverse("name"), reverse_lazy, redirect and resolve_url with a literal name.
NAMED = re.compile(
    r"""(?:\{%\s*url\s+|\b(?:reverse|reverse_lazy|redirect|resolve_url)\(\s*)(["'])([\w:-]+)\1"""
)
# Names without a namespace that belong to the project, not to an app.
PROJECT_NAMES = {"home", "set_language"}


def sources():
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".html", ".py", ".txt"} and "migrations" not in path.parts:
            if path == Path(__file__).resolve():
                continue
            yield path


def named_urls() -> dict[str, set[str]]:
    """Each literal URL name in the package, with the files that spell it."""
    found: dict[str, set[str]] = {}
    for path in sources():
        for match in NAMED.finditer(path.read_text(encoding="utf-8", errors="ignore")):
            name = match.group(2)
            if "/" not in name and "." not in name:
                found.setdefault(name, set()).add(str(path.relative_to(PACKAGE)))
    return found


def resolvable(name: str) -> bool:
    resolver = get_resolver()
    *namespaces, view_name = name.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return view_name in resolver.reverse_dict


def test_every_spelt_url_name_resolves():
    found = named_urls()
    assert len(found) > 100  # the scan reads the templates and views, not an empty tree
    missing = {name: sorted(files) for name, files in found.items() if not resolvable(name)}
    assert missing == {}


def test_every_app_url_name_is_namespaced():
    bare = {
        name: sorted(files)
        for name, files in named_urls().items()
        if ":" not in name and name not in PROJECT_NAMES
    }
    assert bare == {}


def test_every_app_urls_module_declares_its_namespace():
    without = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.glob("*/*urls.py"))
        if "app_name = " not in path.read_text(encoding="utf-8")
    ]
    assert without == []


def test_login_settings_name_namespaced_urls():
    for setting in ("LOGIN_URL", "LOGOUT_REDIRECT_URL"):
        assert resolvable(getattr(settings, setting)), setting


def test_the_replica_reads_name_views_that_exist():
    # The router compares resolver_match.view_name ("projects:project_list") with these names:
    # one that resolves nothing would quietly send that page's reads to the primary.
    unknown = [name for name in settings.DATABASE_REPLICA_VIEWS if not resolvable(name)]
    assert unknown == []
