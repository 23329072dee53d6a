"""Atomic builds: a build killed at any moment leaves a complete site, old or new, and
content/ owned by the generator; clean removes only what the generator made."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import build
from tests.conftest import copy_project, replace_in
from tests.test_site import snapshot

EVENT = "facts/events/crocus-city-hall-attack.yaml"
EPOCH = {"SOURCE_DATE_EPOCH": "1711065600"}  # sitemap dates and gzip headers fixed


def built_snapshot(root: Path) -> dict[str, bytes]:
    outcome = build.build(root)
    assert outcome.ok
    return snapshot(root / "site")


@pytest.fixture
def old_and_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, bytes],
                                                                          dict[str, bytes]]:
    """A dossier whose site/ is built from its facts, a fact edited since, and the site that
    edit builds to (made in a second copy)."""
    for key, value in EPOCH.items():
        monkeypatch.setenv(key, value)
    root, other = copy_project(tmp_path / "a"), copy_project(tmp_path / "b")
    old = built_snapshot(root)
    for folder in (root, other):
        replace_in(folder / EVENT, "Moscow Oblast, just outside", "Moscow Oblast, right outside")
    new = built_snapshot(other)
    assert old != new
    return root, old, new


@pytest.mark.parametrize("delay", [0.4, 1.4, 2.4, 3.4])
def test_a_build_killed_midway_leaves_a_complete_site(old_and_new: tuple[Path, dict[str, bytes],
                                                                          dict[str, bytes]],
                                                      delay: float) -> None:
    root, old, new = old_and_new
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **EPOCH})
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = snapshot(root / "site")
    assert after in (old, new), "site/ is neither the previous nor the next build"
    assert build.build(root).ok  # and the next build recovers: no D501 for its own pages
    assert snapshot(root / "site") == new


def test_clean_removes_only_generated_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    assert build.build(root).ok
    (root / "content/people/editors-notes.md").write_text("# mine\n")
    removed = build.clean(root)
    assert "people/kamchybek-tashiyev.md" in removed and "site/" in removed
    left = sorted(p.relative_to(root / "content").as_posix()
                  for p in (root / "content").rglob("*") if p.is_file())
    assert left == ["about.md", "assets/dossier.css", "people/editors-notes.md"]
    assert build.build(root).ok
