"""Dates as a passage of English text writes them: "22 March 2024", "March 22, 2024",
"22.03.2024", "2024-03-22", "March 22", "March 2024", a month or a year alone, and times of
day ("20:00", "8 p.m."). Knows nothing about dossiers.

Each mention keeps only the parts the text gives (a day without a year has none), so that a
reader of several passages can put a date together from the parts each gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import first_digit, words_of

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_SHORT = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
          "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
MONTH_NUMBERS = {**{name: n for n, name in enumerate(MONTHS, 1)}, **_SHORT}
# One pass finds the pieces dates are made of: a whole numeric date ("2024-03-22",
# "22.03.2024", "03/04/2024"), a number (a day or a year), or a capitalised word (a month if
# it is one: "May" is a month, "may" a verb); `find_dates` then joins neighbouring pieces.
PIECES = re.compile(
    r"(?<![\w.])(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?<![\w.])(?P<da>\d{1,2})(?P<sep>[./])(?P<db>\d{1,2})(?P=sep)(?P<dy>\d{4})(?!\d)"
    r"|(?<![\w.,])(?P<n>\d{1,4})(?:st|nd|rd|th)?(?!\w|[.,]\d)"
    r"|\b(?P<w>[A-Z][a-z]{2,8})\b\.?")
NUMERIC_DATE = re.compile(r"\d[-./]\d")
YEAR = re.compile(r"(?<![\w.,])(1[5-9]\d\d|20\d\d)(?!\w|[.,]\d)")
JOINS = {" ", ", ", " of "}  # what may stand between the pieces of one date
YEARS = range(1500, 2100)
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


def find_dates(text: str) -> list[DateMention]:
    """Every date or part of a date in `text`, in text order, none inside another."""
    start = first_digit(text)
    if MONTH_NUMBERS.keys().isdisjoint(words_of(text)):  # digits alone: read from the first
        if start < 0:
            return []
        if not NUMERIC_DATE.search(text, start):
            return [DateMention(m.start(1), m.end(1), int(m[1]))
                    for m in YEAR.finditer(text, start)]
    else:
        start = 0
    found: list[DateMention] = []
    pieces: list[tuple[int, int, bool, int]] = []  # start, end, is a month, its number
    for match in PIECES.finditer(text, start):
        if match["iy"]:
            found += _valid(match.start(), match.end(), int(match["iy"]), int(match["im"]),
                            int(match["id"]))
        elif match["da"]:
            a, b, year = int(match["da"]), int(match["db"]), int(match["dy"])
            found += _valid(match.start(), match.end(), year, b, a)  # 22.03.2024, 3/4/2024
            if match["sep"] == "/":  # and the American reading, 4 March
                found += _valid(match.start(), match.end(), year, a, b)
        elif match["n"]:
            pieces.append((match.start(), match.end(), False, int(match["n"])))
        elif match["w"] in MONTH_NUMBERS:
            pieces.append((match.start(), match.end(), True, MONTH_NUMBERS[match["w"]]))
    return sorted(found + _joined(text, pieces), key=lambda m: (m.start, m.month is None))


def _joined(text: str, pieces: list[tuple[int, int, bool, int]]) -> list[DateMention]:
    """Months with the day before or after them and the year after them ("22 March 2024",
    "March 22, 2024", "March 2024"), then the years that stand alone."""
    used: set[int] = set()

    def number(at: int, near: int, wanted: range) -> int | None:
        """The number piece `at`, if it is in `wanted`, unused, and joined to piece `near`."""
        if not 0 <= at < len(pieces) or at in used or pieces[at][2] or \
                pieces[at][3] not in wanted:
            return None
        first, second = sorted((at, near))
        return pieces[at][3] if text[pieces[first][1]:pieces[second][0]] in JOINS else None

    found = []
    for index, (start, _, is_month, month) in enumerate(pieces):
        if not is_month:
            continue
        last, day = index, number(index - 1, index, range(1, 32))
        if day is not None:
            used.add(index - 1)
            start = pieces[index - 1][0]
        elif (day := number(index + 1, index, range(1, 32))) is not None:
            last = index + 1
            used.add(last)
        if (year := number(last + 1, last, YEARS)) is not None:
            last += 1
            used.add(last)
        found.append(DateMention(start, pieces[last][1], year, month, day))
    return found + [DateMention(s, e, n) for i, (s, e, is_month, n) in enumerate(pieces)
                    if not is_month and i not in used and n in YEARS]


def _valid(start: int, end: int, year: int, month: int, day: int) -> list[DateMention]:
    return [DateMention(start, end, year, month, day)] if 1 <= month <= 12 and \
        1 <= day <= 31 else []


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
    """The parts of dates `text` gives (but times of day: `find_times`)."""
    parts = DateParts()
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
