"""What the render stage hands to the writer: the pages, and what each read."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field


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


@dataclass
class Rendered:
    """Pages rendered in one pass, by path under `content/`; for each, the ids it read
    (`draft.EVERYTHING` for pages that depend on the whole dossier); and for the pages over
    the whole dossier, what they show (`overview`): a later build that would show the same
    renders them no more."""

    pages: Pages = field(default_factory=Pages)
    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    shows: dict[str, object] = field(default_factory=dict)
