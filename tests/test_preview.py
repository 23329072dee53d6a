"""The live preview's site: after any edit, the pages `PreviewSite.update` renders again leave
its site as a full MkDocs build would make it, byte for byte (the search index up to the
order of its entries), while rendering only the pages the generator wrote."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.build import generate
from generator.cache import BuildCache
from generator.preview.site import Changes, PreviewSite
from tests.conftest import synthetic_dossier
from tests.test_incremental import (
    GATE,
    add_person,
    add_relation,
    delete_person,
    edit_summary,
    remove_relation,
    rename_to_a_phrase_other_summaries_hold,
    save,
)

URL = "http://127.0.0.1:8000/"


def site_files(site: Path) -> dict[str, bytes]:
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            name = path.relative_to(site).as_posix()
            if name.endswith(".gz"):
                data = gzip.decompress(data)  # the archive's header holds its time
            elif name == "search/search_index.json":
                index = json.loads(data)
                index["docs"].sort(key=lambda e: (e["location"], e["title"], e["text"]))
                data = json.dumps(index, sort_keys=True).encode()
            found[name] = data
    return found


def assert_same_as_full_build(root: Path, preview: Path, after: str) -> None:
    full = PreviewSite(root, root.parent / "full-site", URL)
    full.build_all()
    mine, theirs = site_files(preview), site_files(root.parent / "full-site")
    assert sorted(mine.keys() - theirs.keys()) == [], after
    assert sorted(theirs.keys() - mine.keys()) == [], after
    differ = sorted(p for p in theirs if mine[p] != theirs[p])
    assert differ == [], f"after {after}, the preview differs from a full build in {differ[:10]}"


def edit_about_page(root: Path) -> None:
    about = root / "content" / "about.md"
    save(about, about.read_text("utf-8") + "\nA paragraph added by hand.\n")


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_dossier(tmp_path_factory, "preview", 40, 5)


def test_every_edit_leaves_the_site_a_full_build_makes(dossier: Path) -> None:
    cache = BuildCache()
    assert generate(dossier, cache, min_support=GATE).ok  # the edits leave some values unsupported
    site = PreviewSite(dossier, dossier.parent / "preview-site", URL)
    site.build_all()
    pages = len(list((dossier / "content").rglob("*.md")))
    for edit in [edit_summary, add_person, delete_person, edit_about_page,
                 rename_to_a_phrase_other_summaries_hold, add_relation, remove_relation]:
        edit(dossier)
        outcome = generate(dossier, cache, min_support=GATE)
        assert outcome.ok and outcome.report is not None, (edit.__name__, outcome.findings)
        changes = Changes(set(outcome.report.written), set(outcome.report.removed))
        if edit is edit_about_page:
            changes.written.add("about.md")
        rendered = site.update(changes)
        site.finish()
        # and the hand-written pages (they may link to) when pages came or went
        assert len(changes.written) <= rendered <= len(changes.written) + 2
        if edit is edit_summary:
            assert 0 < rendered < pages / 4
        assert_same_as_full_build(dossier, dossier.parent / "preview-site", edit.__name__)
