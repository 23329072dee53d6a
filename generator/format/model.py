"""The fact format, declared once.

Every class here is one kind of thing an editor writes in `facts/`. Each field's docstring is
its documentation: validation (pydantic), the editors' reference page and the JSON Schema are
all derived from these declarations, never written a second time.

A *statement* is any value a reader would take as fact. Every statement is a mapping with a
`cite:` list; its citations must support every part of it (its value, role, date, note).
Fields that are not statements (a source's `label`, `search_terms`) are editorial and say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .ids import ID_PATTERN, MAX_ID_LENGTH

DATE_PATTERN = (
    r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))?)?)?$"
)

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
"""A reference to another fact file: its file name without `.yaml`."""

ACTORS = ("people", "organisations")
ENTITIES = "entities"
"""In `refers_to`: every kind of entity the registry declares (`kinds.entities`)."""


class RefersTo:
    """What makes a field a reference: the kinds it may name, which `resolve` checks and the
    JSON Schema states (`x-refers-to`). `unique`: a list of references, each once."""

    def __init__(self, kinds: tuple[str, ...], unique: bool) -> None:
        self._kinds, self.unique = kinds, unique

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds' folders; `ENTITIES` stands for every kind of entity, asked of the
        registry when the question is asked, so that a new kind of entity is one. (Asked
        for every reference of every file: the common case returns at once.)"""
        if ENTITIES not in self._kinds:
            return self._kinds
        from .kinds import entity_folders

        return tuple(k for kind in self._kinds
                     for k in (entity_folders() if kind == ENTITIES else (kind,)))

    def __call__(self, schema: dict[str, Any]) -> None:
        schema["x-refers-to"] = list(self.kinds)
        if self.unique:
            schema["uniqueItems"] = True


def refers_to(*kinds: str, unique: bool = False) -> Any:
    """Marks a field as a reference to a thing of one of these kinds (`RefersTo`)."""
    return Field(json_schema_extra=RefersTo(kinds, unique))


T = TypeVar("T")
MAX_CITATIONS = 20  # per statement: more says nothing more, and costs every page showing it
MAX_NAMES = 100  # aliases, and search terms, per entity: far more than any source gives


def once_each(key: Callable[[Any], Hashable] = lambda item: item) -> AfterValidator:
    """A list in which no item repeats another (by `key`): a repeated citation, alias or
    id says nothing more, and only makes the pages and the checks longer."""
    def check(items: list[T]) -> list[T]:
        seen: dict[Hashable, int] = {}
        for index, item in enumerate(items):
            first = seen.setdefault(key(item), index)
            if first != index:
                raise PydanticCustomError("repeated", "item {item} repeats item {first}",
                                          {"item": index + 1, "first": first + 1,
                                           "index": index})
        return items
    return AfterValidator(check)


UNIQUE: dict[str, Any] = {"uniqueItems": True}
"""What `once_each` checks, as editors' tools see it (JSON Schema compares whole items)."""


