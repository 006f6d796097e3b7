"""The install is reproducible and above known advisories: constraints.txt pins every
dependency pyproject.toml names, within its floors, and the test command installs with it."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement

from conftest import REPO


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        names += extra
    return [Requirement(r) for r in names]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name] = version
    return pins


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_dependency_is_pinned_within_its_floor():
    pins = _pins()
    for requirement in _requirements():
        pinned = pins.get(_key(requirement.name))
        assert pinned is not None, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned, prereleases=True), (requirement, pinned)


def test_the_floors_stay_above_known_advisories():
    floors = {_key(r.name): r.specifier for r in _requirements()}
    for name, vulnerable in {
        "lxml-html-clean": "0.4.5",
        "starlette": "0.49.0",
        "pyarrow": "14.0.0",
    }.items():
        assert not floors[name].contains(vulnerable), f"{name} {vulnerable} is still allowed"
    build = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    (setuptools,) = [Requirement(r) for r in build["requires"] if r.startswith("setuptools")]
    assert not setuptools.specifier.contains("78.1.0")


def test_ci_installs_with_the_constraints():
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -c constraints.txt -e '.[test]'" in run
