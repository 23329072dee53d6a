"""Stage 1, scan: what tells versions of files apart without reading them: a stamp per file,
the scan of `facts/`, the listing of a folder. Imports nothing heavy, so that a fresh
`dossier` process can tell that nothing changed (`output.receipt`) before it loads the rest
of the generator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR

from ..format.findings import Finding, finding_at
from ..format.kinds import SOURCES, folders, is_folder

FACTS = "facts"
TEMPLATES = "templates"

Stamp = tuple[int, int, int, int]  # inode, size, modified and changed time in ns


def stamp_of(stat: os.stat_result) -> Stamp:
    """What tells two versions of a file apart without reading it. The change time (ctime)
    cannot be set back by tools that preserve modification times."""
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


@dataclass
class Scan:
    """Every fact file and source text under facts/ with its stamp, by relative path in
    sorted order, and what else was found there (reported, never read)."""

    stamps: dict[str, Stamp]
    findings: list[Finding]


def scan(root: Path) -> Scan:
    """Stamp every file under facts/ (one `stat` each, no reading). Hidden files are not
    read; links are reported and never followed."""
    folder = root / FACTS
    if folder.is_symlink():  # it would be walked wherever it leads: `/`, say
        return Scan({}, [finding_at(FACTS, "D112", "facts/ is a link, which is not followed",
                                    "make facts/ a folder of the dossier")])
    if not folder.is_dir():
        return Scan({}, [finding_at(FACTS, "D112", "there is no facts/ folder",
                                    "run dossier from the dossier's top folder")])
    found = Scan({}, [])
    _scan(str(folder), (), found)
    return found


def _scan(folder: str, parts: tuple[str, ...], found: Scan) -> None:
    """Stamp the files below `folder` in sorted order (folder by folder, each listing sorted:
    the order of the paths' parts), never following a link into a folder."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as error:
        found.findings.append(finding_at(
            "/".join((FACTS, *parts)), "D112",
            f"this folder cannot be read: {error.strerror or error}",
            "give yourself read access to it (chmod u+rx), or move it out of facts/"))
        return
    names = {entry.name for entry in entries if not entry.is_dir(follow_symlinks=False)}
    prefix = "/".join((FACTS, *parts)) + "/"
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, (*parts, entry.name), found)
        elif problem := _stray(parts, entry.name, entry.is_symlink(), names):
            found.findings.append(finding_at(prefix + entry.name, "D112", problem,
                                             stray_hint(), 1, 1))
        else:
            try:
                found.stamps[prefix + entry.name] = stamp_of(entry.stat(follow_symlinks=False))
            except FileNotFoundError:
                continue  # deleted while the scan ran: as if it had never been there


def stray_hint() -> str:
    return (f"fact files are facts/<kind>/<id>.yaml with kind one of {', '.join(folders())}; "
            "a source's text is facts/sources/<id>.txt beside its <id>.yaml")


def _stray(in_folders: tuple[str, ...], name: str, is_link: bool, siblings: set[str]) -> str:
    """Why a file under facts/ is not read, or "" when it is a fact file or source text."""
    if is_link:  # the scan never descends into linked folders: this covers them too
        return "symbolic links are not followed"
    if len(in_folders) != 1 or not is_folder(in_folders[0]):
        return "this file is not read by the dossier"
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix == "txt" and in_folders[0] == SOURCES:
        if stem + ".yaml" in siblings:
            return ""
        return "a source text without its metadata file"
    return "" if dot and suffix == "yaml" else "this file is not read by the dossier"


