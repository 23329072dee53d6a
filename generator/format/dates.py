"""Dates as the fact format writes them, shown at their real precision."""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def in_words(value: str) -> str:
    """`2004` → "2004"; `2024-03` → "March 2024"; `2024-03-22` → "22 March 2024";
    `2024-03-22T20:00+03:00` → "22 March 2024, 20:00 UTC+03:00"."""
    day_part, _, time_part = value.partition("T")
    parts = day_part.split("-")
    if len(parts) == 1:
        shown = parts[0]
    elif len(parts) == 2:
        shown = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        shown = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if time_part.endswith("Z"):
        shown += f", {time_part[:-1]} UTC"
    elif time_part:
        shown += f", {time_part[:-6]} UTC{time_part[-6:]}"
    return shown
