"""Stage 8, write: generated pages for `content/`, carefully.

The writer owns only what its manifest (`content/.dossier-manifest.json`) says it wrote.
It stages only the pages whose bytes changed, marks for removal the pages it wrote before
that no longer have a fact behind them, and refuses to overwrite a file it did not write.
It writes nothing into `content/` itself: `journal` moves the staged pages in, all at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..format.findings import Finding, finding_at
from ..read.scan import is_inside
from ..render.paths import is_generated_path
from ..render.rendered import Pages
from .journal import Work

MANIFEST = ".dossier-manifest.json"


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    removed: list[str]
    unchanged: int


def _encoded(pages: Mapping[str, str], path: str) -> bytes:
    return pages.encoded(path) if isinstance(pages, Pages) else pages[path].encode("utf-8")


def plan_conflicts(content: Path, pages: Mapping[str, str]) -> list[Finding]:
    """Pages that would overwrite a file the generator did not write, or a `content/` that
    is a link out of the dossier's folder (pages would be written wherever it leads)."""
    if content.is_symlink() and not is_inside(content.parent, content):
        return [finding_at("content", "D506", "content/ is a link that leads outside the "
                           "dossier's folder", "make content/ a folder of the dossier")]
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
    try:
        listed = json.loads((content / MANIFEST).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
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
