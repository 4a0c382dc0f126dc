"""Every dependency in pyproject.toml has a reason beside it, a lower and an upper bound, and a
pin in constraints.txt that its range admits (README.md, Dependencies: how to upgrade one)."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"


def requirements() -> list[Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    listed = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        listed.extend(extra)
    return [Requirement(text) for text in listed]


def constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_the_lists_are_read():
    names = {requirement.name for requirement in requirements()}
    assert {"Django", "weasyprint", "pytest", "django-import-export"} <= names


def test_every_dependency_has_lower_and_upper_bounds():
    unbounded = [
        str(requirement)
        for requirement in requirements()
        if not {spec.operator for spec in requirement.specifier} & {"<", "<=", "==", "~="}
        or not {spec.operator for spec in requirement.specifier} & {">", ">=", "==", "~="}
    ]
    assert unbounded == []


def test_every_dependency_is_pinned_in_constraints_within_its_range():
    pins = constraints()
    wrong = {
        str(requirement): pins.get(canonicalize_name(requirement.name))
        for requirement in requirements()
        if canonicalize_name(requirement.name) not in pins
        or not requirement.specifier.contains(
            pins[canonicalize_name(requirement.name)], prereleases=True
        )
    }
    assert wrong == {}


def test_every_dependency_says_why():
    text = PYPROJECT.read_text(encoding="utf-8")
    lines = re.findall(r'^\s*"[A-Za-z][^"]*[<>=~][^"]*",.*$', text, flags=re.MULTILINE)
    assert len(lines) == len(requirements())
    assert [line.strip() for line in lines if "#" not in line] == []
