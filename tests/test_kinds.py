"""Everything that varies by kind follows from the registry (`generator/format/kinds.py`):
the navigation agrees with it, and a sixth kind, declared there (with its model), builds:
pages, index page, data files, JSON Schema, `dossier new` and graph included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import build
from generator.cli.main import parser
from generator.cli.new import new_entity
from generator.cli.schema import schema_files
from generator.format import kinds, model
from generator.format.kinds import Kind
from generator.format.model import Entity, Text
from tests.conftest import REPO, copy_project


class Vehicle(Entity):
    """A vehicle: one file in `facts/vehicles/`."""

    registration: Text | None = None
    """The registration plate, as the source gives it."""


VEHICLES = Kind("vehicles", "Vehicle", "vehicle", "Vehicle", "Vehicles", "#6d4c41", "Vehicle",
                "Vehicle")


def nav_missing(config: Path) -> list[str]:
    """The index page of each kind, as `mkdocs.yml`'s navigation should list it (after Home,
    in the site's order of kinds), when it does not."""
    nav: list[dict[str, Any]] = yaml.load(config.read_text("utf-8"), yaml.BaseLoader)["nav"]
    listed = [(title, page) for entry in nav for title, page in entry.items()]
    wanted = [(kind.title, f"{kind.folder}/index.md") for kind in kinds.in_page_order()]
    return [f"{title}: {page}" for title, page in wanted
            if listed[1:1 + len(wanted)].count((title, page)) == 0]


def test_the_navigation_lists_every_kind_in_order() -> None:
    assert nav_missing(REPO / "mkdocs.yml") == []


@pytest.fixture
def sixth_kind(monkeypatch: pytest.MonkeyPatch) -> Kind:
    """A registry with a sixth kind: its entry, and its declaration in the model."""
    monkeypatch.setattr(model, "Vehicle", Vehicle, raising=False)
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, VEHICLES))
    return VEHICLES


def test_a_sixth_kind_follows_from_the_registry(sixth_kind: Kind, tmp_path: Path) -> None:
    assert "vehicles.schema.json" in schema_files()
    schema = json.loads(schema_files()["vehicles.schema.json"])
    assert "registration" in schema["properties"]
    to = json.loads(schema_files()["people.schema.json"])["$defs"]["Relation"]["properties"]["to"]
    assert "vehicles" in to["x-refers-to"]  # a relation may point at one
    assert parser().parse_args(["new", "vehicle", "White Renault"]).kind == "vehicle"
    path, findings = new_entity(tmp_path, "vehicle", "White Renault")
    assert findings == [] and path == tmp_path / "facts/vehicles/white-renault.yaml"
    assert "schemas/vehicles.schema.json" in path.read_text("utf-8")
    assert nav_missing(REPO / "mkdocs.yml") == ["Vehicles: vehicles/index.md"]


def test_a_sixth_kind_builds(sixth_kind: Kind, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    quote = "the four gunmen - Dalerzhon Mirzoev"
    (root / "facts/vehicles").mkdir()
    (root / "facts/vehicles/white-renault.yaml").write_text(  # supported as any kind's values
        "name:\n  value: The gunmen's car\n  derived:\n    kind: title\n    reasoning: The "
        "source names the gunmen, not their car.\n  cite:\n"
        f"    - source: tass-csto-anti-terror-measures\n      quote: {quote}\nrelations:\n"
        "  - type: located-in\n    to: bryansk-region\n    derived:\n      kind: reading\n"
        "      reasoning: The gunmen were detained there.\n    cite:\n"
        "      - source: tass-csto-anti-terror-measures\n"
        "        quote: were detained in the Bryansk Region\n", "utf-8")
    outcome = build.build(root)
    assert outcome.ok, [f.format() for f in outcome.findings]
    page = (root / "site/vehicles/white-renault/index.html").read_text("utf-8")
    assert "The gunmen&#x27;s car" in page or "The gunmen's car" in page
    assert '"@type": "Vehicle"' in page  # its schema.org type, in the page's JSON-LD
    assert "white-renault/" in (root / "site/vehicles/index.html").read_text("utf-8")
    assert "Vehicles" in (root / "site/index.html").read_text("utf-8")
    assert (root / "content/data/vehicles.csv").read_text("utf-8").count("\n") == 2
    ftm = [json.loads(line) for line in
           (root / "content/data/ftm.jsonl").read_text("utf-8").splitlines()]
    assert {"id": "white-renault", "schema": "Vehicle"}.items() <= next(
        e for e in ftm if e["id"] == "white-renault").items()
    place = (root / "content/places/bryansk-region.md").read_text("utf-8")
    assert "../vehicles/white-renault.md" in place and "#6d4c41" in place  # backlink, graph
