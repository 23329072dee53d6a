"""The real dossier's output equals the committed golden trees, byte for byte: the generated
pages (tests/golden/) and the built site (tests/golden_site/). Builds in two processes with
different hash seeds give the same bytes. After an intended change: `make golden`, then
review and commit the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.golden import GOLDEN, build_in_process, copy_project, golden_site, rendered, site_files


def test_generated_content_matches_the_golden_tree() -> None:
    pages = rendered()
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
                for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages added or removed: run `make golden`"
    changed = [path for path in pages if pages[path] != expected[path]]
    assert changed == [], f"pages differ from tests/golden: {changed}; run `make golden`"


def test_rendering_is_deterministic() -> None:
    assert rendered() == rendered()


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real dossier built twice, each by a `dossier build` of its own process with its
    own PYTHONHASHSEED: no cache, set order or dictionary order can be shared."""
    roots = []
    for seed in ("1", "4242"):
        root = copy_project(tmp_path_factory.mktemp(f"seed-{seed}") / "dossier")
        done = build_in_process(root, seed)
        assert done.returncode == 0, done.stdout + done.stderr
        roots.append(root)
    return roots[0], roots[1]


def test_builds_in_two_processes_give_the_same_bytes(two_builds: tuple[Path, Path]) -> None:
    one, other = two_builds
    assert snapshot(one / "content") == snapshot(other / "content")
    assert site_files(one / "site") == site_files(other / "site")


def test_the_built_site_matches_the_golden_site(two_builds: tuple[Path, Path]) -> None:
    built, expected = site_files(two_builds[0] / "site"), golden_site()
    assert sorted(built) == sorted(expected), "pages added or removed: run `make golden`"
    changed = [path for path in built if built[path] != expected[path]]
    assert changed == [], f"pages differ from tests/golden_site: {changed}; run `make golden`"
