"""Errors of the system while a build writes (no permission, a full disk, a read-only file
system) are findings with the path and a hint, and the failed build changes neither
`content/` nor `site/`.

CI runs as root, where permission bits stop no write, so the errors are injected: every
function of the system that a build writes through (open for writing, os.open with O_CREAT,
mkdir, rename, replace, link, unlink, rmdir, and the exchange of two folders) is wrapped,
the calls that write inside the dossier are counted with the place in the code that made
them, and a build is run again with the Nth call raising the error, for N at the first and
the last call of every such place (MkDocs' own: the first).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from generator import build
from generator.format.findings import CATALOGUE, Finding
from generator.output import journal
from generator.output.lock import BUILD_AREA, LOCK
from generator.utils import disk
from tests.conftest import (
    Versions,
    built_versions,
    epoch,
    old_with_edit,
    snapshot,
    synthetic_dossier,
)

ERRORS = (errno.EACCES, errno.ENOSPC, errno.EROFS)
GENERATOR = str(Path(journal.__file__).parent.parent)  # the generator package
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Faults:
    """Counts the calls that write under `root`, each with the place in the code that made
    it; makes call number `fail_at` raise OSError(`code`)."""

    def __init__(self, root: Path, fail_at: int = 0, code: int = errno.EACCES) -> None:
        self.root, self.fail_at, self.code = os.path.realpath(root), fail_at, code
        self.places: list[str] = []
        self.raised = False

    def wrap(self, function: Callable[..., Any], paths: int,
             writes: Callable[..., bool] = lambda *a, **k: True) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            named = [os.fsdecode(a) for a in args[:paths] if isinstance(a, (str, bytes, Path))]
            if named and "dir_fd" not in kwargs and self._inside(named) and writes(
                    *args, **kwargs):
                self.places.append(_place())
                if len(self.places) == self.fail_at:
                    self.raised = True
                    raise OSError(self.code, os.strerror(self.code), *named[:1], None,
                                  *named[1:2])
            return function(*args, **kwargs)
        return wrapper

    def _inside(self, paths: list[str]) -> bool:
        return any(os.path.realpath(p).startswith(self.root + os.sep) for p in paths)


def _opens_for_writing(file: object, mode: str = "r", *args: Any, **kwargs: Any) -> bool:
    return any(c in mode for c in "wax+")


def _os_open_writes(path: object, flags: int, *args: Any, **kwargs: Any) -> bool:
    return bool(flags & WRITE_FLAGS)


def _place() -> str:
    """The innermost frame in the generator or in MkDocs (and its theme) that wrote."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(GENERATOR):
            where = "generator/" + Path(name).relative_to(GENERATOR).as_posix()
            return f"{where}:{frame.f_code.co_name}:{frame.f_lineno}"
        if "/mkdocs/" in name or "/material/" in name:
            return (f"{Path(name).parent.name}/{Path(name).name}:{frame.f_code.co_name}:"
                    f"{frame.f_lineno}")
        frame = frame.f_back
    return "elsewhere"


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Iterator[Faults]:
    wrap = faults.wrap
    for name in ("replace", "rename", "link", "symlink"):
        monkeypatch.setattr(os, name, wrap(getattr(os, name), 2))
    for name in ("mkdir", "unlink", "remove", "rmdir"):
        monkeypatch.setattr(os, name, wrap(getattr(os, name), 1))
    monkeypatch.setattr(os, "open", wrap(os.open, 1, _os_open_writes))
    monkeypatch.setattr(builtins, "open", wrap(builtins.open, 1, _opens_for_writing))
    monkeypatch.setattr(io, "open", builtins.open)
    monkeypatch.setattr(journal, "exchange", wrap(disk.exchange, 2))
    try:
        yield faults
    finally:
        monkeypatch.undo()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """Two small synthetic dossiers (ten entities, a third of the real dossier's pages: a
    build takes a second), the second one's facts all different: pages are written, added
    and removed."""
    return built_versions(synthetic_dossier(tmp_path_factory, "faults-old", 10, 1),
                          synthetic_dossier(tmp_path_factory, "faults-new", 10, 2))


