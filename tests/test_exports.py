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


def test_the_json_ld_file_is_every_entity_as_its_page_carries_it(pages: dict[str, str]) -> None:
    graph = json.loads(pages["data/dossier.jsonld"])
    nodes = {node["identifier"]: node for node in graph["@graph"]}
    checked = check(REPO)
    entities = [r for r in checked.dossier.records.values() if r.kind != "sources"]
    assert sorted(nodes) == sorted(r.id for r in entities)
    for record in entities:
        [block] = SCRIPT.findall(pages[f"{record.kind}/{record.id}.md"])
        on_page = json.loads(block)
        del on_page["@context"]
        assert nodes[record.id] == on_page
    expanded = jsonld.expand(graph)  # inline @vocab: nothing fetched
    assert len(expanded) == len(entities)


def test_the_open_data_page_lists_every_file_with_its_format_and_size(
        pages: dict[str, str]) -> None:
    from generator.export.files import data_files
    from generator.render.overview import file_size

    page = pages["data/index.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    files = data_files()
    assert len(rows) == len(files) >= 8
    for row, file in zip(rows, files, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[0].endswith(f"({file.name})"), cells
        size = file_size(len(pages[file.path].encode("utf-8")))
        assert cells[3] == size.replace(".", "&#46;"), (file.name, cells[3], size)
        assert cells[1] and cells[2]
    assert {file.format for file in files} >= {"JSON", "CSV", "FollowTheMoney (JSON Lines)",
                                               "JSON-LD (schema.org)"}
    from generator.format.settings import load_settings
    from generator.utils.escape import md_text

    licence = load_settings(REPO)[0].data_licence
    assert f"**Licence:** {md_text(licence) if licence else 'not stated'}\n" in page


@pytest.mark.parametrize("count, shown", [(0, "0 bytes"), (999, "999 bytes"),
                                          (1000, "1.0 kB"), (4927, "4.9 kB"),
                                          (9950, "10 kB"), (91305, "91 kB"),
                                          (999_499, "999 kB"), (999_500, "1.0 MB"),
                                          (123_456_789, "123 MB")])
def test_file_sizes_read_as_a_reader_reads_them(count: int, shown: str) -> None:
    from generator.render.overview import file_size

    assert file_size(count) == shown


def test_the_licence_comes_from_the_settings(tmp_path: Any) -> None:
    from generator import build
    from tests.conftest import copy_project

    root = copy_project(tmp_path / "dossier")
    (root / "dossier.toml").write_text('[data]\nlicence = "CC BY 4.0 <b>x</b>"\n', "utf-8")
    outcome, pages = build.render_all(root)
    assert outcome.ok
    assert "**Licence:** CC BY 4&#46;0 &#60;b&#62;x&#60;/b&#62;\n" in pages["data/index.md"]


@pytest.mark.parametrize("value", ["42", '"' + "x" * 301 + '"', '["CC BY"]'])
def test_a_licence_that_is_not_a_short_text_is_a_finding_with_a_hint(tmp_path: Any,
                                                                      value: str) -> None:
    from generator.format.settings import Settings, load_settings

    (tmp_path / "dossier.toml").write_text(f"[data]\nlicence = {value}\n", "utf-8")
    settings, findings = load_settings(tmp_path)
    assert settings == Settings() and [f.code for f in findings] == ["D114"]
    assert findings[0].path == "dossier.toml" and "data.licence" in findings[0].message
    assert 'licence = "CC BY 4.0"' in findings[0].hint
