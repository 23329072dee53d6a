"""Stage 6: the careful writer owns only what it wrote."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from generator.output.write import MANIFEST, plan_conflicts, write_pages


def test_writes_only_changed_pages_and_removes_only_its_own(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "people").mkdir(parents=True)
    (content / "people/notes.md").write_text("hand-written")
    first = write_pages(tmp_path, {"people/a.md": "A", "people/b.md": "B", "index.md": "home"})
    assert first.written == ["index.md", "people/a.md", "people/b.md"]
    unchanged = (content / "people/b.md").stat()
    again = write_pages(tmp_path, {"people/a.md": "A", "people/b.md": "B", "index.md": "home"})
    assert again.written == [] and again.removed == [] and again.unchanged == 3
    assert (content / "people/b.md").stat() == unchanged, "an unchanged page was touched"
    later = write_pages(tmp_path, {"people/a.md": "A2", "index.md": "home"})
    assert later.written == ["people/a.md"] and later.removed == ["people/b.md"]
    assert (content / "people/notes.md").read_text() == "hand-written"
    assert not (content / "people/b.md").exists()
    assert (content / MANIFEST).exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and "content" not in
                  p.parts) == [], "the work area and journal are removed"


def test_written_pages_get_the_mode_any_new_file_gets(tmp_path: Path) -> None:
    """Pages are written through private temporary files, but must end up as readable as
    any file the user makes (a web server or a colleague reads content/ too)."""
    content = tmp_path / "content"
    write_pages(tmp_path, {"index.md": "home"})
    (tmp_path / "plain.md").write_text("home")
    mode = stat.S_IMODE((tmp_path / "plain.md").stat().st_mode)
    assert stat.S_IMODE((content / "index.md").stat().st_mode) == mode
    assert stat.S_IMODE((content / MANIFEST).stat().st_mode) == mode


def test_a_hand_written_file_in_the_way_is_a_finding(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "people").mkdir(parents=True)
    (content / "people/a.md").write_text("mine")
    [finding] = plan_conflicts(content, {"people/a.md": "generated"})
    assert finding.code == "D501" and finding.path == "content/people/a.md"


@pytest.mark.parametrize("path", ["../escape.md", "people/../../x.md", "about.md", "/etc/x.md"])
def test_refuses_paths_outside_the_generated_tree(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError):
        write_pages(tmp_path, {path: "x"})
