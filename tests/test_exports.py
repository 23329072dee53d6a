"""Open data: the exports load in their consumers — FollowTheMoney for the FtM entities,
a JSON-LD processor for the page data — and nothing is dropped on the way."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from followthemoney import model
from pyld import jsonld

from generator.build import check
from generator.format.model import Citation
from generator.read.record import walk
from tests.conftest import REPO
from tests.golden import rendered

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return rendered()


def dropped_by_followthemoney(entity: dict[str, Any]) -> dict[str, list[str]]:
    """Values followthemoney silently drops when it loads an entity (bad dates, countries,
    unknown properties…): its validator gives no error, the values just vanish."""
    proxy = model.get_proxy(entity, cleaned=False)
    kept = proxy.to_dict()["properties"]
    return {prop: [v for v in values if v not in kept.get(prop, [])]
            for prop, values in entity["properties"].items()
            if any(v not in kept.get(prop, []) for v in values)}


def test_followthemoney_loads_every_entity_and_drops_nothing(pages: dict[str, str]) -> None:
    entities = [json.loads(line) for line in pages["data/ftm.jsonl"].splitlines()]
    ids = {e["id"] for e in entities}
    for entity in entities:
        assert dropped_by_followthemoney(entity) == {}, entity["id"]
        proxy = model.get_proxy(entity)
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, (entity["id"], prop.name)
    schemata = {e["schema"] for e in entities}
    assert {"Person", "Organization", "Address", "Event", "Article", "Membership",
            "Family"} <= schemata


def test_the_drop_check_catches_what_followthemoney_would_drop() -> None:
    bad = {"id": "x", "schema": "Person",
           "properties": {"name": ["X"], "birthDate": ["2024-02-30"], "nationality": ["xx"]}}
    assert dropped_by_followthemoney(bad) == {"birthDate": ["2024-02-30"],
                                              "nationality": ["xx"]}


def test_every_page_embeds_json_ld_that_a_processor_reads(pages: dict[str, str]) -> None:
    checked = check(REPO)
    for record in checked.dossier.records.values():
        if record.kind == "sources":
            continue
        [block] = SCRIPT.findall(pages[f"{record.kind}/{record.id}.md"])
        expanded = jsonld.expand(json.loads(block))  # inline @vocab: nothing fetched
        [node] = expanded
        kind = {"people": "Person", "organisations": "Organization", "places": "Place",
                "events": "Event"}[record.kind]
        assert node["@type"] == [f"https://schema.org/{kind}"]
        assert node["https://schema.org/name"][0]["@value"] == record.name


def test_json_ld_cannot_close_its_script_element() -> None:
    from generator.export.json_ld import script_json

    text = script_json({"name": "</script><script>alert(1)</script>"})
    assert "</" not in text and "<script" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_the_json_export_carries_every_citation_and_quote(pages: dict[str, str]) -> None:
    exported = json.dumps(json.loads(pages["data/dossier.json"]), ensure_ascii=False)
    checked = check(REPO)
    for record in checked.dossier.records.values():
        for _, obj in walk(record.fact):
            if isinstance(obj, Citation):
                assert json.dumps(obj.quote, ensure_ascii=False) in exported


def test_csv_per_kind_has_a_row_per_record(pages: dict[str, str]) -> None:
    checked = check(REPO)
    for kind in ("people", "organisations", "places", "events", "sources"):
        rows = list(csv.DictReader(io.StringIO(pages[f"data/{kind}.csv"])))
        assert [r["id"] for r in rows] == [r.id for r in checked.dossier.of_kind(kind)]
