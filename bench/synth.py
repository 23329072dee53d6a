"""A synthetic dossier of any size, with the real dossier's proportions, for measuring (issue 7).

    python -m bench.synth N OUTDIR [--seed S]

writes N entities (people, organisations, places, events in the proportions of `facts/`), about
one source per ten entities, and everything `python -m generator --root OUTDIR build` needs: a
copy of the project's templates, mkdocs.yml, dossier.toml and hand-written content.

Every statement carries citations; every quote is cut from a sentence that is then written into
its source text, so every quote occurs verbatim and says what its statement says (its number,
date, names), and every source pins its text's sha256; one figure in twelve is the editor's
declared sum of two numbers its quotes give. The same N and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("templates", "mkdocs.yml", "dossier.toml", "content/about.md", "content/assets")
MARKER = ".dossier-synthetic"
KINDS = ("people", "organisations", "places", "events")

# Proportions counted in the real dossier's facts/ (58 entities, 2 sources, 241 statements,
# 315 citations); `profile()` below recounts them for any dossier, real or synthetic.
KIND_COUNTS = {"people": 14, "organisations": 18, "places": 13, "events": 13}
ENTITIES_PER_SOURCE = 10
ALIAS_RATE = 9 / 58
SEARCH_TERMS_PER_ENTITY = 47 / 58
RELATIONS_PER_ENTITY = 22 / 58
RELATION_TYPES = {  # each: (weight in facts/, kinds it starts from, kinds it points to)
    "state-body-of": (6, ("organisations",), ("places",)),
    "part-of": (4, ("organisations",), ("organisations",)),
    "located-in": (4, ("places", "organisations"), ("places",)),
    "affiliate-of": (2, ("organisations",), ("organisations",)),
    "member-of": (2, ("people",), ("organisations",)),
    "parent-of": (2, ("people",), ("people",)),
    "sibling-of": (1, ("people",), ("people",)),
    "credited-by": (1, ("people",), ("organisations",)),
}
PEOPLE_WITH_STATUS = 10 / 14
STATUS_RUNS = [  # legal-status sequences and weights (facts/: 22 steps over 10 people)
    (("suspected", "detained", "arrested"), 5), (("detained",), 6),
    (("detained", "arrested", "charged"), 2), (("detained", "released"), 1),
    (("suspected", "detained", "arrested", "charged", "convicted"), 1),
]
STATUS_DATED = 4 / 22
EVENT_DATED = 9 / 13
DATE_AFTER = 3 / 9
DATE_APPROXIMATE = 1 / 9
EVENT_PLACED = 5 / 13
PARTICIPANTS_PER_EVENT = 24 / 13
PARTICIPANT_KINDS = {"people": 15, "organisations": 7, "places": 2}
FIGURES_PER_EVENT = 7 / 13
SECOND_VALUE = 3 / 7  # figures with two reported values; of these most differ (2 of 3)
SECOND_VALUE_DIFFERS = 2 / 3
CLAIMS_PER_EVENT = 20 / 13
CLAIM_VERBS = {"said": 14, "called": 2, "stated": 1, "declared": 1,
               "claimed responsibility": 1, "sought to": 1}
CLAIM_DIFFERS = 2 / 20
SECOND_CITATION = 0.3  # how often a statement cites a second passage (facts/: 1.3 per statement)
SUM_EVERY = 12  # one figure in so many opens with the editor's sum of two (facts/: 1 of 11 values)

SYLLABLES = ("ka", "ri", "mo", "ta", "len", "vi", "sor", "da", "ne", "lu", "ba", "zi", "ro",
             "mi", "sha", "to", "ver", "an", "el", "ko", "dru", "fa", "gi", "hal", "is", "jo",
             "ku", "li", "mar", "no", "pe", "ra", "se", "tu", "vo", "ya", "ze", "bor", "dan",
             "gor", "kes", "lom", "nur", "ost", "pav", "rus", "tam", "ul", "vek", "zar")
SURNAME_ENDINGS = ("ov", "ev", "ova", "enko", "yan", "ski", "zoda", "ic", "er", "ani", "in")
PLACE_ENDINGS = ("ia", "sk", "grad", "abad", "ovo", "burg", "a", "en", "ar", "ino")
DESCRIPTORS = ("official", "spokesperson", "journalist", "resident", "businessman", "analyst",
               "lawyer", "investigator", "diplomat", "student", "driver", "engineer")
ACTIVITIES = ("was mentioned in connection with the {event}", "spoke to reporters about the "
              "{event}", "was questioned about the {event}", "commented on the {event}",
              "attended the {event}")
TOPICS = ("Transport", "Internal Affairs", "Defence", "Health", "Energy", "Foreign Affairs",
          "Emergency Situations", "Justice", "Finance", "Migration")
EVENT_NOUNS = ("attack", "summit", "meeting", "detention", "statement", "protest", "trial",
               "flood", "election", "fire", "conference", "raid")
QUANTITIES = ("killed", "injured", "detained", "evacuated", "charged", "questioned")
QUALIFIERS = {"exactly": "{n}", "more-than": "more than {n}", "at-least": "at least {n}",
              "about": "about {n}"}
CHARGES = ("fraud", "illegal possession of weapons", "complicity in the attack",
           "organising mass unrest", "abuse of office", "smuggling")
ATTRIBUTIONS = ("", "", "", ", officials said", ", according to local media",
                ", the report said", ", a spokesperson confirmed", ", witnesses said")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


# --- sources: sentences collected first, texts written last -------------------------------


@dataclass
class SourceText:
    """One source: the sentences cited from it (plus filler), its metadata, its text."""

    id: str
    sentences: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    head: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def cite(self, sentence: str, quote: str | None = None) -> dict[str, str]:
        """A citation of `quote` (default: the whole sentence), which is put in the text."""
        quote = sentence.rstrip(".") if quote is None else quote
        assert quote in sentence, (quote, sentence)
        if sentence not in self.seen:
            self.seen.add(sentence)
            self.sentences.append(sentence)
        return {"source": self.id, "quote": quote}

    def text(self, rng: random.Random) -> str:
        lines, body = list(self.head), self.sentences
        at = 0
        while at < len(body):
            size = rng.randint(3, 6)
            lines.append(" ".join(body[at:at + size]))
            at += size
        return "\n".join(lines) + "\n"


@dataclass
class Thing:
    """An entity being made: its kind, name, id, home source and fact-file data."""

    kind: str
    name: str
    id: str
    subtype: str
    home: SourceText | None = None
    other: SourceText | None = None
    near: Thing | None = None  # a place it belongs to (city of a person, region of a city)
    data: dict[str, Any] = field(default_factory=dict)


class World:
    """Everything generated so far, and the seeded randomness that generates it."""

    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.n = n
        self.ids: set[str] = {"index"}
        self.names: set[str] = set()
        self.things: dict[str, list[Thing]] = {k: [] for k in KINDS}
        self.figures_made = 0
        width = max(4, len(str(n)))
        self.sources = [SourceText(f"report-{i + 1:0{width}d}")
                        for i in range(max(1, round(n / ENTITIES_PER_SOURCE)))]
        self.ids.update(s.id for s in self.sources)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def count(self, mean: float) -> int:
        """A Poisson draw: most things have few of something, a few have many."""
        limit, k, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            k += 1
            product *= self.rng.random()
        return k

    def weighted(self, table: dict[str, float] | dict[str, int]) -> str:
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def pick(self, kind: str, exclude: Thing | None = None,
             subtypes: tuple[str, ...] = ()) -> Thing | None:
        pool = [t for t in self.things[kind] if not subtypes or t.subtype in subtypes]
        for _ in range(8):
            if not pool:
                return None
            choice = self.rng.choice(pool)
            if choice is not exclude:
                return choice
        return None

    def other_source(self, thing: Thing) -> SourceText:
        """A second source for a corroborating passage: the thing's own second source."""
        assert thing.home is not None
        return thing.other or thing.home

    def said(self, sentence: str) -> str:
        """The sentence as the text words it: sometimes with an attribution after the part
        that a quote takes."""
        return sentence.rstrip(".") + self.rng.choice(ATTRIBUTIONS) + "."


