"""Shared fixtures: a throwaway copy of the dossier, so no test touches the working tree."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.findings import Finding, Severity
from generator.pipeline import run_checks

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("facts", "templates", "mkdocs.yml", "content/about.md", "content/assets",
                 "dossier.toml")


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Receipts of builds (`generator.receipt`) go to a cache folder of this test run, in
    every test and every `dossier` process it starts: never the user's, never shared."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


def copy_project(target: Path) -> Path:
    for part in PROJECT_PARTS:
        source, destination = REPO / part, target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real dossier's inputs (facts, templates, config, hand-written pages)."""
    return copy_project(tmp_path / "dossier")


def synthetic_dossier(factory: pytest.TempPathFactory, name: str, entities: int,
                      seed: int) -> Path:
    """A synthetic dossier (`bench.synth`) of `entities` entities in a fresh folder."""
    from bench import synth

    root = factory.mktemp(name) / "dossier"
    synth.generate(entities, root, seed=seed)
    return root


def replace_in(path: Path, old: str, new: str) -> int:
    """Edit a file the way an editor would; returns the 1-based line of the edit."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), "utf-8")
    return line


def problems(root: Path, min_coverage: float = 100.0) -> list[Finding]:
    """Findings that need an editor's action: errors and warnings, not information."""
    return [f for f in run_checks(root, min_coverage).findings if f.severity is not Severity.INFO]
