"""dossier new: valid, commented files with the right id; nothing is ever overwritten."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.build import check
from generator.cli.new import new_entity, new_source
from generator.format.findings import Severity
from generator.format.ids import slug
from tests.conftest import copy_project


def test_slugs_are_ascii_ids() -> None:
    assert slug("Łukasz Nowak-Świątek") == "lukasz-nowak-swiatek"
    assert slug("Islamic State – Khorasan Province") == "islamic-state-khorasan-province"
    assert slug("Ташиев") == ""


def test_a_new_fact_file_is_valid_and_only_asks_for_citations(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    for kind in ("person", "organisation", "place", "event"):
        path, findings = new_entity(root, kind, f"New {kind}")
        assert findings == [] and path is not None and path.stem == f"new-{kind}"
        assert "# yaml-language-server: $schema=" in path.read_text()
        assert yaml.safe_load(path.read_text())["name"]["value"] == f"New {kind}"
    problems = {f.code for f in check(root).findings if f.severity is not Severity.INFO}
    assert problems == {"D403", "D404"}  # uncited names, nothing else


def test_new_refuses_to_overwrite_or_reuse_an_id(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    before = (root / "facts/people/vladimir-putin.yaml").read_text()
    path, [finding] = new_entity(root, "person", "Vladimir Putin")
    assert path is None and finding.code == "D111"
    _, [finding] = new_entity(root, "place", "Vladimir Putin")
    assert finding.code == "D111"
    assert (root / "facts/people/vladimir-putin.yaml").read_text() == before
    _, [finding] = new_entity(root, "person", "Ташиев")
    assert finding.code == "D110"


def test_a_new_source_is_stored_with_its_pinned_hash(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    text = tmp_path / "a.txt"
    text.write_text("Some verbatim text.\n")
    path, findings = new_source(root, text, "A source")
    assert findings == [] and path is not None
    assert (root / "facts/sources/a-source.txt").read_bytes() == text.read_bytes()
    assert not [f for f in check(root).findings if f.severity is Severity.ERROR]
    _, [finding] = new_source(root, text, "A source")
    assert finding.code == "D111"


def test_a_new_sources_default_id_is_short_and_cut_between_words(tmp_path: Path) -> None:
    """An id is typed in every citation of the source: the label's first words, not an
    80-character slug cut mid-word; `--id` gives another."""
    root = copy_project(tmp_path / "dossier")
    text = tmp_path / "article.txt"
    text.write_text("A text.\n", "utf-8")
    label = "Kyrgyz GKNB chief Tashiyev stands up for Tajik citizens (publisher and date not " \
            "stated), a long label of a long headline"
    path, findings = new_source(root, text, label)
    assert findings == [] and path is not None
    assert path.stem == "kyrgyz-gknb-chief-tashiyev-stands-up"  # not "...-for"
    path, _ = new_source(root, text, "TASS: Crocus attack prompts CSTO to strengthen it")
    assert path is not None and path.stem == "tass-crocus-attack-prompts-csto"
    assert slug("word " * 30, 12) == "word-word"