def date_key(model: str) -> str:
    """The key of a claim's or legal step's date in the fact format as it stands (`when`,
    formerly `on`): taken from the model, so the synthetic files follow it."""
    from generator.format import model as declared

    fields = getattr(declared, model).model_fields
    return next(k for k in ("when", "on") if k in fields)


def an(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")


def coined(rng: random.Random, syllables: int, endings: tuple[str, ...] = ("",)) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(syllables)) + rng.choice(endings)
    return word.capitalize()


def unique(world: World, kind: str, make: Any) -> Thing:
    """A new thing whose name and id no other thing has."""
    for attempt in range(200):
        name, subtype, near = make(attempt)
        ident = slug(name)
        if name not in world.names and ident not in world.ids and ident:
            world.names.add(name)
            world.ids.add(ident)
            thing = Thing(kind, name, ident, subtype, near=near)
            world.things[kind].append(thing)
            return thing
    raise RuntimeError(f"could not find a unique {kind} name")


# --- names ----------------------------------------------------------------------------------


def make_place(world: World, country: bool) -> Thing:
    rng = world.rng

    def make(attempt: int) -> tuple[str, str, Thing | None]:
        subtype = "country" if country else world.weighted({"region": 3, "city": 5, "venue": 1})
        base = coined(rng, 2 + attempt // 50, PLACE_ENDINGS)
        if subtype == "country":
            return base, "country", None
        near = world.pick("places", subtypes={"region": ("country",), "city": ("region",
                                                                                "country"),
                                              "venue": ("city",)}[subtype])
        if near is None:
            return base, "country", None
        suffix = {"region": " Region", "city": "", "venue": rng.choice((" Hall", " Arena",
                                                                       " Market", " Square"))}
        return base + suffix[subtype], subtype, near

    return unique(world, "places", make)


def make_organisation(world: World) -> Thing:
    rng = world.rng

    def make(attempt: int) -> tuple[str, str, Thing | None]:
        subtype = world.weighted({"agency": 3, "ministry": 3, "security": 2, "council": 2,
                                  "party": 2, "foundation": 2, "group": 2, "company": 2})
        country = world.pick("places", subtypes=("country",))
        city = world.pick("places", subtypes=("city",)) or country
        word = coined(rng, 2 + attempt // 50)
        assert country is not None and city is not None
        names = {"agency": (f"{city.name} News Agency", city),
                 "ministry": (f"Ministry of {rng.choice(TOPICS)} of {country.name}", country),
                 "security": (f"{country.name} State Security Service", country),
                 "council": (f"{city.name} City Council", city),
                 "party": (f"{word} Party", city), "foundation": (f"{word} Foundation", city),
                 "group": (f"{word} Working Group on {rng.choice(TOPICS)}", country),
                 "company": (f"{word} Holdings", city)}
        name, near = names[subtype]
        return name, subtype, near

    return unique(world, "organisations", make)


def make_person(world: World) -> Thing:
    rng = world.rng

    def make(attempt: int) -> tuple[str, str, Thing | None]:
        first = coined(rng, 2, ("", "", "n", "a", "r"))
        last = coined(rng, 2 + attempt // 50, SURNAME_ENDINGS)
        near = world.pick("places", subtypes=("city", "region", "country"))
        return f"{first} {last}", rng.choice(DESCRIPTORS), near

    return unique(world, "people", make)


def make_event(world: World) -> Thing:
    rng = world.rng

    def make(attempt: int) -> tuple[str, str, Thing | None]:
        noun = rng.choice(EVENT_NOUNS)
        place = world.pick("places", subtypes=("city", "venue", "region"))
        year = rng.randint(2004, 2025)
        assert place is not None
        extra = " " + coined(rng, 2) if attempt >= 20 else ""
        return f"{place.name}{extra} {noun} of {year}", noun, place

    return unique(world, "events", make)


def kind_counts(n: int) -> dict[str, int]:
    """N split over the kinds in the real proportions (largest remainder), each at least 1."""
    total = sum(KIND_COUNTS.values())
    exact = {k: n * c / total for k, c in KIND_COUNTS.items()}
    counts = {k: max(1, int(v)) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - int(exact[k]), reverse=True):
        if sum(counts.values()) >= n:
            break
        counts[k] += 1
    return counts


def name_everything(world: World) -> None:
    counts = kind_counts(world.n)
    countries = max(1, counts["places"] // 10)  # one place in ten is a country
    for i in range(counts["places"]):
        make_place(world, country=i < countries)
    for maker, kind in ((make_organisation, "organisations"), (make_person, "people"),
                        (make_event, "events")):
        for _ in range(counts[kind]):
            maker(world)
    everyone = [t for k in KINDS for t in world.things[k]]
    world.rng.shuffle(everyone)
    sources = world.sources
    for index, thing in enumerate(everyone):
        thing.home = sources[index % len(sources)]
        if len(sources) > 1 and world.chance(0.4):
            thing.other = sources[(index + 1 + world.rng.randrange(len(sources) - 1))
                                  % len(sources)]


# --- dates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    value: str
    phrase: str


def a_day(world: World, year: int | None = None) -> When:
    rng = world.rng
    year = year or rng.randint(2004, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return When(f"{year}-{month:02d}-{day:02d}", f"on {MONTHS[month - 1]} {day}, {year}")


def a_date(world: World, year: int) -> When:
    rng = world.rng
    shape = world.weighted({"day": 6, "month": 2, "year": 1, "time": 1})
    if shape == "day":
        return a_day(world, year)
    month = rng.randint(1, 12)
    if shape == "month":
        return When(f"{year}-{month:02d}", f"in {MONTHS[month - 1]} {year}")
    if shape == "year":
        return When(f"{year}", f"in {year}")
    day, hour, zone = rng.randint(1, 28), rng.randint(6, 22), rng.randint(0, 5)
    return When(f"{year}-{month:02d}-{day:02d}T{hour:02d}:00+{zone:02d}:00",
                f"at {hour:02d}:00 (UTC+{zone}) on {MONTHS[month - 1]} {day}, {year}")


# --- statements -----------------------------------------------------------------------------


def citations(world: World, thing: Thing, sentence: str, quote: str | None = None,
              second: str | None = None) -> list[dict[str, str]]:
    """The citation of a sentence in the thing's home source, and sometimes a second,
    corroborating sentence from its other source."""
    assert thing.home is not None
    cite = [thing.home.cite(world.said(sentence), quote or sentence.rstrip("."))]
    if second is not None and world.chance(SECOND_CITATION):
        corroborating = world.other_source(thing).cite(second)
        if corroborating not in cite:  # the same citation twice is refused (D203)
            cite.append(corroborating)
    return cite


def name_and_summary(world: World, thing: Thing) -> dict[str, Any]:
    near = thing.near.name if thing.near else "the region"
    event = world.pick("events", exclude=thing)
    event_name = event.name if event else "events of the year"
    if thing.kind == "people":
        role = f"{an(thing.subtype)} from {near}"
        deed = world.rng.choice(ACTIVITIES).format(event=event_name)
        own = f"{an(thing.subtype).capitalize()} from {near} who, according to the sources, " \
              f"{deed}."
    elif thing.kind == "organisations":
        role, deed = f"an organisation based in {near}", f"took part in the {event_name}"
        own = f"An organisation based in {near} that took part in the {event_name}."
    elif thing.kind == "places":
        role = f"a {thing.subtype} in {near}" if thing.near else f"a {thing.subtype}"
        deed = f"was affected by the {event_name}"
        own = f"A {thing.subtype}{' in ' + near if thing.near else ''} affected by the " \
              f"{event_name}."
    else:
        role, deed = f"a {thing.subtype} in {near}", "drew wide attention"
        own = f"A {thing.subtype} in {near} that drew wide attention, according to the sources."
    first = f"{thing.name}, {role}, {deed}."
    assert thing.home is not None
    said = world.said(first)
    summary_cite = [thing.home.cite(said, first.rstrip("."))]
    for _ in range(world.count(0.83)):
        detail = world.rng.choice((f"{thing.name} was again in the news {a_day(world).phrase}.",
                                   f"Observers in {near} followed reports about {thing.name} "
                                   f"closely.", f"Further details about {thing.name} were "
                                   f"published {a_day(world).phrase}."))
        source = world.other_source(thing) if world.chance(0.5) else thing.home
        assert source is not None
        if (citation := source.cite(detail)) not in summary_cite:  # no citation twice
            summary_cite.append(citation)
    data: dict[str, Any] = {"name": {"value": thing.name,
                                     "cite": [thing.home.cite(said, f"{thing.name}, {role}")]}}
    if world.chance(ALIAS_RATE):
        data["aliases"] = [alias(world, thing)]
    terms = spellings(thing.name)[:world.count(SEARCH_TERMS_PER_ENTITY)]
    if terms:
        data["search_terms"] = terms
    data["summary"] = {"value": own, "cite": summary_cite}
    return data


def alias(world: World, thing: Thing) -> dict[str, Any]:
    words = thing.name.split()
    if thing.kind == "organisations" and len(words) > 1:
        other = "".join(w[0] for w in words if w[0].isupper())
    elif thing.kind == "people":
        other = f"{words[0][0]}. {words[-1]}"
    else:
        other = f"{words[0]} {'area' if thing.kind == 'places' else 'affair'}"
    sentence = f"{thing.name} (also known as {other}) was named in several reports."
    return {"value": other,
            "cite": citations(world, thing, sentence, f"{thing.name} (also known as {other})")}


def spellings(name: str) -> list[str]:
    """Transliteration variants a reader might search for (editorial, never cited)."""
    found = []
    for old, new in (("ov", "off"), ("k", "c"), ("ya", "ia"), ("zh", "j"), ("o", "a")):
        variant = name.replace(old, new)
        if variant != name and variant not in found:
            found.append(variant)
    return found


RELATION_SENTENCES = {
    "member-of": "{a} is a member of {b}.", "parent-of": "{a} is the parent of {b}.",
    "sibling-of": "{a} and {b} are siblings.",
    "credited-by": "{a} was credited in material published by {b}.",
    "affiliate-of": "{a} is an affiliate of {b}.", "part-of": "{a} is part of {b}.",
    "state-body-of": "{a} is a government agency of {b}.",
    "located-in": "{a} is located in {b}.",
}
ROLES = ("chairman", "spokesperson", "deputy head", "adviser", "chief", "secretary")


def relations(world: World, thing: Thing) -> list[dict[str, Any]]:
    options = {t: w for t, (w, starts, _) in RELATION_TYPES.items() if thing.kind in starts}
    if not options:
        return []
    mean = RELATIONS_PER_ENTITY / _starting_share()
    made, seen = [], set()
    for _ in range(world.count(mean)):
        kind = world.weighted(options)
        target = world.pick(world.rng.choice(RELATION_TYPES[kind][2]), exclude=thing)
        if target is None or (kind, target.id) in seen:
            continue
        seen.add((kind, target.id))
        made.append(relation(world, thing, kind, target))
    return made


def _starting_share() -> float:
    """The share of entities whose kind can start a relation (events start none): relations
    are spread over those, so that the mean over all entities stays the real dossier's."""
    can_start = [k for k in KINDS if any(k in s for _, s, _ in RELATION_TYPES.values())]
    return sum(KIND_COUNTS[k] for k in can_start) / sum(KIND_COUNTS.values())


def relation(world: World, thing: Thing, kind: str, target: Thing) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": kind, "to": target.id}
    if kind == "member-of" and world.chance(0.6):
        role = world.rng.choice(ROLES)
        entry["role"] = role
        sentence = f"{thing.name} serves as {role} of {target.name}."
    else:
        sentence = RELATION_SENTENCES[kind].format(a=thing.name, b=target.name)
    entry["cite"] = citations(world, thing, sentence,
                              second=f"Other reports agree that {sentence}")
    return entry


def legal_status(world: World, thing: Thing) -> list[dict[str, Any]]:
    runs = dict(STATUS_RUNS)
    run = world.rng.choices(list(runs), weights=list(runs.values()))[0]
    charge = world.rng.choice(CHARGES)
    place = world.pick("places") or thing
    steps, year = [], world.rng.randint(2004, 2025)
    last: When | None = None
    for status in run:
        when = a_day(world, year) if world.chance(STATUS_DATED) else None
        if when and status != "suspected":  # a case's steps are listed oldest first (D604):
            if last and when.value < last.value:  # a day drawn before the step above is
                when = last  # that step's day (the draws, and so the rest, stay the same)
            last = when
        on = f" {when.phrase}" if when else ""
        detail, sentence = {
            "suspected": (f"suspected of {charge}", f"{thing.name} is suspected of {charge}."),
            "detained": (f"detained in {place.name}", f"{thing.name} was detained in "
                                                      f"{place.name}{on}."),
            "arrested": ("placed under arrest", f"By order of a court, {thing.name} was "
                                                f"placed under arrest{on}."),
            "charged": (f"charged with {charge}", f"{thing.name} was charged with {charge}{on}."),
            "convicted": (f"convicted of {charge}", f"{thing.name} was convicted of "
                                                    f"{charge}{on}."),
            "released": ("released without charge", f"{thing.name} was released without "
                                                     f"charge{on}."),
        }[status]
        step: dict[str, Any] = {"status": status}
        if when and status != "suspected":
            step[date_key("LegalStatus")] = when.value
        if world.chance(0.7):
            step["detail"] = detail
        step["cite"] = citations(world, thing, sentence,
                                 second=f"Court records show that {sentence}")
        steps.append(step)
    return steps


def event_date(world: World, thing: Thing, year: int) -> dict[str, Any]:
    earlier = [e for e in world.things["events"] if e is not thing and "date" in e.data]
    if earlier and world.chance(DATE_AFTER):
        anchor = world.rng.choice(earlier)
        label = world.rng.choice(("shortly after the", "later on the day of the",
                                  "in the days after the")) + " " + anchor.name
        entry: dict[str, Any] = {"after": anchor.id, "label": label}
        sentence = f"The {thing.name} came {label}."
    elif world.chance(DATE_APPROXIMATE / (1 - DATE_AFTER)):
        label = world.rng.choice(("at the end of", "early in", "in the middle of")) + f" {year}"
        entry = {"value": str(year), "approximate": True, "label": label}
        sentence = f"The {thing.name} was expected {label}."
    else:
        when = a_date(world, year)
        entry = {"value": when.value}
        sentence = f"The {thing.name} took place {when.phrase}."
    entry["cite"] = citations(world, thing, sentence,
                              second=f"Reports dated the {thing.name} as follows: {sentence}")
    return entry


def participants(world: World, thing: Thing) -> list[dict[str, Any]]:
    made, seen = [], set()
    for _ in range(world.count(PARTICIPANTS_PER_EVENT)):
        kind = world.weighted(PARTICIPANT_KINDS)
        who = world.pick(kind)
        if who is None or who.id in seen:
            continue
        seen.add(who.id)
        role = world.rng.choice({"people": ("speaker", "witness", "organiser", "negotiator",
                                            "detained as a suspect", "chair of the session"),
                                 "organisations": ("organiser", "host", "investigating body",
                                                   "observer"),
                                 "places": ("host country", "venue", "affected area")}[kind])
        sentence = f"{who.name} took part in the {thing.name} as {role}."
        made.append({"entity": who.id, "role": role,
                     "cite": citations(world, thing, sentence)})
    return made


def figures(world: World, thing: Thing) -> list[dict[str, Any]]:
    made = []
    wanted = min(world.count(FIGURES_PER_EVENT), len(QUANTITIES))
    for quantity in world.rng.sample(QUANTITIES, wanted):
        number = world.rng.randint(1, 600)
        world.figures_made += 1
        summed = world.figures_made % SUM_EVERY == 0 and number >= 2
        values = [figure_value(world, thing, quantity, number, thing.home, summed)]
        if world.chance(SECOND_VALUE):
            if world.chance(SECOND_VALUE_DIFFERS):
                number = max(0, number + world.rng.choice((-1, 1)) * world.rng.randint(1, 40))
            values.append(figure_value(world, thing, quantity, number, world.other_source(thing)))
        made.append({"quantity": quantity, "values": values})
    return made


def figure_value(world: World, thing: Thing, quantity: str, number: int,
                 source: SourceText | None, summed: bool = False) -> dict[str, Any]:
    """One value of a figure and the sentence that reports it; `summed`: the source gives
    two parts and no total, and the value is the editor's declared sum (the same random
    draws either way, so that the rest of the dossier does not change with it)."""
    assert source is not None
    qualifier = world.weighted({"exactly": 6, "more-than": 2, "at-least": 1, "about": 1})
    entry: dict[str, Any] = {"value": number}
    if summed:
        first = number // 3 + 1
        sentence = f"{first} people were {quantity} in the first hours of the {thing.name} " \
                   f"and {number - first} in the days after"
        entry["derived"] = {"kind": "sum", "reasoning": f"The source gives no total: {first} "
                            f"in the first hours and {number - first} in the days after."}
        qualifier = "exactly"
    else:
        sentence = f"{QUALIFIERS[qualifier].format(n=number).capitalize()} people were " \
                   f"{quantity} in the {thing.name}"
    if qualifier != "exactly":
        entry["qualifier"] = qualifier
    if world.chance(0.3):
        when = a_day(world)
        entry["as_of"] = when.value
        sentence += f" as of {when.phrase.removeprefix('on ')}"
    if world.chance(0.3):
        note = world.rng.choice(("including those who died later in hospital",
                                 "according to the latest data", "among them several minors"))
        entry["note"] = note
        sentence += f", {note}"
    entry["cite"] = [source.cite(world.said(sentence), sentence)]
    return entry


def claims(world: World, thing: Thing) -> list[dict[str, Any]]:
    return [c for c in (claim(world, thing) for _ in range(world.count(CLAIMS_PER_EVENT))) if c]


def claim(world: World, thing: Thing) -> dict[str, Any] | None:
    by = world.pick("people" if world.chance(0.6) else "organisations")
    place, org = world.pick("places"), world.pick("organisations")
    if by is None or place is None or org is None:
        return None
    verb = world.weighted(CLAIM_VERBS)
    content = {"called": f"the {thing.name} \u201ca {world.rng.choice(('serious', 'tragic'))} "
                         f"incident\u201d",
               "claimed responsibility": f"for the {thing.name}",
               "sought to": f"link the {thing.name} to {place.name}"}.get(verb, world.rng.choice((
                   f"the investigation into the {thing.name} would continue",
                   f"security measures in {place.name} had been strengthened",
                   f"{org.name} would send experts to {place.name}",
                   f"talks with {org.name} had been productive",
                   f"the situation in {place.name} was under control")))
    entry: dict[str, Any] = {"by": by.id, "verb": verb, "content": content}
    opening = by.name
    if world.chance(0.05) and (via := world.pick("organisations", subtypes=("agency",))):
        entry["via"] = via.id
        opening += f", through {via.name},"
    elif world.chance(0.1):
        entry["medium"] = "a post on social media"
        opening += " in a post on social media"
    if world.chance(0.3):
        when = a_day(world)
        entry[date_key("Claim")] = when.value
        opening = f"On {when.phrase.removeprefix('on ')}, {opening}"
    about = [t.id for t in (world.pick(k) for k in world.rng.sample(KINDS[:3], world.count(0.9)
                                                                     % 4)) if t]
    if about:
        entry["about"] = sorted(set(about))
    others = [e for e in world.things["events"] if e is not thing]
    if others and world.chance(CLAIM_DIFFERS):
        entry["differs_from"] = [world.rng.choice(others).id]
    that = " that" if verb in ("said", "stated", "declared") else ""
    entry["cite"] = citations(world, thing, f"{opening} {verb}{that} {content}.")
    return entry


def event_facts(world: World, thing: Thing) -> dict[str, Any]:
    data: dict[str, Any] = {}
    year = int(thing.name.rsplit(" ", 1)[-1])  # events are named "<place> <noun> of <year>"
    if world.chance(EVENT_DATED):
        data["date"] = event_date(world, thing, year)
        thing.data["date"] = data["date"]
    if world.chance(EVENT_PLACED) and thing.near is not None:
        sentence = f"The {thing.name} was held in {thing.near.name}."
        data["place"] = {"to": thing.near.id,
                         "cite": citations(world, thing, sentence, second=sentence)}
    for key, make in (("participants", participants), ("figures", figures), ("claims", claims)):
        if made := make(world, thing):
            data[key] = made
    return data


def facts_of(world: World, thing: Thing) -> dict[str, Any]:
    data = name_and_summary(world, thing)
    if thing.kind == "events":
        data.update(event_facts(world, thing))
    if thing.kind == "people" and world.chance(PEOPLE_WITH_STATUS):
        data["legal_status"] = legal_status(world, thing)
    if made := relations(world, thing):
        data["relations"] = made
    return data


# --- sources --------------------------------------------------------------------------------


def source_metadata(world: World, source: SourceText, number: int) -> dict[str, Any]:
    publisher = world.pick("organisations", subtypes=("agency",))
    city = world.pick("places", subtypes=("city",)) or world.pick("places")
    meta: dict[str, Any] = {"label": f"Synthetic report {number}", "sha256": "0" * 64,
                            "language": "en"}
    if publisher is None or city is None or not world.chance(0.5):
        meta["label"] += " (publisher and date not stated)"
        return meta
    topic = world.pick("events")
    title = f"{publisher.name} reports on the {topic.name if topic else 'news'}"
    when = a_day(world)
    month_day = when.phrase.removeprefix("on ").split(",")[0]
    dateline = f"{city.name.upper()}, {month_day}, {when.value[:4]}"
    line = f"{dateline} /{publisher.name}/."
    source.head = [title, line]
    cite = [{"source": source.id, "quote": line}]
    meta["label"] = f"{publisher.name}: {title}"
    meta.update({"title": {"value": title, "cite": [{"source": source.id, "quote": title}]},
                 "publisher": {"to": publisher.id, "cite": cite},
                 "published": {"value": when.value, "cite": cite},
                 "dateline": {"value": dateline, "cite": cite}})
    if world.chance(0.5):
        meta["url"] = f"https://news.example.org/{when.value[:4]}/{source.id}"
    return meta


def filler(world: World, source: SourceText) -> None:
    """Uncited sentences, as real texts have: about a quarter of each text."""
    for _ in range(max(2, len(source.sentences) // 3)):
        place = world.pick("places")
        org = world.pick("organisations")
        sentence = world.rng.choice((
            "Further details were not immediately available.",
            f"Traffic in {place.name if place else 'the area'} was restricted for several hours.",
            f"{org.name if org else 'The agency'} did not respond to a request for comment.",
            f"The weather in {place.name if place else 'the area'} was mild for the season.",
            "Witnesses described long queues at the checkpoints.",
            "The report was updated later in the day."))
        source.sentences.insert(world.rng.randint(0, len(source.sentences)), sentence)


# --- writing --------------------------------------------------------------------------------


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Never anchors and aliases (the dossier refuses them), even for a shared value."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def generate(n: int, out: Path, seed: int = 7, project: Path = REPO) -> dict[str, int]:
    """Write a synthetic dossier of `n` entities into `out`, with the templates and
    configuration of `project`; returns how many things of each kind it wrote."""
    if n < 4:
        raise ValueError("a synthetic dossier needs at least 4 entities (one of each kind)")
    _prepare(out, project)
    world = World(n, seed)
    name_everything(world)
    for kind in KINDS:
        for thing in world.things[kind]:
            thing.data = facts_of(world, thing)
    metas = [source_metadata(world, source, i + 1) for i, source in enumerate(world.sources)]
    for source in world.sources:
        filler(world, source)
    for kind in KINDS:
        folder = out / "facts" / kind
        folder.mkdir(parents=True, exist_ok=True)
        for thing in world.things[kind]:
            (folder / f"{thing.id}.yaml").write_text(dump(thing.data), "utf-8")
    folder = out / "facts" / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for source, meta in zip(world.sources, metas, strict=True):
        data = source.text(world.rng).encode("utf-8")
        (folder / f"{source.id}.txt").write_bytes(data)
        meta["sha256"] = hashlib.sha256(data).hexdigest()
        (folder / f"{source.id}.yaml").write_text(dump(meta), "utf-8")
    return {"entities": n, "sources": len(world.sources),
            **{k: len(v) for k, v in world.things.items()}}


def _prepare(out: Path, project: Path) -> None:
    """An empty folder, or one this module made before (then its facts/ is replaced)."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise FileExistsError(f"{out} is not empty and was not made by bench.synth")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by bench.synth; safe to delete\n", "utf-8")
    for part in ("facts", *PROJECT_PARTS):
        target = out / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for part in PROJECT_PARTS:
        source, target = project / part, out / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    settings = out / "dossier.toml"  # the real dossier's own subject is none of these events:
    settings.write_text(re.sub(r"(?ms)^\[home\]\n.*?(?=^\[|\Z)", "",  # the home page
                               settings.read_text("utf-8")), "utf-8")  # chooses its own


# --- checking and profiling -----------------------------------------------------------------


def _citations(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "cite" and isinstance(item, list):
                yield from item
            else:
                yield from _citations(item)
    elif isinstance(value, list):
        for item in value:
            yield from _citations(item)


def _facts(root: Path) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for kind in (*KINDS, "sources"):
        for path in sorted((root / "facts" / kind).glob("*.yaml")):
            yield kind, path, yaml.load(path.read_text("utf-8"), Loader=loader)


def missing_quotes(root: Path) -> list[str]:
    """Citations whose quote is not a verbatim substring of its source text (should be none).
    Stricter than the dossier's check, which also forgives whitespace and typography."""
    texts = {p.stem: p.read_text("utf-8") for p in (root / "facts" / "sources").glob("*.txt")}
    return [f"{path.relative_to(root)}: {c.get('quote')!r}"
            for _, path, data in _facts(root) for c in _citations(data)
            if str(c.get("quote")) not in texts.get(str(c.get("source")), "")]


def profile(root: Path) -> dict[str, float]:
    """The proportions that matter for scale, for any dossier: kinds, statements, citations."""
    stats: dict[str, float] = {f"{k}": 0 for k in (*KINDS, "sources")}
    totals = dict.fromkeys(("citations", "relations", "participants", "claims", "figures",
                            "figure_conflicts", "people_with_status", "status_steps",
                            "aliases", "events_dated"), 0)
    for kind, _, data in _facts(root):
        stats[kind] += 1
        totals["citations"] += sum(1 for _ in _citations(data))
        for key in ("relations", "participants", "claims", "figures", "aliases"):
            totals[key] += len(data.get(key, []))
        totals["figure_conflicts"] += sum(len({(v["value"], v.get("qualifier", "exactly"))
                                              for v in f["values"]}) > 1
                                          for f in data.get("figures", []))
        totals["people_with_status"] += bool(data.get("legal_status"))
        totals["status_steps"] += len(data.get("legal_status", []))
        totals["events_dated"] += "date" in data
    entities = sum(stats[k] for k in KINDS) or 1
    texts = list((root / "facts" / "sources").glob("*.txt"))
    stats.update({f"share_{k}": round(stats[k] / entities, 3) for k in KINDS})
    stats.update({
        "citations_per_entity": round(totals["citations"] / entities, 2),
        "entities_per_source": round(entities / max(1, stats["sources"]), 1),
        "relations_per_entity": round(totals["relations"] / entities, 2),
        "aliases_per_entity": round(totals["aliases"] / entities, 2),
        "participants_per_event": round(totals["participants"] / max(1, stats["events"]), 2),
        "claims_per_event": round(totals["claims"] / max(1, stats["events"]), 2),
        "figures_per_event": round(totals["figures"] / max(1, stats["events"]), 2),
        "dated_events_share": round(totals["events_dated"] / max(1, stats["events"]), 2),
        "conflicting_figures": totals["figure_conflicts"],
        "people_with_status_share": round(totals["people_with_status"]
                                          / max(1, stats["people"]), 2),
        "status_steps_per_person_with_status": round(totals["status_steps"]
                                                     / max(1, totals["people_with_status"]), 2),
        "source_text_kb_mean": round(sum(p.stat().st_size for p in texts)
                                     / max(1, len(texts)) / 1024, 1),
    })
    return stats


def edit_summary(path: Path, words: str) -> None:
    """Put `words` in front of a fact file's summary, the way an editor would: one line of
    the file changes, nothing else (raises if the file is not shaped as this module writes)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = path.read_text("utf-8")
    old = yaml.load(text, Loader=loader)["summary"]["value"]
    at = text.index("\n  value: ", text.index("\nsummary:\n")) + len("\n  value: ")
    edited = text[:at] + words + " " + text[at:]
    if yaml.load(edited, Loader=loader)["summary"]["value"] != f"{words} {old}":
        raise ValueError(f"could not edit the summary of {path}")
    path.write_text(edited, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of entities (people, organisations, "
                        "places, events); sources come on top, about one per ten")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="print the proportions of the result beside the real dossier's")
    args = parser.parse_args(argv)
    written = generate(args.n, args.outdir, args.seed)
    missing = missing_quotes(args.outdir)
    print(f"wrote {written} into {args.outdir}", file=sys.stderr)
    if args.profile:
        real, synthetic = profile(REPO), profile(args.outdir)
        for key in synthetic:
            print(f"{key:>38}  real {real[key]:>8}  synthetic {synthetic[key]:>8}")
    if missing:
        print("quotes not in their source:\n  " + "\n  ".join(missing[:20]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