def places_to_fail(places: list[str], site: bool) -> list[int]:
    """Call numbers (from 1) to fail: the first and the last call of every place in the
    generator, the first of every place in MkDocs. For a build of the site, the places of
    the commit that `dossier generate` shares (the journal, the pages put into content/)
    are left to the generate run, but for the swap of the site."""
    chosen: dict[str, list[int]] = {}
    for number, place in enumerate(places, 1):
        chosen.setdefault(place, [number, number])[1] = number
    if site:
        chosen = {place: ends for place, ends in chosen.items()
                  if not place.startswith("generator/output/journal.py:") or ":_swap:" in place}
    return sorted({n for place, (first, last) in chosen.items()
                   for n in ((first, last) if place.startswith("generator/") else (first,))})


def assert_well_formed(finding: Finding, code: int) -> None:
    assert finding.code == "D505" and finding.code in CATALOGUE
    assert finding.path and not finding.path.startswith("/"), finding
    assert os.strerror(code) in finding.message and finding.hint.strip(), finding
    assert "\n" not in finding.path + finding.message + finding.hint


def run_with_faults(command: Callable[[Path], Any], versions: Versions, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch, fail_at: int, code: int,
                    ) -> tuple[Path, Any, Faults]:
    root = old_with_edit(versions, tmp_path / f"at-{fail_at}")
    with epoch(), injected(monkeypatch, Faults(root, fail_at, code)) as faults:
        outcome = command(root)
    return root, outcome, faults


@pytest.mark.parametrize("command", [build.build, build.generate], ids=["build", "generate"])
def test_an_error_at_any_write_is_a_finding_and_changes_nothing(
        command: Callable[[Path], Any], small: Versions, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, outcome, counted = run_with_faults(command, small, tmp_path, monkeypatch, 0, 0)
    places = counted.places
    assert outcome.ok and {p.split(":")[0] for p in places} >= {
        "generator/output/journal.py", "generator/output/lock.py"}
    chosen = places_to_fail(places, site=command is build.build)
    failed: list[Path] = []
    for turn, fail_at in enumerate(chosen):
        code = ERRORS[turn % len(ERRORS)]
        root, outcome, faults = run_with_faults(command, small, tmp_path, monkeypatch,
                                                fail_at, code)
        where = f"{os.strerror(code)} at write {fail_at} ({places[fail_at - 1]})"
        assert faults.raised, where
        content, site = snapshot(root / "content"), snapshot(root / "site")
        if outcome.ok:  # the code went on without that write (a folder that was there)
            assert content == small.content[1], where
            continue
        failed.append(root)
        [finding] = outcome.findings
        assert_well_formed(finding, code)
        assert content == small.content[0], f"content/ changed by a failed build: {where}"
        assert site == small.site[0], f"site/ changed by a failed build: {where}"
        assert not (root / BUILD_AREA / journal.JOURNAL).exists(), where
    assert len(failed) >= len(chosen) * 3 // 4, "most injected errors must fail the build"
    with epoch():  # the last failure was in the commit: the next build puts all in place
        assert command(failed[-1]).ok
    assert snapshot(failed[-1] / "content") == small.content[1]
    assert sorted(os.listdir(failed[-1] / BUILD_AREA)) == [LOCK]


def test_the_cli_reports_an_unwritable_build_area(small: Versions, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli.main import main

    root = old_with_edit(small, tmp_path)
    shutil.rmtree(root / BUILD_AREA)
    with injected(monkeypatch, Faults(root, 1, errno.EROFS)):
        status = main(["--root", str(root), "build"])
    printed = capsys.readouterr()
    said = printed.out  # a finding, in the report
    assert status == 1 and "Traceback" not in said + printed.err
    assert f"{BUILD_AREA}: D505: cannot write: Read-only file system (EROFS)" in said
    assert "hint: the folder is on a read-only file system" in said


if sys.platform != "linux":  # the exchange of folders and the errors are Linux's
    pytestmark = pytest.mark.skip("Linux only")
