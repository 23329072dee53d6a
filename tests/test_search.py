"""The search index (`generator/output/search.py`): Pagefind indexes what readers search and
nothing else, with the weights, kinds and filters the templates give; a failure of the
indexer fails the build and leaves `site/` as it was; the index's folder holds only what
Pagefind writes. (What a reader finds, in Chromium, is in test_browser.py.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from generator import build
from generator.build import check
from generator.format.model import Person
from generator.output import search
from tests.conftest import REPO, copy_project
from tests.test_site import built  # noqa: F401 - the real dossier, built once


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """What Pagefind keeps of each page it indexed, by the page's address."""
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        fragment = json.loads(data)
        found[fragment["url"]] = fragment
    return found


def test_only_the_pages_readers_search_are_indexed(built: Path) -> None:
    records = check(REPO).dossier.records.values()
    expected = {f"/{r.kind}/{r.id}/" for r in records} | {
        "/", "/guide/", "/reference/", "/about/", "/data/"}
    assert set(fragments(built / "site")) == expected


def test_what_a_page_gives_search(built: Path) -> None:
    pages = fragments(built / "site")
    person = pages["/people/kamchybek-tashiyev/"]
    assert person["meta"] == {"title": "Kamchybek Tashiyev", "kind": "Person",
                              "names": "Kamchybek Tashiyev · Tashiev · Kamchybek Tashiev"}
    assert person["filters"] == {"kind": ["Person"]}
    assert pages["/sources/tass-csto-anti-terror-measures/"]["meta"]["kind"] == "Source"
    people = [r for r in check(REPO).dossier.of_kind("people")
              if isinstance(r.fact, Person) and r.fact.legal_status]
    assert people
    for record in people:
        assert isinstance(record.fact, Person)
        status = record.fact.legal_status[-1].status.value
        assert pages[f"/people/{record.id}/"]["filters"] == {"kind": ["Person"],
                                                              "status": [status]}
    # the article only: no footnotes (they repeat the sources' quotes), no navigation
    event = str(pages["/events/crocus-city-hall-attack/"]["content"])
    assert "Jump back to footnote" not in event and "\u21a9" not in event
    assert "Table of contents" not in event and "Editors' guide" not in event


def test_the_pages_glob_names_record_pages_and_skips_the_lists(tmp_path: Path) -> None:
    for folder in ("people/x", "sources/y", "timeline", "coverage", "network", "conflicts",
                   "guide", "assets/javascripts", "pagefind", "extra/deeper"):
        (tmp_path / folder).mkdir(parents=True)
    assert search.pages_glob(tmp_path) == (
        "{index.html,extra/**/*.html,guide/**/*.html,people/*/index.html,"
        "sources/*/index.html}")


def test_a_failed_index_fails_the_build_and_leaves_the_site(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build.build(project).ok
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    (project / "facts/people/kamchybek-tashiyev.yaml").write_text(
        (project / "facts/people/kamchybek-tashiyev.yaml").read_text("utf-8").replace(
            "He defended", "He publicly defended"), "utf-8")
    monkeypatch.setattr(search, "pagefind", lambda: Path("/bin/false"))
    outcome = build.build(project)
    assert [f.code for f in outcome.findings if f.code.startswith("D5")] == ["D507"]
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_file_pagefind_does_not_write_in_its_folder_is_refused(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    (root / "content" / "pagefind").mkdir()
    (root / "content" / "pagefind" / "pagefind-extra.js").write_text("alert(1)", "utf-8")
    outcome = build.build(root)
    refused = [(f.code, f.path) for f in outcome.findings if f.code == "D504"]
    assert refused == [("D504", "content/pagefind/pagefind-extra.js")]
    assert not (root / "site").exists()
