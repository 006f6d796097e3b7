"""Write constraints.txt: the exact versions of lapwing's dependency closure (runtime and
every extra) as installed here, for CI and the README's test command to install the same
set every time (`pip install -c constraints.txt -e '.[test]'`).

    python tools/freeze_constraints.py           # after upgrading on purpose, then commit

Only the closure of lapwing's own requirements is written, not the rest of the machine.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Not pinned: lapwing itself and the packaging tools (pip builds in an environment of its
# own, with the floors pyproject.toml's [build-system] gives)
_TOOLING = frozenset({"lapwing", "pip", "setuptools", "wheel"})


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _extras(requirement: str) -> set[str]:
    found = re.search(r"\[([^\]]+)\]", requirement.split(";")[0])
    return {e.strip() for e in found.group(1).split(",")} if found else set()


def _applies(requirement: str, extras: set[str]) -> bool:
    """Whether a requirement holds for this interpreter with these extras."""
    from packaging.requirements import Requirement

    marker = Requirement(requirement).marker
    if marker is None:
        return True
    return any(marker.evaluate({"extra": e}) for e in extras or {""})


def closure() -> dict[str, str]:
    pinned: dict[str, str] = {}
    todo = [("lapwing", {"test", "dask", "pandas"})]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        key = (name, frozenset(extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency for another platform
        if name not in _TOOLING:
            pinned[dist.metadata["Name"].lower().replace("_", "-")] = dist.version
        for requirement in dist.requires or []:
            if _applies(requirement, extras):
                todo.append((_name(requirement), _extras(requirement)))
    return pinned


def main() -> int:
    pinned = closure()
    lines = [
        "# Exact versions CI and the README's test command install (`pip install -c",
        "# constraints.txt -e '.[test]'`); written by tools/freeze_constraints.py, do not edit.",
        f"# Python {sys.version.split()[0]}",
        *(f"{name}=={version}" for name, version in sorted(pinned.items())),
    ]
    (ROOT / "constraints.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"constraints.txt: {len(pinned)} packages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
