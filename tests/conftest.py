"""Shared fixtures: a throwaway copy of the dossier, so no test touches the working tree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import check
from generator.format.findings import Finding, Severity
from tests.golden import EPOCH as GOLDEN_EPOCH
from tests.golden import REPO as REPO  # re-exported: the tests import both from here
from tests.golden import copy_project as copy_project


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Receipts of builds (`generator.output.receipt`) go to a cache folder of this test run, in
    every test and every `dossier` process it starts: never the user's, never shared."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


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


EVENT = "facts/events/crocus-city-hall-attack.yaml"
GONE = "facts/people/valery-sharifulin.yaml"  # no other file refers to him
NEW_PLACE = "facts/places/test-place.yaml"
EPOCH = {"SOURCE_DATE_EPOCH": GOLDEN_EPOCH}  # sitemap dates and gzip headers fixed


def edit(root: Path) -> None:
    """What makes the new version: an edited fact, a new fact file and one deleted (pages
    written, one added, one removed, and the manifest with them)."""
    replace_in(root / EVENT, "Moscow Oblast, just outside", "Moscow Oblast, right outside")
    (root / GONE).unlink()
    (root / NEW_PLACE).write_text(
        "name:\n  value: Moscow city limits\n  cite:\n"
        "    - source: tass-csto-anti-terror-measures\n"
        "      quote: just outside the Moscow city limits\n", "utf-8")


@dataclass
class Versions:
    built: Path  # a dossier built from the old facts, to copy
    new: Path  # the same dossier built from the new facts
    content: tuple[dict[str, bytes], dict[str, bytes]]  # old and new
    site: tuple[dict[str, bytes], dict[str, bytes]]
    seconds: float  # how long a whole `dossier build` of the new version took


def dossier(root: Path, *args: str, env: dict[str, str] | None = None,
            ) -> subprocess.Popen[str]:
    """A `dossier` command running on `root` (with the dates of `EPOCH`)."""
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **EPOCH, **(env or {})})


@contextmanager
def epoch() -> Iterator[None]:
    """Builds in this process with the dates of `EPOCH`."""
    with pytest.MonkeyPatch.context() as env:
        for key, value in EPOCH.items():
            env.setenv(key, value)
        yield


def built_versions(old: Path, new: Path) -> Versions:
    """Both versions built (the new one by the CLI, timed), and what each built."""
    from generator import build

    with epoch():
        assert build.build(old).ok
    start = time.monotonic()
    process = dossier(new, "build")
    assert process.wait(120) == 0, process.stderr.read() if process.stderr else ""
    seconds = time.monotonic() - start
    content = (snapshot(old / "content"), snapshot(new / "content"))
    site = (snapshot(old / "site"), snapshot(new / "site"))
    assert content[0] != content[1] and site[0] != site[1]
    return Versions(old, new, content, site, seconds)


@pytest.fixture(scope="session")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """An old and a new version of the dossier, each built once for the whole test run (the
    crash and concurrency tests start from the old one with the facts of the new one)."""
    old, new = (copy_project(tmp_path_factory.mktemp(name) / "dossier")
                for name in ("old", "new"))
    edit(new)
    return built_versions(old, new)


def old_with_edit(versions: Versions, target: Path) -> Path:
    """A copy of the old version, built, with the facts of the new one."""
    root = target / "dossier"
    shutil.copytree(versions.built, root, symlinks=True)
    shutil.rmtree(root / "facts")
    shutil.copytree(versions.new / "facts", root / "facts")
    return root


UNSTABLE = re.compile(r"pagefind/(?:filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)")
"""Files of the search index that differ between two indexings of the same site: Pagefind
writes its filter chunks in a different order each run, and the two files that name them."""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path, with its bytes; of the
    search index, every file but the `UNSTABLE` ones (its fragments and word index are the
    same from run to run, and differ between two versions of the dossier)."""
    return {name: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not UNSTABLE.fullmatch(name := p.relative_to(folder).as_posix())}


def replace_in(path: Path, old: str, new: str) -> int:
    """Edit a file the way an editor would; returns the 1-based line of the edit."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), "utf-8")
    return line


def problems(root: Path, min_coverage: float = 100.0) -> list[Finding]:
    """Findings that need an editor's action: errors and warnings, not information."""
    return [f for f in check(root, min_coverage=min_coverage).findings
            if f.severity is not Severity.INFO]
