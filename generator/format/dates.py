"""Dates as the fact format writes them, shown at their real precision."""

from __future__ import annotations

import re
from datetime import date

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


def from_words(text: str) -> str | None:
    """A date written in words as the fact format writes it: "23 March 2024" and "March 23,
    2024" → `2024-03-23`, "March 2024" → `2024-03`; None when `text` is not such a date (or
    not a day of the calendar)."""
    words = re.findall(r"[A-Za-z]+|[0-9]+", text)
    months = [i for i, m in enumerate(MONTHS, 1) for w in words
              if len(w) >= 3 and m.lower().startswith(w.lower())]
    numbers = [w for w in words if w.isdigit()]
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(months) != 1 or len(years) != 1 or len(days) > 1 or len(words) != 2 + len(days):
        return None
    try:
        day = date(int(years[0]), months[0], int(days[0]) if days else 1)
    except ValueError:
        return None
    return day.isoformat() if days else day.isoformat()[:7]
