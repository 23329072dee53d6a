"""Values worth making once: remembered while what they are made from is the same.
Knows nothing about dossiers.

A `Memo` belongs to whoever makes the values again and again (a build cache, for a process
that builds the same thing after every save); `reset` forgets everything. Nothing here is
kept at module level.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol, TypeVar

T = TypeVar("T")


class Owner(Protocol):
    """What values are made from: one version of something with a stable id."""

    @property
    def id(self) -> str: ...


class Memo:
    """Values made from an owner (one version of a file, say), each remembered while the
    owner is the very same object and what else the value depends on is equal; and single
    values made from the whole (`last`), remembered while their key is equal."""

    def __init__(self) -> None:
        self._of: dict[str, tuple[Owner, dict[str, tuple[tuple[object, ...], object]]]] = {}
        self._last: dict[str, tuple[object, object]] = {}

    def of(self, owner: Owner, what: str, depends_on: tuple[object, ...],
           make: Callable[[], T]) -> T:
        """`make()`, remembered with `owner` for as long as `depends_on` is equal (item by
        item, `is` before `==`); a newer version of the owner (another object with the same
        id) forgets what the older one had."""
        key = owner.id
        known = self._of.get(key)
        if known is None or known[0] is not owner:
            known = self._of[key] = (owner, {})
        values = known[1]
        made = values.get(what)
        if made is not None and made[0] == depends_on:
            return made[1]  # type: ignore[return-value]
        value = make()
        values[what] = (depends_on, value)
        return value

    def known(self, owner: Owner, what: str, depends_on: tuple[object, ...],
              kind: type[T]) -> T | None:
        """What `of` would give without making it: the value remembered with `owner` while
        `depends_on` is equal, or None (for a stage that makes a value per record of a large
        dossier, where a closure per record for `of` costs more than the look itself), if
        it is a `kind`. With `put`."""
        known = self._of.get(owner.id)
        if known is None or known[0] is not owner:
            return None
        made = known[1].get(what)
        if made is None or made[0] != depends_on:
            return None
        return made[1] if isinstance(made[1], kind) else None

    def put(self, owner: Owner, what: str, depends_on: tuple[object, ...], value: T) -> T:
        """Remember `value` as `of` does, and give it back."""
        known = self._of.get(owner.id)
        if known is None or known[0] is not owner:
            known = self._of[owner.id] = (owner, {})
        known[1][what] = (depends_on, value)
        return value

    def last(self, what: str, key: object, make: Callable[[], T]) -> T:
        """`make()`, remembered (one value per `what`) while `key` is equal."""
        known = self._last.get(what)
        if known is not None and known[0] == key:
            return known[1]  # type: ignore[return-value]
        value = make()
        self._last[what] = (key, value)
        return value

    def keep(self, ids: Collection[str]) -> None:
        """Forget what was made from owners whose id is not in `ids` (files deleted)."""
        for stale in [i for i in self._of if i not in ids]:
            del self._of[stale]

    def reset(self) -> None:
        """Forget everything."""
        self._of.clear()
        self._last.clear()
