"""The live preview's site: after any edit, the pages `PreviewSite.update` renders again leave
its site as a full MkDocs build would make it, byte for byte, while rendering only the pages
the generator wrote; Pagefind's index follows in the background."""

from __future__ import annotations

import gzip
import json
import time
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
    """The site's files but the search index (built in the background, and checked below)."""
    found = {}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith("pagefind/"):
            data = path.read_bytes()
            if name.endswith(".gz"):
                data = gzip.decompress(data)  # the archive's header holds its time
            found[name] = data
    return found


def assert_same_as_full_build(root: Path, preview: Path, after: str) -> None:
    full = PreviewSite(root, root.parent / "full-site", URL)
    full.build_all()
    full.close()
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


def indexed_pages(site: PreviewSite, runs: int) -> int:
    """The pages in the preview's search index once it has been built `runs` times."""
    deadline = time.monotonic() + 60
    while site.search.runs < runs and time.monotonic() < deadline:
        time.sleep(0.1)
    assert site.search.runs >= runs, "the search index was not built in the background"
    entry = json.loads((site.site_dir / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    return int(entry["languages"]["en"]["page_count"])


def test_the_search_index_follows_in_the_background(dossier: Path) -> None:
    cache = BuildCache()
    assert generate(dossier, cache, min_support=GATE).ok  # the edits above left some unsupported
    site = PreviewSite(dossier, dossier.parent / "search-site", URL)
    try:
        site.build_all()
        before = indexed_pages(site, 1)
        add_person(dossier)
        outcome = generate(dossier, cache, min_support=GATE)
        assert outcome.ok and outcome.report is not None
        site.update(Changes(set(outcome.report.written), set(outcome.report.removed)))
        site.finish()
        assert indexed_pages(site, 2) == before + 1
        assert not (site.site_dir.parent / "search-site-pagefind").exists()
    finally:
        site.close()
    assert site.search.process is not None and site.search.process.poll() is not None
