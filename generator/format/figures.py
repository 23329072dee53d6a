"""A figure's values as readers read them: the number with the qualifier the source gives
("more than 551", "at least 115") and a plain number for `exactly`, which is the default an
editor leaves out, not a word any source used. Several values are listed in numeric order."""

from __future__ import annotations

from collections.abc import Iterable

from .model import FigureValue, Qualifier


def quantity_in_words(quantity: str) -> str:
    """`killed` → "Killed", `detained-suspects` → "Detained suspects"."""
    return quantity.replace("-", " ").capitalize()


def value_in_words(value: int, qualifier: Qualifier) -> str:
    """`551, more-than` → "more than 551"; `144, exactly` → "144"."""
    if qualifier is Qualifier.EXACTLY:
        return f"{value:,}"
    return f"{qualifier.value.replace('-', ' ')} {value:,}"


def values_in_order(values: Iterable[FigureValue]) -> list[str]:
    """Each distinct value once, in numeric order (the qualifiers of one number in the
    order the format declares them)."""
    order = list(Qualifier)
    distinct = {(v.value, order.index(v.qualifier)) for v in values}
    return [value_in_words(number, order[rank]) for number, rank in sorted(distinct)]


def from_words(text: str) -> tuple[int, Qualifier] | None:
    """A value written in words ("at least 115", "more than 1,000", "about 40") as the fact
    format writes it: the number, and the qualifier that says how the source words it; None
    when `text` is not one."""
    words = " ".join(text.lower().replace("-", " ").split())
    for qualifier in Qualifier:
        said = qualifier.value.replace("-", " ")
        if words.startswith(said + " "):
            number = words[len(said) + 1:].replace(",", "")
            return (int(number), qualifier) if number.isdigit() else None
    return None
