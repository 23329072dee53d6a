"""Dates as a passage of English text writes them: "22 March 2024", "March 22, 2024",
"22.03.2024", "2024-03-22", "March 22", "March 2024", a month or a year alone, and times of
day ("20:00", "8 p.m."). Knows nothing about dossiers.

Each mention keeps only the parts the text gives (a day without a year has none), so that a
reader of several passages can put a date together from the parts each gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_SHORT = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
          "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
MONTH_NUMBERS = {**{name: n for n, name in enumerate(MONTHS, 1)}, **_SHORT}
# Month names are matched with their capital: "may" is a verb, "May" a month.
_M = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_Y = r"(?P<year>\d{4})(?!\d)"
PATTERNS = (  # most parts first: a span read by one pattern is not read again by the next
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\w)" + _D + r"\s+(?:of\s+)?" + _M + r"(?:,?\s+" + _Y + ")?"),
    re.compile(r"(?<!\w)" + _M + r"\s+" + _D + r"(?:,?\s+" + _Y + ")?"),
    re.compile(r"(?<!\w)" + _M + r"\s+(?:of\s+)?" + _Y),
    re.compile(r"(?<!\w)" + _M),
    re.compile(r"(?<![\w,.])(?P<year>1[5-9]\d\d|20\d\d)(?![\w]|[.,]\d)"),
)
TIMES = (
    re.compile(r"(?<![\d:])(?P<hour>[01]?\d|2[0-3])[:h](?P<minute>[0-5]\d)(?!\d)"),
    re.compile(r"(?<![\d:])(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*"
               r"(?P<half>[ap])\.?m\b\.?", re.IGNORECASE),
)


@dataclass(frozen=True)
class DateMention:
    """A date or a part of one, where a text writes it; None for the parts it leaves out."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def spans_parts(self) -> bool:
        """More than a year alone: a day or month with it (its digits are not a count)."""
        return self.month is not None


@dataclass
class DateParts:
    """The parts of dates that one or more passages give, pooled."""

    years: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    days: set[tuple[int, int]] = field(default_factory=set)  # (month, day)
    times: set[tuple[int, int]] = field(default_factory=set)  # (hour, minute)

    def add(self, mention: DateMention) -> None:
        if mention.year is not None:
            self.years.add(mention.year)
        if mention.month is not None:
            self.months.add(mention.month)
            if mention.day is not None:
                self.days.add((mention.month, mention.day))

    def update(self, other: DateParts) -> None:
        self.years |= other.years
        self.months |= other.months
        self.days |= other.days
        self.times |= other.times


def find_dates(text: str) -> list[DateMention]:
    """Every date or part of a date in `text`, in text order, none inside another."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            for mention in _mentions(match):
                found.append(mention)
            taken.append(match.span())
    return sorted(found, key=lambda m: (m.start, m.month is None))


def _mentions(match: re.Match[str]) -> list[DateMention]:
    """The dates a match can be: "03/04/2024" is 3 April or March 4 (both kept)."""
    parts = match.groupdict()
    year = int(parts["year"]) if parts.get("year") else None
    if parts.get("a"):
        a, b = int(parts["a"]), int(parts["b"])
        return [m for m in (_mention(match, year, b, a), _mention(match, year, a, b)) if m]
    month = MONTH_NUMBERS[parts["month"]] if parts.get("month") else (
        int(parts["mon"]) if parts.get("mon") else None)
    day = int(parts["day"]) if parts.get("day") else None
    made = _mention(match, year, month, day)
    return [made] if made else []


def _mention(match: re.Match[str], year: int | None, month: int | None,
             day: int | None) -> DateMention | None:
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    return DateMention(match.start(), match.end(), year, month, day)


def find_times(text: str) -> set[tuple[int, int]]:
    """Every time of day in `text`, as (hour, minute) on a 24-hour clock."""
    found = set()
    for match in TIMES[0].finditer(text):
        found.add((int(match["hour"]), int(match["minute"])))
    for match in TIMES[1].finditer(text):
        hour = int(match["hour"]) % 12 + (12 if match["half"].lower() == "p" else 0)
        found.add((hour, int(match["minute"] or 0)))
    return found


def parts_of(text: str) -> DateParts:
    """The parts of dates `text` gives."""
    parts = DateParts(times=find_times(text))
    for mention in find_dates(text):
        parts.add(mention)
    return parts


def wanted_parts(value: str) -> tuple[int, int | None, int | None, tuple[int, int] | None]:
    """Year, month, day and time of day of a date as the fact format writes it
    (`2024`, `2024-03`, `2024-03-22`, `2024-03-22T20:00+03:00`), None beyond its precision."""
    day_part, _, time_part = value.partition("T")
    numbers = [int(p) for p in day_part.split("-")]
    clock = (int(time_part[:2]), int(time_part[3:5])) if time_part else None
    return (numbers[0], numbers[1] if len(numbers) > 1 else None,
            numbers[2] if len(numbers) > 2 else None, clock)
