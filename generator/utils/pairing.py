"""Pairing the items of two versions of a list by what they are, not where they are: the
way a reviewer matches them, so that removing the first item does not make every later
one look changed."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")
Key = Callable[[T], Hashable]


def pair(old: Sequence[T], new: Sequence[T], keys: Sequence[Key[T]],
         ) -> list[tuple[T | None, T | None]]:
    """Each item of `new` with the item of `old` it is a version of, or None (added); then
    each item of `old` left over with None (removed). Items are paired by the first of
    `keys` under which they are equal, trying the keys in order over what is still unpaired
    (the strictest first); within one key, in list order. A key that gives an empty value
    (None, an empty set) says nothing about an item, and pairs it with nothing."""
    partner: dict[int, int] = {}  # index in new -> index in old
    for key in keys:
        waiting: dict[Hashable, list[int]] = {}
        taken = set(partner.values())
        for index, item in enumerate(old):
            if index not in taken and (value := key(item)):
                waiting.setdefault(value, []).append(index)
        for index, item in enumerate(new):
            if index not in partner and (value := key(item)) and waiting.get(value):
                partner[index] = waiting[value].pop(0)
    paired: list[tuple[T | None, T | None]] = [
        (old[partner[i]] if i in partner else None, item) for i, item in enumerate(new)]
    taken = set(partner.values())
    return paired + [(item, None) for i, item in enumerate(old) if i not in taken]
