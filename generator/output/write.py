"""Stage 8, write: generated pages for `content/`, carefully.

The writer owns only what its manifest (`content/.dossier-manifest.json`) says it wrote.
It stages only the pages whose bytes changed, marks for removal the pages it wrote before
that no longer have a fact behind them, and refuses to overwrite a file it did not write.
It writes nothing into `content/` itself: `journal` moves the staged pages in, all at once.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..format.findings import Finding, finding_at
from ..render.paths import generated_folders, is_generated_path
from ..render.rendered import Pages
from .journal import Work

MANIFEST = ".dossier-manifest.json"
MANIFEST_LIMIT = 50_000_000  # bytes: 10,000 entities list 0.4 MB


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    removed: list[str]
    unchanged: int


def _encoded(pages: Mapping[str, str], path: str) -> bytes:
    return pages.encoded(path) if isinstance(pages, Pages) else pages[path].encode("utf-8")


def plan_conflicts(content: Path, pages: Mapping[str, str]) -> list[Finding]:
    """Pages that would overwrite a file the generator did not write, or a `content/` that
    or a folder the generator writes into, is a link (pages would be written or removed
    wherever it leads)."""
    linked = [name for name in ("", *generated_folders()) if (content / name).is_symlink()]
    if linked:
        return [finding_at(f"content/{name}".rstrip("/"), "D506", "this folder is a link: the "
                           "generator writes only into real folders",
                           "replace the link with a folder (or remove it)") for name in linked]
    owned = read_manifest(content)
    return [finding_at(f"content/{path}", "D501",
                       "a hand-written file is in the way of a generated page",
                       "move or rename the hand-written file; the generator never overwrites it")
            for path in sorted(pages) if path not in owned and (content / path).exists()]


def write_pages(root: Path, pages: Mapping[str, str],
                keep: frozenset[str] = frozenset()) -> WriteReport:
    """Write `pages` into `content/` where their bytes changed, and remove every page written
    before that is neither in `pages` nor in `keep`, all at once (`journal`). The caller
    holds the build lock (`journal.building`)."""
    with Work(root) as work:
        report = stage_pages(root / "content", work.content, pages, keep)
        work.commit(report)
    return report


def stage_pages(content: Path, staged: Path, pages: Mapping[str, str],
                keep: frozenset[str] = frozenset()) -> WriteReport:
    """Write into `staged` the pages whose bytes differ from those in `content`, and the new
    manifest when what the generator owns changes; `content` is only read. Pages written
    before that are neither in `pages` nor in `keep` (pages an incremental build knows to be
    unchanged) are reported as removed, and removed from `staged` when it is a mirror of
    `content` (as the site's build makes it)."""
    for path in pages:
        if not is_generated_path(path) or ".." in Path(path).parts:
            raise ValueError(f"refusing to write outside the generated tree: {path}")
    owned, wanted = read_manifest(content), pages.keys() | keep
    written = [p for p in sorted(pages) if _changed(content / p, _encoded(pages, p))]
    for path in written:
        _write_new(staged / path, _encoded(pages, path))
    removed = [p for p in sorted(owned - wanted) if (content / p).is_file()]
    for path in removed:
        (staged / path).unlink(missing_ok=True)
    if owned != wanted:
        _write_new(staged / MANIFEST, (json.dumps(sorted(wanted), indent=0) + "\n").encode())
    return WriteReport(written, removed, len(wanted) - len(written))


def clean_pages(content: Path) -> list[str]:
    """Remove every page the generator wrote, and its manifest; nothing else."""
    removed = [p for p in sorted(read_manifest(content)) if _remove(content, p)]
    (content / MANIFEST).unlink(missing_ok=True)
    return removed


def read_manifest(content: Path) -> set[str]:
    """The pages the generator wrote, as its manifest lists them. A pull request can commit
    a manifest of its own, so only a regular file is read, never through a link, and only
    entries with the shape of a generated page (`paths.is_generated_path`) count."""
    try:
        handle = os.open(content / MANIFEST, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return set()
    try:
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return set()
            listed = json.loads(stream.read(MANIFEST_LIMIT).decode("utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(listed, list):
        return set()
    return {p for p in listed if isinstance(p, str) and is_generated_path(p)}


def _changed(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except FileNotFoundError:
        return True


def _write_new(path: Path, data: bytes) -> None:
    """A new file (a new inode: in a mirror, the old version is a hard link to the page in
    `content/`, which must not change), with the mode any new file gets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with open(path, "xb") as out:
        out.write(data)


def _remove(content: Path, relative: str) -> bool:
    path = content / relative
    if not path.is_file():
        return False
    path.unlink()
    prune(content, path.parent)
    return True


def prune(content: Path, folder: Path) -> list[Path]:
    """Remove `folder` and the folders above it (below `content`) that are left empty;
    returns those removed, deepest first."""
    removed = []
    while folder != content and content in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        removed.append(folder)
        folder = folder.parent
    return removed
