"""Documentation cannot drift: every field, finding code and command is documented."""

from __future__ import annotations

import re

from generator import reference
from generator.cli import parser
from generator.findings import CATALOGUE
from tests.conftest import REPO
from tests.golden import rendered


def test_every_field_of_the_model_is_in_the_reference_page() -> None:
    page = rendered()["reference.md"]
    for model in reference.fact_format():
        assert f"## {model['name']}" in page
        for field in model["fields"]:
            assert f"| {field['name']} |" in page, (model["name"], field["name"])
            assert field["doc"], f"{model['name']}.{field['name']} has no docstring"


def test_every_finding_code_raised_is_in_the_catalogue_and_documented() -> None:
    used = set()
    for path in (REPO / "generator").glob("*.py"):
        used |= set(re.findall(r'"(D\d{3})"', path.read_text("utf-8")))
    assert used <= set(CATALOGUE), used - set(CATALOGUE)
    page = rendered()["reference.md"]
    for code in CATALOGUE:
        assert f"| {code} |" in page


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"dossier {name}" in readme or f"make {name}" in readme, name
