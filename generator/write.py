"""Stage 6, write: generated pages into `content/`, carefully.

The writer owns only what its manifest says it wrote. It writes only pages whose bytes
changed (each through a temporary file and an atomic rename), removes pages it wrote before
that no longer have a fact behind them, and refuses to overwrite a file it did not write.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, finding_at
from .paths import is_generated_path

MANIFEST = ".dossier-manifest.json"


@dataclass(frozen=True)
class WriteReport:
    written: list[str]
    removed: list[str]
    unchanged: int


class Pages(MutableMapping[str, str]):
    """Rendered pages by path, held as UTF-8 until written. Python keeps a str with any
    character beyond Latin-1 (every page has curly quotes and dashes) at two bytes per
    character: at 10,000 entities the pages of a full build take 110 MB this way, not 220."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> str:
        return self._data[path].decode("utf-8")

    def __setitem__(self, path: str, text: str) -> None:
        self._data[path] = text.encode("utf-8")

    def __delitem__(self, path: str) -> None:
        del self._data[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def encoded(self, path: str) -> bytes:
        return self._data[path]


def _encoded(pages: Mapping[str, str], path: str) -> bytes:
    return pages.encoded(path) if isinstance(pages, Pages) else pages[path].encode("utf-8")


def plan_conflicts(content: Path, pages: Mapping[str, str]) -> list[Finding]:
    """Pages that would overwrite a file the generator did not write (checked before writing)."""
    owned = read_manifest(content)
    return [finding_at(f"content/{path}", "D501",
                       "a hand-written file is in the way of a generated page",
                       "move or rename the hand-written file; the generator never overwrites it")
            for path in sorted(pages) if path not in owned and (content / path).exists()]


def write_pages(content: Path, pages: Mapping[str, str],
                keep: frozenset[str] = frozenset()) -> WriteReport:
    """Write `pages` where their bytes changed and remove every page written before that is
    neither in `pages` nor in `keep` (pages an incremental build knows to be unchanged)."""
    for path in pages:
        if not is_generated_path(path) or ".." in Path(path).parts:
            raise ValueError(f"refusing to write outside the generated tree: {path}")
    owned, wanted = read_manifest(content), pages.keys() | keep
    if not wanted <= owned:  # claim new pages before writing them: a build killed
        _write_manifest(content, owned | wanted)  # midway still owns what it wrote
    written = [p for p in sorted(pages) if _write_if_changed(content / p, _encoded(pages, p))]
    removed = [p for p in sorted(owned - wanted) if _remove(content, p)]
    if owned != wanted:
        _write_manifest(content, wanted)
    return WriteReport(written, removed, len(wanted) - len(written))


def clean_pages(content: Path) -> list[str]:
    """Remove every page the generator wrote, and its manifest; nothing else."""
    removed = [p for p in sorted(read_manifest(content)) if _remove(content, p)]
    (content / MANIFEST).unlink(missing_ok=True)
    return removed


def _write_manifest(content: Path, pages: set[str]) -> None:
    _atomic_write(content / MANIFEST, (json.dumps(sorted(pages), indent=0) + "\n").encode())


def read_manifest(content: Path) -> set[str]:
    try:
        listed = json.loads((content / MANIFEST).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    return {p for p in listed if isinstance(p, str) and is_generated_path(p)}


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    _atomic_write(path, data)
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # what open() gives a new file; mkstemp's files are private
"""Read at import, while no other thread of the process can be creating files."""


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        os.chmod(temporary, FILE_MODE)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove(content: Path, relative: str) -> bool:
    path = content / relative
    if not path.is_file():
        return False
    path.unlink()
    parent = path.parent
    while parent != content and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
    return True
