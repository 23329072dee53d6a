"""Support of dates, and of the numbers and dates written in prose: the parts of a date
at its precision, from any quotes of the statement, a year from a cited publication date,
a date through the event it follows; and every figure a summary, claim or note writes.
"""

from __future__ import annotations

import re

from ..format.dates import in_words
from ..format.model import Date
from ..read.record import Keys
from ..utils.date_mentions import MONTHS, YEARS, DateMention, wanted_parts
from ..utils.numbers import first_digit, qualifier_at
from ..utils.passage import Passage, figure_words
from .support_parts import Ground, Lack, Quotes, number_lack

DIGIT_RUNS = re.compile(r"\d[\d,./:-]*\d|\d")  # a run of digits, with what joins them


def date_lack(value: str, keys: Keys, quotes: Quotes, ground: Ground,
              written: str = "") -> list[Lack]:
    """The parts of date `value` that its precision gives (year; month; day; time of day)
    must all be in the quotes; a year none gives may come from the publication date of a
    cited source, when that date is itself cited (noted in `quotes.year_from`)."""
    year, month, day, clock = wanted_parts(value)
    if clock is None and (month is None or _plain_day_said(month, day, quotes)) and \
            quotes.say(str(year)):
        return []  # the plain look: "March 22" and "2024" as written
    parts = quotes.date_parts()
    missing = []
    if month is not None and day is not None and (month, day) not in parts.days:
        missing.append(f"{day} {MONTHS[month - 1]}")
    elif month is not None and day is None and month not in parts.months:
        missing.append(MONTHS[month - 1])
    if clock is not None and clock not in quotes.times():
        missing.append(f"{clock[0]:02d}:{clock[1]:02d}")
    if year not in parts.years and not quotes.say(str(year)):
        source = next((c.source for c in quotes.items if ground.published(c.source) == year),
                      None)
        if source is None:
            missing.append(str(year))
        elif source not in quotes.year_from:
            quotes.year_from += (source,)
    if not missing:
        return []
    return [_missing_date(value, keys, quotes, missing, written)]


def _plain_day_said(month: int, day: int | None, quotes: Quotes) -> bool:
    name = MONTHS[month - 1]
    if day is None:
        return quotes.say(name)
    return quotes.say(f"{name} {day}") or quotes.say(f"{day} {name}")


def _missing_date(value: str, keys: Keys, quotes: Quotes, missing: list[str],
                  written: str) -> Lack:
    code, mine = ("D417", f"\u201c{written}\u201d is written") if written else (
        "D413", f"the date is {in_words(value)}")
    near = _nearest_date(quotes, value)
    if near is None:
        return Lack(code, keys, f"no cited quote gives {' or '.join(missing)}; {mine}",
                    "cite the passage that gives the date; a year the quotes leave out may "
                    "come from the source's publication date, when its metadata cites it")
    passage, mention = near
    said = passage.text[mention.start:mention.end]
    fix = (f"if the source is right, write `{keys[-1]}: \"{_suggest(value, mention)}\"`"
           if not written else "write the date as the quote gives it")
    return Lack(code, keys, f"quote has {said}, {mine}", f"the quote, with the nearest date "
                f"marked: \u201c{passage.marked(mention.start, mention.end)}\u201d; {fix}, or "
                f"cite the passage that gives {' and '.join(missing)}")


def _nearest_date(quotes: Quotes, value: str) -> tuple[Passage, DateMention] | None:
    year, month, day, _ = wanted_parts(value)
    scored = [((m.month == month) + (m.year == year) + (m.day is not None) * (day is not None)
               - abs((m.day or 0) - (day or 0)) / 100, c.passage, m)
              for c in quotes.items for m in c.passage.dates]
    if not scored:
        return None
    _, passage, mention = max(scored, key=lambda s: s[0])
    return passage, mention


def _suggest(value: str, mention: DateMention) -> str:
    """`value` with the parts the quote gives put in, at the statement's precision."""
    year, month, day, _ = wanted_parts(value)
    parts = [str(mention.year or year)]
    if month is not None:
        parts.append(f"{mention.month or month:02d}")
    if day is not None:
        parts.append(f"{mention.day or day:02d}")
    return "-".join(parts)


def dated_through(date: Date, ground: Ground) -> bool:
    """A date placed `after` an event on that event's own date ("later that day"), at this
    date's precision, is supported through it when that event's quotes give its date. An
    event that is not in the dossier is reported where it is named, not here."""
    if not date.after or not date.value:
        return False
    found = ground.event_date(date.after)
    if found is None:
        return True
    other, quotes = found
    return bool(other is not None and other.value and other.value.startswith(date.value) and
                quotes is not None and not date_lack(other.value, ("value",), quotes, ground))


def prose_lacks(text: str, keys: Keys, quotes: Quotes, ground: Ground) -> list[Lack]:
    """Every number and date written in prose (a summary, a claim, a note) must be in one of
    its quotes, by the rules for figures and dates."""
    digit, words = first_digit(text), figure_words(text, ground.words)
    if not words and (digit < 0 or _years_said(text, digit, quotes)):
        return []  # the plain look settles most prose
    written = Passage(text, ground.words)
    lacks: list[Lack] = []
    for mention in written.dates:
        shown = written.text[mention.start:mention.end]
        wanted = "-".join(str(p) if i == 0 else f"{p:02d}" for i, p in enumerate(
            (mention.year or 1, mention.month, mention.day)) if p is not None)
        if mention.year is None:  # "June 3": the quotes need no year for it
            lacks += _month_day_lack(mention, shown, keys, quotes)
        else:
            lacks += date_lack(wanted, keys, quotes, ground, shown)
    years = {(m.start, m.end) for m in written.dates}
    for number in written.all_numbers():
        if (number.start, number.end) in years:
            continue
        said = written.text[number.start:number.end]
        lacks += number_lack(number.value, qualifier_at(written.lowered, number.start,
                                                        number.end), quotes, keys, said)
    return lacks


def _years_said(text: str, start: int, quotes: Quotes) -> bool:
    """Whether every run of digits in `text` (the first at `start`) is a year that a quote
    writes as it is."""
    for run in DIGIT_RUNS.findall(text, start):
        if not (len(run) == 4 and run.isdigit() and int(run) in YEARS and quotes.say(run)):
            return False
    return True


def _month_day_lack(mention: DateMention, shown: str, keys: Keys,
                    quotes: Quotes) -> list[Lack]:
    parts = quotes.date_parts()
    if (mention.day is None and mention.month in parts.months) or \
            (mention.month, mention.day) in parts.days:
        return []
    return [Lack("D417", keys, f"\u201c{shown}\u201d is written, and no cited quote gives it",
                 "write the date as a quote gives it, or cite the passage that gives it")]