def _single_paragraph(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return " ".join(value.split())


PROSE_PATTERN = r"\S"
URL_PATTERN = r"^https?://[^\s/?#]+\S*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"
"""The forms of text values besides dates and ids; `forms.py` says each in words."""

Prose = Annotated[str, StringConstraints(max_length=5000, pattern=PROSE_PATTERN),
                  AfterValidator(_single_paragraph)]
"""Free text in the dossier's own words: one paragraph, shown literally (no Markdown, no HTML)."""


def _calendar_date(value: str) -> str:
    from datetime import datetime

    parts = value.split("-")
    try:
        if "T" in value:
            datetime.fromisoformat(value)
        elif len(parts) == 3:
            datetime(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2:
            datetime(int(parts[0]), int(parts[1]), 1)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a calendar date or time ({error})") from None
    return value


DateValue = Annotated[
    str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_calendar_date)
]
"""A date written only as precisely as the source gives it: `2004`, `2024-03`, `2024-03-22`,
or `2024-03-22T20:00+03:00` (a time always with its zone)."""


def _web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#]+[^\s]*$", value):
        raise ValueError("must be an http:// or https:// address")
    return value


Url = Annotated[str, StringConstraints(max_length=2000, pattern=URL_PATTERN),
                AfterValidator(_web_url)]


class FactModel(BaseModel):
    """Base of every declaration: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, frozen=True, str_strip_whitespace=True
    )


class Citation(FactModel):
    """A passage of a source text that supports a statement."""

    source: Annotated[Id, refers_to("sources")]
    """Id of the source: the name of a file in `facts/sources/` without `.yaml`."""
    quote: Annotated[str, StringConstraints(min_length=3, max_length=2000)]
    """The supporting passage, copied verbatim from the source text. It must occur in the text;
    only Unicode normalisation, runs of whitespace and typographic quotes, apostrophes and dashes
    may differ. Quote only what supports the statement."""


class DerivationKind(str, Enum):
    """How an editor arrived at a value that no quote states as it stands."""

    SUM = "sum"
    READING = "reading"
    TITLE = "title"


class Derivation(FactModel):
    """The editor's own reasoning behind a value: shown on the page as such, and counted
    apart from the values the quotes state."""

    kind: DerivationKind
    """`sum` (a figure that adds up numbers the quotes give: four gunmen and six accomplices
    are 10), `reading` (what the quotes say in other words: "their Russian counterparts" are
    the special services of Russia) or `title` (an event's name in the dossier's own words,
    for something the sources describe but do not name)."""
    reasoning: Prose
    """One sentence that lets a reader check the step from the quotes to the value."""


class Statement(FactModel):
    """Something the dossier presents as fact, with the citations that support it."""

    cite: Annotated[list[Citation], Field(max_length=MAX_CITATIONS, json_schema_extra=UNIQUE),
                    once_each(lambda c: (c.source, c.quote))] = []
    """The citations that support this statement. A statement without one is unsourced: it is
    reported by `dossier check` and lowers the dossier's citation coverage."""


class Value(Statement):
    """A statement with one value, which its quotes must say, or the editor derive."""

    derived: Derivation | None = None
    """Set only when the value is the editor's sum, reading or title of the quotes rather than
    their own words; the page shows the reasoning. Where a quote states the value, leave it
    out."""


class Text(Value):
    """A short cited value: a name, an alias, a title, a dateline."""

    value: Prose
    """The value, written as the source gives it."""
    quoted_as: Prose | None = None
    """The words of the quote for this value, when they differ from it (another spelling or
    transliteration, a longer phrase: "Crocus City Hall terror attack"). The page shows them
    beside the value."""


class Summary(Statement):
    """A cited paragraph in the dossier's own words."""

    value: Prose
    """One neutral paragraph. Never call someone who is not convicted a terrorist, perpetrator
    or similar; quote the source instead."""


class Date(Value):
    """When something happened, as precisely as the sources say and no more."""

    value: DateValue | None = None
    """The date, or the start of a range. Leave it out when only `after` is known."""
    until: DateValue | None = None
    """The end of a range, when the sources give one."""
    approximate: bool = False
    """True when the sources give the date only roughly ("the end of this year")."""
    after: Annotated[Id | None, refers_to("events")] = None
    """Id of the event this one is known to follow, when the sources place it only relative to
    that event ("shortly after the attack", "later that day")."""
    label: Prose | None = None
    """The sources' own wording of the timing, shown beside the date ("later that day")."""


class RelationType(str, Enum):
    """The kinds of relation between two things; each is shown from both ends."""

    MEMBER_OF = "member-of"
    PARENT_OF = "parent-of"
    SIBLING_OF = "sibling-of"
    AFFILIATE_OF = "affiliate-of"
    PART_OF = "part-of"
    STATE_BODY_OF = "state-body-of"
    LOCATED_IN = "located-in"
    CREDITED_BY = "credited-by"


class Relation(Value):
    """A relation from the thing this file describes to another thing. Enter it once, in one of
    the two files: the site shows it on both pages."""

    type: RelationType
    """What kind of relation: `member-of` (holds a post in or belongs to an organisation),
    `parent-of`, `sibling-of`, `affiliate-of`, `part-of` (a body of a larger organisation),
    `state-body-of` (an agency of a country), `located-in`, `credited-by` (a person credited in
    a source or organisation's material)."""
    to: Annotated[Id, refers_to(ENTITIES)]
    """Id of the other end of the relation."""
    role: Prose | None = None
    """The post or role, as the source words it ("Secretary General", "chief")."""


class PlaceReference(Value):
    """A cited pointer to a place of the dossier."""

    to: Annotated[Id, refers_to("places")]
    """Id of the place."""


class OrganisationReference(Value):
    """A cited pointer to an organisation of the dossier."""

    to: Annotated[Id, refers_to("organisations")]
    """Id of the organisation."""


class Participant(Value):
    """Someone or something that took part in an event, and how."""

    entity: Annotated[Id, refers_to("people", "organisations", "places")]
    """Id of the person, organisation or place taking part."""
    role: Prose
    """The part they played, in neutral words ("speaker", "detained as a suspect"). Those
    given the same role, word for word, are listed together at the top of the event's page."""


class Qualifier(str, Enum):
    """How a reported number relates to the real quantity."""

    EXACTLY = "exactly"
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"
    ABOUT = "about"
    NEARLY = "nearly"
    UP_TO = "up-to"


class FigureValue(Value):
    """One value of a figure, as one source reports it."""

    value: Annotated[int, Field(ge=0)]
    """The number as reported."""
    qualifier: Qualifier = Qualifier.EXACTLY
    """As the quote words it: `exactly` when it gives the number alone, `more-than` ("more
    than", "over"), `at-least`, `about` ("about", "around", "approximately"), `nearly`
    ("nearly", "almost") or `up-to` ("up to", "as many as")."""
    as_of: DateValue | None = None
    """The date the number was reported for, when the source gives it."""
    note: Prose | None = None
    """What the number includes or leaves out, in the source's terms."""
    preferred_because: Prose | None = None
    """Set only on the value the dossier prefers, with the editor's reason."""


class Figure(FactModel):
    """A named quantity of an event (killed, injured, detained…), with every reported value."""

    quantity: Id
    """What is counted, as a slug: `killed`, `injured`, `detained`, `charged`…"""
    values: Annotated[list[FigureValue], Field(min_length=1)]
    """Every value the sources report, each with its own citation. Values that differ are all
    kept and shown side by side."""


class ClaimVerb(str, Enum):
    """Neutral verbs of attribution. Judging verbs ("admitted", "claimed" alone) are not offered."""

    SAID = "said"
    TOLD = "told"  # content begins with whom: "told President Putin that …"
    STATED = "stated"
    CALLED = "called"
    DECLARED = "declared"
    CLAIMED_RESPONSIBILITY = "claimed responsibility"
    SOUGHT_TO = "sought to"


class Claim(Statement):
    """What someone said, attributed, kept apart from what the dossier states itself. Its
    citation is the outlet that reported the claim."""

    by: Annotated[Id, refers_to(*ACTORS)]
    """Id of the person or organisation that made the claim."""
    verb: ClaimVerb = ClaimVerb.SAID
    """The neutral verb of attribution. With `told`, `content` begins with whom they told
    ("President Putin that …")."""
    content: Prose
    """What they said, in neutral words, without judging it."""
    via: Annotated[Id | None, refers_to(*ACTORS)] = None
    """Id of the channel the claim was made through (a news agency, a spokesperson)."""
    medium: Prose | None = None
    """Where it was said when that is not an entity of the dossier ("a post on Facebook")."""
    when: DateValue | None = None
    """When it was said, when the source gives it."""
    about: Annotated[list[Id], refers_to(ENTITIES, unique=True), once_each()] = []
    """Ids of the people, organisations or places the claim is about."""
    differs_from: Annotated[list[Id], refers_to("events", unique=True), once_each()] = []
    """Ids of events whose claims this claim differs from or contradicts. Both sides are
    listed together on the conflicts page; the dossier does not decide between them."""


class LegalStatusKind(str, Enum):
    """Steps of a criminal case, in the order they usually come."""

    SUSPECTED = "suspected"
    DETAINED = "detained"
    ARRESTED = "arrested"
    CHARGED = "charged"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    RELEASED = "released"


class LegalStatus(Value):
    """One dated step in a person's criminal case."""

    status: LegalStatusKind
    """The step reached."""
    when: DateValue | None = None
    """The date of the step, when the sources give it."""
    detail: Prose | None = None
    """The charge or circumstances, as the source words them ("charged with terrorism")."""


class Entity(FactModel):
    """What every person, organisation, place and event file has."""

    name: Text
    """The name the dossier uses, with its citation."""
    aliases: Annotated[list[Text], Field(max_length=MAX_NAMES, json_schema_extra=UNIQUE),
                       once_each(lambda a: a.value)] = []
    """Other names the sources use for the same thing, each with its citation."""
    search_terms: Annotated[list[Annotated[str, StringConstraints(max_length=200)]],
                            Field(max_length=MAX_NAMES, json_schema_extra=UNIQUE),
                            once_each()] = []
    """Editorial, not a statement: spellings readers may search for that no source uses
    (transliterations). Fed to the site search only; never shown as fact."""
    short_forms: Annotated[list[Annotated[str, StringConstraints(max_length=200)]],
                           Field(max_length=MAX_NAMES, json_schema_extra=UNIQUE),
                           once_each()] = []
    """Editorial: shorter forms by which a quote may name this thing in passing ("Tashiyev",
    "Parliamentary Assembly"), each made of words of its name or an alias. A quote that
    names it so supports a relation, participant or legal step; never its name itself."""
    summary: Summary | None = None
    """A short cited description."""
    relations: list[Relation] = []
    """Relations from this thing to others."""


class Person(Entity):
    """A person: one file in `facts/people/`."""

    legal_status: list[LegalStatus] = []
    """For people in a criminal case: every step of their case, in date order."""


class Organisation(Entity):
    """An organisation, agency or group: one file in `facts/organisations/`."""


class Place(Entity):
    """A place, from a venue to a country: one file in `facts/places/`."""


class Event(Entity):
    """Something that happened, or is planned: one file in `facts/events/`."""

    date: Date | None = None
    """When it happened."""
    place: PlaceReference | None = None
    """Where it happened: the id of a place."""
    participants: list[Participant] = []
    """Who took part, and in what role."""
    figures: list[Figure] = []
    """Counted quantities (killed, injured, detained…)."""
    claims: list[Claim] = []
    """What was said in or about this event, attributed."""


class Source(FactModel):
    """A source text: `facts/sources/<id>.yaml` with its verbatim text in `<id>.txt`. Metadata
    the text does not give is left out and shown as "not stated"; never guess it."""

    label: Prose
    """Editorial, not a statement: how the dossier refers to this source in lists."""
    sha256: Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
    """The sha256 of `<id>.txt`, pinning the text. `dossier pin <id>` updates it after checking
    every quote still holds."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    """Editorial: the language of the text, as a code (`en`)."""
    title: Text | None = None
    """The title, as the text gives it."""
    publisher: OrganisationReference | None = None
    """The publishing organisation, when the text names it."""
    published: Date | None = None
    """The publication date, when the text gives it."""
    dateline: Text | None = None
    """The dateline, when the text has one ("ALMATY, June 3")."""
    url: Url | None = None
    """Where the text was published, when known: http or https only."""


RELATION_WORDING: dict[RelationType, tuple[str, str]] = {
    RelationType.MEMBER_OF: ("Member of", "Has as member"),
    RelationType.PARENT_OF: ("Parent of", "Child of"),
    RelationType.SIBLING_OF: ("Sibling of", "Sibling of"),
    RelationType.AFFILIATE_OF: ("Affiliate of", "Has as affiliate"),
    RelationType.PART_OF: ("Part of", "Has as part"),
    RelationType.STATE_BODY_OF: ("State body of", "Has as state body"),
    RelationType.LOCATED_IN: ("Located in", "Location of"),
    RelationType.CREDITED_BY: ("Credited by", "Credits"),
}
"""How each relation type reads from its own end and from the other end."""

QUALIFIER_WORDS: dict[Qualifier, str] = {
    Qualifier.EXACTLY: "", Qualifier.MORE_THAN: "more than ", Qualifier.AT_LEAST: "at least ",
    Qualifier.ABOUT: "about ", Qualifier.NEARLY: "nearly ", Qualifier.UP_TO: "up to ",
}
"""How a reader sees each qualifier in front of a number: an exact value has no word."""

DERIVATION_WORDING: dict[DerivationKind, str] = {
    DerivationKind.SUM: "editor's calculation from the cited passages",
    DerivationKind.READING: "editor's reading of the cited passages",
    DerivationKind.TITLE: "title in the dossier's words",
}
"""How the page introduces the editor's reasoning behind a derived value."""
