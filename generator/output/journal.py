"""How a build changes `content/` and `site/`: all at once, or not at all.

A build prepares everything in its work area, `.dossier-build/work/` (`Work`): the new
versions of the pages that changed, the new manifest, the new site. Then it writes a
journal, `.dossier-build/journal.json`: each page to put into `content/` with the inode of
its new version, each page to remove with the inode of the version to remove, and the inode
of the new site. Writing the journal (one rename) is the moment the build happens. Before
it, `content/` and `site/` are the old ones and the work area is a leftover; after it, the
steps are carried out (a page is one rename, the site one exchange of two folders) and the
journal is removed. A build killed in between is finished by the next command, first thing
(`recover`): each step tells by an inode whether it is done, so finishing twice is finishing
once. (A killed process, not a power cut: nothing here waits for the disk.)

A step that fails (no permission, a full disk, a read-only file system) undoes the steps
done, last first, from the backups (hard links) it keeps in the work area, and the error goes
up to be reported as a finding: `content/` and `site/` are as they were. Should undoing (or
then removing the journal) fail too, the journal stays and the next command completes the
build instead: wholly new rather than wholly old, never half of each.

Hand-written pages are never in a journal, and unchanged pages are never touched (their
stat stays the same: the live preview relies on it). MkDocs never sees the work area: it is
not under `content/`. A pull request can put files in the work area or a journal of its
own, so a journal is carried out only for paths the generator owns, and only on files whose
inodes it names, which no one knows before the files exist.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..utils.disk import (
    exchange,
    exchange_or_raise,
    inode,
    link_or_copy,
    make_folders,
    remove_folders,
)
from .lock import BUILD_AREA, exclusive, say_on_stderr

if TYPE_CHECKING:
    from .write import WriteReport

JOURNAL, WORK, FORMAT = "journal.json", "work", 1
Undo = Callable[[], None]
_KILL_AT = os.environ.get("DOSSIER_TEST_KILL_AT", "")
LEFTOVER = re.compile(r"\.tmp-[a-z0-9_]{8}(\.[a-z]+)?")  # what the writer of old versions left


def checkpoint(moment: str) -> None:
    """A named moment of a build, where the crash tests make it die (SIGKILL) by setting
    DOSSIER_TEST_KILL_AT; for tests only."""
    if moment == _KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def building(root: Path, say: Callable[[str], None] = say_on_stderr) -> Iterator[None]:
    """Hold the build lock of `root` (`lock.exclusive`), having first finished what a killed
    build left. Raises OSError when that cannot be done."""
    with exclusive(root, say) as first:
        if first:
            recover(root)
        yield


@dataclass(frozen=True)
class Step:
    kind: str  # "put" a page into content/, "remove" one, or swap in the "site"
    path: str  # under content/; "" for the site
    inode: int  # of the new version (put, site), or of the version to remove


class Work:
    """A build's work area: `content` holds the new versions of the changed pages (or a
    mirror of `content/` with them), `site` the new site, `backup` what a commit replaces,
    to undo it. Created empty on entry, removed on exit."""

    def __init__(self, root: Path) -> None:
        self.root, self.area = root, root / BUILD_AREA / WORK
        self.content, self.site, self.backup = (self.area / n for n in ("content", "site",
                                                                         "backup"))

    def __enter__(self) -> Work:
        if self.area.exists():
            shutil.rmtree(self.area)
        self.content.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.area, ignore_errors=True)

    def commit(self, report: WriteReport, site: bool = False) -> None:
        """Carry out the staged changes (and with `site`, swap in the new site) as one."""
        steps = self._steps(report, site)
        if not steps:
            return
        journal = self.root / BUILD_AREA / JOURNAL
        _write_journal(journal, steps)
        checkpoint("journal")
        done: list[Undo] = []
        try:
            counts = dict.fromkeys(("put", "remove", "site"), 0)
            for step in steps:
                done.append(self._apply(step))
                counts[step.kind] += 1
                checkpoint(_moment(step, counts[step.kind]))
        except OSError:
            for undo in reversed(done):
                undo()
            journal.unlink()
            raise
        _quietly(journal.unlink)
        checkpoint("done")

    def _steps(self, report: WriteReport, site: bool) -> list[Step]:
        from .write import MANIFEST

        content = self.root / "content"
        steps = [Step("put", p, inode(self.content / p)) for p in report.written]
        steps += [Step("remove", p, inode(content / p)) for p in report.removed]
        manifest = inode(self.content / MANIFEST)
        if manifest and manifest != inode(content / MANIFEST):
            steps.append(Step("put", MANIFEST, manifest))
        if site:
            steps.append(Step("site", "", inode(self.site)))
        return [s for s in steps if s.inode]

    def _apply(self, step: Step) -> Undo:
        if step.kind == "site":
            return _swap(self.site, self.root / "site", self.area / "site-old")
        target, backup = self.root / "content" / step.path, self.backup / step.path
        if step.kind == "remove":
            from .write import prune

            backup.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, backup)
            pruned = prune(self.root / "content", target.parent)
            return lambda: _put_back(backup, target, pruned)
        staged, kept = self.content / step.path, inode(target) != 0
        if kept:
            backup.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(target, backup)
        made = make_folders(target.parent)
        os.replace(staged, target)

        def undo() -> None:
            os.replace(target, staged)
            _put_back(backup, target, []) if kept else remove_folders(made)
        return undo


def _moment(step: Step, count: int) -> str:
    """The name of the moment after a step, for `checkpoint`: "put:3" after the third page
    put into content/, "remove:1" after the first removed, "manifest", "site"."""
    if step.kind == "site":
        return "site"
    return "manifest" if step.path.startswith(".") else f"{step.kind}:{count}"


def recover(root: Path) -> None:
    """Finish the build a journal describes, if one is left, and remove what a killed build
    left: the work area, and the temporary files older versions wrote into `content/`."""
    area = root / BUILD_AREA
    journal = area / JOURNAL
    if journal.exists():
        for step in _read_journal(journal):
            _redo(root, step)
        journal.unlink()
    (area / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    if (area / WORK).exists():
        shutil.rmtree(area / WORK)
    _remove_leftovers(root / "content")


def _redo(root: Path, step: Step) -> None:
    work = root / BUILD_AREA / WORK
    if step.kind == "site":
        if inode(root / "site") != step.inode and inode(work / "site") == step.inode:
            _swap(work / "site", root / "site", work / "site-old")
        return
    target = root / "content" / step.path
    if step.kind == "remove" and inode(target) == step.inode:
        from .write import prune

        target.unlink()
        prune(root / "content", target.parent)
    elif step.kind == "put" and inode(target) != step.inode and inode(
            work / "content" / step.path) == step.inode:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / "content" / step.path, target)


def _write_journal(journal: Path, steps: list[Step]) -> None:
    temporary = journal.with_name(JOURNAL + ".tmp")
    temporary.write_text(json.dumps({"format": FORMAT, "steps": [
        [s.kind, s.path, s.inode] for s in steps]}), "utf-8")
    os.replace(temporary, journal)


def _read_journal(journal: Path) -> list[Step]:
    """The steps of a journal this module wrote; none from anything else."""
    from ..render.paths import is_generated_path
    from .write import MANIFEST

    try:
        kept = json.loads(journal.read_text("utf-8"))
        steps = [Step(str(kind), str(path), int(number)) for kind, path, number in kept["steps"]]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    if kept.get("format") != FORMAT or not all(
            (s.kind == "site" and not s.path) or (
                s.kind in ("put", "remove") and ".." not in s.path.split("/")
                and (s.path == MANIFEST or is_generated_path(s.path))) for s in steps):
        return []
    return steps


def _swap(new: Path, site: Path, old: Path) -> Undo:
    """Put `new` in the place of `site` in one step where the system can (Linux exchanges
    two folders at once, so no moment exists without a complete site); elsewhere in two
    renames (a build killed between them is finished by `recover`)."""
    if not os.path.lexists(site):
        os.replace(new, site)
        return lambda: os.replace(site, new)
    if exchange(new, site):
        return lambda: exchange_or_raise(new, site)
    os.replace(site, old)
    try:
        os.replace(new, site)
    except OSError:
        os.replace(old, site)
        raise

    def undo() -> None:
        os.replace(site, new)
        os.replace(old, site)
    return undo


def _put_back(backup: Path, target: Path, pruned: list[Path]) -> None:
    for folder in reversed(pruned):
        folder.mkdir()
    os.replace(backup, target)


def _remove_leftovers(content: Path) -> None:
    """Temporary files that versions of the writer before the journal left in `content/`
    and its generated folders when they were killed (looked for without importing
    `render.paths` and the model behind it: a fresh process with nothing to build must stay
    quick)."""
    found = _leftovers(content, "")
    try:
        with os.scandir(content) as listing:
            folders = [e.name for e in listing if e.is_dir(follow_symlinks=False)]
    except OSError:
        folders = []
    for name in folders:
        found += _leftovers(content / name, name + "/")
    if found:
        from ..render.paths import in_generated_folder

        for relative in found:
            if "/" not in relative or in_generated_folder(relative):
                os.unlink(content / relative)


def _leftovers(folder: Path, prefix: str) -> list[str]:
    try:
        with os.scandir(folder) as listing:
            return [prefix + e.name for e in listing if LEFTOVER.fullmatch(e.name)]
    except OSError:
        return []


def _quietly(action: Callable[[], object]) -> None:
    """Tidying after the fact; what it leaves, `recover` removes."""
    with contextlib.suppress(OSError):
        action()
