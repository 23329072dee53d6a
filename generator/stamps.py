"""What tells versions of files apart without reading them: a stamp per file, the scan of
`facts/`, the listing of a folder. Imports nothing heavy, so that a fresh `dossier` process
can tell that nothing changed (`receipt`) before it loads the rest of the generator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, finding_at

FACTS = "facts"
TEMPLATES = "templates"
FACT_FOLDERS = ("sources", "people", "organisations", "places", "events")
"""The folders of `facts/`, one per kind (`model.KINDS` gives each its declaration)."""

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
            found.findings.append(finding_at(prefix + entry.name, "D112", problem, STRAY_HINT,
                                             1, 1))
        else:
            try:
                found.stamps[prefix + entry.name] = stamp_of(entry.stat(follow_symlinks=False))
            except FileNotFoundError:
                continue  # deleted while the scan ran: as if it had never been there


STRAY_HINT = (f"fact files are facts/<kind>/<id>.yaml with kind one of {', '.join(FACT_FOLDERS)}; "
              "a source's text is facts/sources/<id>.txt beside its <id>.yaml")


def _stray(folders: tuple[str, ...], name: str, is_link: bool, siblings: set[str]) -> str:
    """Why a file under facts/ is not read, or "" when it is a fact file or source text."""
    if is_link:  # the scan never descends into linked folders: this covers them too
        return "symbolic links are not followed"
    if len(folders) != 1 or folders[0] not in FACT_FOLDERS:
        return "this file is not read by the dossier"
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix == "txt" and folders[0] == "sources":
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


def stamped(folder: Path, prefix: str = "", leave_out: frozenset[str] = frozenset(),
            ) -> list[tuple[str, Stamp | None]]:
    """Every file below `folder` with its stamp, in sorted order, as a reader that follows
    links sees it (Jinja, MkDocs): a link is stamped by what it points at, a linked folder
    is walked (once), a dangling link has no stamp. Hidden files and folders, `__pycache__`,
    and the names in `leave_out` directly in `folder` are left out."""
    found: list[tuple[str, Stamp | None]] = []
    walked: set[str] = set()

    def walk(path: str, at: str) -> None:
        real = os.path.realpath(path)
        if real in walked:
            return
        walked.add(real)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name == "__pycache__" or (not at and name in leave_out):
                continue
            try:
                stat = entry.stat()
            except OSError:
                found.append((at + name, None))
                continue
            if entry.is_dir():
                walk(entry.path, at + name + "/")
            else:
                found.append((at + name, stamp_of(stat)))

    walk(str(folder), prefix)
    return found


def templates(root: Path) -> list[tuple[str, Stamp | None]]:
    """The stamp of every template file (what `render.environment` compiles)."""
    return stamped(root / TEMPLATES, TEMPLATES + "/")