def files_under(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file below `folder` with its relative path: one directory listing per folder,
    no `stat` per file (tens of thousands of pages are listed in a few milliseconds). Links
    are listed as files, never followed."""
    folders = [(str(folder), "")]
    while folders:
        folder_now, prefix = folders.pop()
        try:
            with os.scandir(folder_now) as listing:
                for entry in listing:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((entry.path, prefix + entry.name + "/"))
                    else:
                        yield prefix + entry.name, entry
        except OSError:
            continue


@dataclass(frozen=True)
class Linked:
    """A file found by `linked_files`."""

    path: str  # relative to the folder walked, with slashes
    full: str  # where it is: through the links on the way, and resolved if itself a link
    stat: os.stat_result | None  # of what it is, through a link; None: a link to nothing
    outside: bool = False  # a link out of the boundary (to a folder: its own lstat)


def linked_files(folder: Path, boundary: Path, hidden: bool = False,
                 leave_out: frozenset[str] = frozenset()) -> Iterator[Linked]:
    """Every file below `folder` in sorted order, as a reader that follows links sees it
    (Jinja, MkDocs), without ever walking out of `boundary` (the dossier's folder): a link
    to a folder inside is walked (each folder once, so a loop ends), a link to a folder
    outside is listed as a file, with its own lstat, and not walked: a link to `/` costs
    one `stat`, not a walk of the whole file system. Links to files are listed by what they
    point at, wherever it is (one `stat`); `outside` tells those that leave `boundary`.
    Hidden files and folders (unless `hidden`), `__pycache__`, and the names in `leave_out`
    directly in `folder` are left out."""
    inside, walked = os.path.realpath(boundary), set[str]()
    if folder.is_symlink() and not is_inside(boundary, folder):
        yield Linked("", os.path.realpath(folder), _lstat(folder), True)
        return

    def listing(path: str, at: str) -> tuple[Iterator[os.DirEntry[str]], str]:
        walked.add(os.path.realpath(path))
        try:
            with os.scandir(path) as entries:
                return iter(sorted(entries, key=lambda e: e.name)), at
        except OSError:
            return iter(()), at

    stack = [listing(str(folder), "")]  # a stack, not recursion: nesting is not bounded
    while stack:
        entries, at = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if (entry.name.startswith(".") and not hidden) or entry.name == "__pycache__" or (
                not at and entry.name in leave_out):
            continue
        found = _linked(entry, at + entry.name, inside)
        if found is not None:
            yield found
        elif os.path.realpath(entry.path) not in walked:
            stack.append(listing(entry.path, at + entry.name + "/"))


def _linked(entry: os.DirEntry[str], path: str, inside: str) -> Linked | None:
    """What `linked_files` lists for one entry, or None for a folder to walk."""
    if not entry.is_symlink():
        if entry.is_dir(follow_symlinks=False):
            return None
        return Linked(path, entry.path, _stat(entry, False))
    real = os.path.realpath(entry.path)
    outside = not _within(inside, real)
    stat = _stat(entry, True)
    if stat is not None and S_ISDIR(stat.st_mode):
        if not outside:
            return None
        stat = _stat(entry, False)
    return Linked(path, real, stat, outside)


def _within(boundary: str, real: str) -> bool:
    return os.path.commonpath((boundary, real)) == boundary


def is_inside(boundary: Path, path: Path) -> bool:
    """Whether `path`, its links resolved, is `boundary` or lies below it."""
    return _within(os.path.realpath(boundary), os.path.realpath(path))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None


def _stat(entry: os.DirEntry[str], follow: bool) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=follow)
    except OSError:
        return None


def stamped(folder: Path, prefix: str = "", leave_out: frozenset[str] = frozenset(),
            boundary: Path | None = None) -> list[tuple[str, Stamp | None]]:
    """Every file below `folder` with its stamp, in sorted order, as `linked_files` finds it
    within `boundary` (by default `folder` itself): a link to a file is stamped by what it
    points at, a link to a folder outside by its own lstat (which changes when it is pointed
    elsewhere), a dangling link has no stamp. Hidden files and folders, `__pycache__`, and
    the names in `leave_out` directly in `folder` are left out."""
    return [(prefix + found.path, None if found.stat is None else stamp_of(found.stat))
            for found in linked_files(folder, boundary or folder, leave_out=leave_out)]


def templates(root: Path) -> list[tuple[str, Stamp | None]]:
    """The stamp of every template file (what `render.environment` compiles)."""
    return stamped(root / TEMPLATES, TEMPLATES + "/", boundary=root)


def input_stamps(root: Path, scanned: Scan) -> dict[str, Stamp | None]:
    """The stamp of every input of a build: fact files and source texts (`scanned`),
    templates, and the settings file."""
    from ..format.settings import SETTINGS

    stamps: dict[str, Stamp | None] = dict(scanned.stamps)
    stamps.update(templates(root))
    settings = root / SETTINGS
    if settings.is_file():
        stamps[SETTINGS] = stamp_of(settings.stat())
    return stamps
