"""Stage 2: every file against the one declared model, each problem at its line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.build import check
from tests.conftest import problems, replace_in

PERSON = "facts/people/kamchybek-tashiyev.yaml"
EVENT = "facts/events/crocus-city-hall-attack.yaml"


def codes_at(root: Path) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in problems(root)]


def test_the_real_dossier_is_clean(project: Path) -> None:
    assert problems(project) == []
    assert len(check(project).dossier.records) >= 60


def test_misspelt_key_is_reported_with_a_did_you_mean(project: Path) -> None:
    line = replace_in(project / PERSON, "summary:", "sumary:")
    finding = problems(project)[0]
    assert (finding.path, finding.line, finding.code) == (PERSON, line, "D201")
    assert "summary" in finding.hint


def test_missing_required_key_points_at_its_mapping(project: Path) -> None:
    line = replace_in(project / PERSON, "  value: Kamchybek Tashiyev\n", "")
    assert (PERSON, line, "D202") in codes_at(project)


def test_impossible_date_is_refused(project: Path) -> None:
    line = replace_in(project / EVENT, 'value: "2024-03-22"', 'value: "2024-02-30"')
    findings = problems(project)
    assert [(f.line, f.code) for f in findings] == [(line, "D203")]
    assert "calendar date" in findings[0].message


def test_a_number_written_as_words_is_refused_where_a_number_is_wanted(project: Path) -> None:
    line = replace_in(project / EVENT, "value: 144", "value: many")
    assert (EVENT, line, "D203") in codes_at(project)


def test_javascript_url_is_refused(project: Path) -> None:
    source = project / "facts/sources/tashiyev-defends-tajik-citizens.yaml"
    source.write_text(source.read_text() + "url: javascript:alert(1)\n")
    findings = problems(project)
    assert [f.code for f in findings] == ["D203"]
    assert "http" in findings[0].message


def test_every_bad_file_is_reported_in_one_run(project: Path) -> None:
    replace_in(project / PERSON, "summary:", "sumary:")
    (project / "facts/places/broken.yaml").write_text("name: [\n")
    (project / "facts/places/Bad_Name.yaml").write_text("name: {value: x}\n")
    found = {(f.path, f.code) for f in problems(project)}
    assert {(PERSON, "D201"), ("facts/places/broken.yaml", "D102"),
            ("facts/places/Bad_Name.yaml", "D110")} <= found


def test_one_id_in_two_kinds_is_refused(project: Path) -> None:
    (project / "facts/places/gknb.yaml").write_text("name: {value: GKNB}\n")
    assert ("facts/places/gknb.yaml", 1, "D111") in codes_at(project)


def test_a_linked_folder_is_refused_and_not_read(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.yaml").write_text("name: {value: X}\n")
    (project / "facts/people/linked").symlink_to(outside)
    found = [(f.path, f.code) for f in problems(project)]
    assert found == [("facts/people/linked", "D112")]


def test_a_source_text_beside_a_folder_of_its_name_is_refused(project: Path) -> None:
    """Only a file can be a source's metadata: a folder named like one is not read, and
    neither is the text beside it."""
    (project / "facts/sources/orphan.yaml").mkdir()
    (project / "facts/sources/orphan.yaml/inside.yaml").write_text("x: 1\n")
    (project / "facts/sources/orphan.txt").write_text("A text.\n")
    found = {(f.path, f.code) for f in problems(project)}
    assert {("facts/sources/orphan.txt", "D112"),
            ("facts/sources/orphan.yaml/inside.yaml", "D112")} <= found


def test_a_folder_that_cannot_be_read_is_a_finding(project: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """(Tests run as root here, which reads any folder: the refusal is simulated.)"""
    real = os.scandir

    def scandir(path: str) -> Any:
        if str(path).endswith("facts/places"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = {(f.path, f.code, f.message) for f in check(project).findings}
    assert ("facts/places", "D112", "this folder cannot be read: Permission denied") in found
