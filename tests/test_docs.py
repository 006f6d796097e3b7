"""The documentation stays true: commands, examples, quickstart and output fields.

Like sqlite-utils' tests/test_docs.py, these fail when something is added without being
documented; none of them loads the spaCy model.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import typer
from typer.testing import CliRunner

from conftest import REPO, repo_file
from lapwing.cli import app
from lapwing.records import Actor, Event, Place

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)


def readme_section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def code_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.M | re.S)


def test_the_cli_has_commands():
    assert len(COMMANDS) >= 7


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command):
    assert re.search(rf"\blapwing {re.escape(command)}\b", README), command


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_an_example(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.stdout
    example = result.stdout.split("Example:", 1)[1].split("\n\n", 1)[0]
    assert f"lapwing {command}" in " ".join(example.split()), "the example uses the command"


def test_quickstart_is_two_one_line_commands_and_ci_runs_the_second():
    blocks = code_blocks(readme_section("Quickstart"))
    assert len(blocks) == 2
    lines = [[line for line in block.splitlines() if line.strip()] for block in blocks]
    assert [len(block) for block in lines] == [1, 1]
    install_and_demo, install_and_test = (block[0].strip() for block in lines)
    assert "lapwing demo" in install_and_demo
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()


def _schema_event_table() -> list[tuple[str, str, str]]:
    text = repo_file("docs", "SCHEMA.md").read_text(encoding="utf-8")
    section = re.split(r"^## ", text, flags=re.M)
    (code_section,) = [s for s in section if s.startswith("`lapwing code`")]
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| ([^|]+) \| (.+) \|$", code_section, flags=re.M)
    assert len(rows) > 10
    return [(name, kind.strip(), meaning) for name, kind, meaning in rows]


def _documented_subfields(meaning: str) -> set[str]:
    """`text`, `code` ... named in an object field's description, examples in () left out."""
    without_examples = re.sub(r"\([^()]*\)", "", meaning)
    return set(re.findall(r"`([a-z_][a-z_0-9]*)`", without_examples))


def _sample_event() -> Event:
    """An event with every optional part filled, built by hand (no model needed)."""
    actor = Actor(text="Russian troops", code="RUSMIL", country="RUS", sector="MIL", name=None)
    place = Place(
        name="Bakhmut",
        geonameid=713174,
        lat=48.6,
        lon=38.0,
        country="UKR",
        admin1="Donetsk",
        precision="city",
        feature="P.PPL",
        confidence=0.9,
    )
    values = {
        "actor": actor,
        "recipient": dataclasses.replace(actor, code="UKRMIL", country="UKR"),
        "location": place,
        "context": ["military"],
        "spans": {
            "trigger": (15, 23),
            "actor": (0, 14),
            "recipient": (24, 43),
            "location": (49, 56),
        },
        "quad_class": 4,
        "goldstein": -10.0,
        "confidence": 0.8,
    }
    for field in dataclasses.fields(Event):
        if field.name not in values and field.default is dataclasses.MISSING:
            values[field.name] = f"<{field.name}>"
    return Event(**values)


def test_every_schema_event_field_is_produced_by_to_dict():
    record = _sample_event().to_dict()
    for name, kind, meaning in _schema_event_table():
        assert name in record, f"SCHEMA.md field {name!r} is not in Event.to_dict()"
        if kind.startswith("object"):
            subfields = _documented_subfields(meaning)
            if subfields:
                assert isinstance(record[name], dict), name
                missing = subfields - set(record[name])
                assert not missing, f"{name}: SCHEMA.md names {missing}, to_dict() lacks them"


def test_recipient_has_the_actor_fields():
    record = _sample_event().to_dict()
    assert set(record["recipient"]) == set(record["actor"])


def test_readme_lists_the_schema_fields():
    fields = [name for name, _, _ in _schema_event_table()]
    section = readme_section("Output fields")
    missing = [f for f in fields if f"`{f}`" not in section]
    assert not missing, f"README 'Output fields' does not list {missing}"


def test_the_test_command_installs_what_the_tests_drive_and_names_each_file():
    """A fresh machine gets chromium and PostgreSQL from the command itself, and a long run
    names the file it is in (pytest's default per-file lines, not `-q` dots)."""
    (_, install_and_test) = (b.strip() for b in code_blocks(readme_section("Quickstart")))
    assert install_and_test.startswith("sh tools/test-deps.sh && ")
    assert " -q" not in install_and_test and "--durations" in install_and_test
    script = (REPO / "tools" / "test-deps.sh").read_text(encoding="utf-8")
    assert "chromium" in script and "postgresql" in script and "apt-get install" in script


def test_nothing_reads_a_folder_beside_the_repository():
    """A clone has nothing beside it: docs, commands and tests point inside the repository."""
    texts = {"README.md": README, ".ci/run": (REPO / ".ci" / "run").read_text(encoding="utf-8")}
    extra = [REPO / "eval/README.md", REPO / "eval/NEWS_GOLD.md", REPO / "src/lapwing/cli.py"]
    for path in [*REPO.glob("docs/**/*.md"), *REPO.glob("tests/**/*.py"), *extra]:
        texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    allowed = "LAPWING_EXTERNAL_EVAL"  # the one documented place for external measurement data
    for name, text in texts.items():
        for line in text.splitlines():
            if "../shared" in line or "/work/shared" in line or '"shared"' in line:
                assert allowed in line or "EXTERNAL_EVAL" in text, f"{name}: {line.strip()}"


def test_the_files_the_readme_names_are_in_the_repository():
    path = r"(?<![\w/.])((?:docs|eval|tests/fixtures|tools)/[\w./-]+\.\w+)"
    named = set(re.findall(path, README))
    assert {"docs/SCHEMA.md", "eval/README.md", "tools/test-deps.sh"} <= named
    missing = sorted(p for p in named if not (REPO / p).exists())
    assert not missing, missing
