"""The committed JSON Schemas are the model's, and they agree with the generator's validator
on the real dossier and on the bad-input corpus."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.cli.schema import SCHEMAS, schema_files
from generator.format.kinds import folders
from tests.conftest import REPO
from tests.test_bad_inputs import CASES

VALIDATION_CODES = {"D201", "D202", "D203"}
# What JSON Schema cannot express; the validator alone refuses these.
BEYOND_SCHEMA = {"date-february-30", "date-month-13", "date-impossible-time"}


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2): numbers and true/false
    typed; dates, `no` and `on` kept as text; no merge keys."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if not tag.endswith((":timestamp", ":merge", ":bool"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
EditorLoader.add_implicit_resolver(  # YAML 1.2 booleans: `no` and `on` stay text
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def validator(kind: str) -> Any:
    import json

    schema = json.loads((REPO / SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schemas_are_generated_from_the_model() -> None:
    for name, text in schema_files().items():
        assert (REPO / SCHEMAS / name).read_text("utf-8") == text, (
            f"{SCHEMAS}/{name} is stale: run python -m generator.cli.schema")
    assert len(schema_files()) == len(folders())


@pytest.mark.parametrize("kind", sorted(folders()))
def test_every_real_fact_file_is_valid_for_the_schema(kind: str) -> None:
    check = validator(kind)
    for path in sorted((REPO / "facts" / kind).glob("*.yaml")):
        errors = [e.message for e in check.iter_errors(yaml.load(path.read_text(), EditorLoader))]
        assert errors == [], (path.name, errors)


def _schema_cases() -> list[Any]:
    return [case for case in CASES
            if case.expected and {e.code for e in case.expected} <= VALIDATION_CODES
            and case.files and case.name not in BEYOND_SCHEMA]


@pytest.mark.parametrize("case", _schema_cases(), ids=lambda c: c.name)
def test_the_schema_refuses_what_the_validator_refuses(case: Any) -> None:
    for relative, data in case.files.items():
        parts = Path(relative).parts
        if len(parts) != 3 or parts[1] not in folders() or not relative.endswith(".yaml"):
            continue
        document = yaml.load(data, EditorLoader)
        assert list(validator(parts[1]).iter_errors(document)), f"schema accepts {relative}"
