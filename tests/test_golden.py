"""The generated pages of the real dossier equal the committed golden tree, byte for byte.
After an intended change: `make golden`, then review and commit the diff."""

from __future__ import annotations

from tests.golden import GOLDEN, rendered


def test_generated_content_matches_the_golden_tree() -> None:
    pages = rendered()
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
                for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages added or removed: run `make golden`"
    changed = [path for path in pages if pages[path] != expected[path]]
    assert changed == [], f"pages differ from tests/golden: {changed}; run `make golden`"


def test_rendering_is_deterministic() -> None:
    assert rendered() == rendered()
