"""Every kind of thing a dossier describes, declared once: what varies by kind is here, and
every other module asks this registry (never a table of its own).

A new kind is one `Kind` below, its declaration in `model.py` (the fields its files have)
and, if its pages differ from an entity's, a template. Its folder in `facts/` and
`content/`, its pages, index page, CSV file, JSON Schema, `dossier new` word, graph colour
and open-data types all follow from the entry; a test checks `mkdocs.yml`'s navigation
against it.

Imports nothing heavy: the scan of `facts/` (which the receipt of the last build uses before
the rest of the generator is loaded) asks it for the folders. The model classes are named
here and looked up only when asked for (`model_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ids import is_valid_id

if TYPE_CHECKING:
    from .model import FactModel


@dataclass(frozen=True)
class Kind:
    """One kind of fact file and page."""

    folder: str
    """Its folder in `facts/` and in `content/`, and how references and findings name the
    kind ("people")."""
    model: str
    """The name of its declaration in `model.py` ("Person")."""
    word: str
    """One of them, as `dossier new <word>` names it ("person")."""
    label: str
    """One of them, as a page labels it ("Person")."""
    title: str
    """All of them, as their index page, the home page and the navigation title them."""
    colour: str
    """Of its nodes in the relationship graphs."""
    ftm_schema: str
    """The FollowTheMoney schema of its records in `ftm.jsonl`."""
    schema_org: str = ""
    """The schema.org type of its pages' JSON-LD ("" for no JSON-LD)."""
    is_entity: bool = True
    """A person, organisation, place or event: a thing with a name, aliases, relations and
    a page of facts (a source is not: it has a verbatim text instead)."""
    shape: str = "circle"
    """Of its nodes in the relationship graphs, beside the colour (one of `SHAPES`), so that
    kinds differ for readers who do not tell the colours apart."""
    gathers: str = ""
    """The edges through which one of them gathers others in an entity's neighbourhood
    ("participant": an event's participants stand beside each other), one step further than
    the graph's `hops`."""


SHAPES = ("circle", "square", "diamond", "triangle")
"""The shapes a graph draws its nodes with."""

SOURCES = "sources"
"""The folder of the one kind that is not an entity: sources, with their verbatim texts."""

KINDS: tuple[Kind, ...] = (
    Kind(SOURCES, "Source", "source", "Source", "Sources", "#757575", "Article",
         is_entity=False),
    Kind("people", "Person", "person", "Person", "People", "#3949ab", "Person", "Person"),
    Kind("organisations", "Organisation", "organisation", "Organisation", "Organisations",
         "#00897b", "Organization", "Organization", shape="square",
         gathers="member-of"),
    Kind("places", "Place", "place", "Place", "Places", "#8d6e63", "Address", "Place",
         shape="triangle"),
    Kind("events", "Event", "event", "Event", "Events", "#e53935", "Event", "Event",
         shape="diamond", gathers="participant"),
)
"""Every kind, in the order the format reference, the JSON Schemas and the scan's hints
list them (sources first: every statement rests on one)."""


def all_kinds() -> tuple[Kind, ...]:
    """Every kind, in declaration order."""
    return KINDS


def folders() -> tuple[str, ...]:
    """The folder of every kind, in declaration order."""
    return tuple(kind.folder for kind in KINDS)


def is_folder(name: str) -> bool:
    """Whether `name` is the folder of a kind (asked for every page and link, so a plain
    loop: a generator expression costs twice as much)."""
    for kind in KINDS:  # noqa: SIM110
        if kind.folder == name:
            return True
    return False


def entities() -> tuple[Kind, ...]:
    """The kinds of entity (people, organisations, places, events), in declaration order."""
    return tuple(kind for kind in KINDS if kind.is_entity)


def entity_folders() -> tuple[str, ...]:
    return tuple(kind.folder for kind in entities())


def in_page_order() -> tuple[Kind, ...]:
    """Every kind in the order the site shows them: the entities, then the sources."""
    return (*entities(), *(kind for kind in KINDS if not kind.is_entity))


def record_page(folder: str, record_id: str) -> str:
    """The path under `content/` of a record's page: its kind's folder and its id, each
    checked (a path is built only from a known folder and an id of the id rule, so no page
    can be written outside its folder). A record holds its own (`Record.page`)."""
    if not is_folder(folder):
        raise ValueError(f"not a kind: {folder!r}")
    if not is_valid_id(record_id):
        raise ValueError(f"not a page id: {record_id!r}")
    return f"{folder}/{record_id}.md"


def by_folder(folder: str) -> Kind:
    """The kind whose folder this is; KeyError for none."""
    for kind in KINDS:
        if kind.folder == folder:
            return kind
    raise KeyError(f"not a kind: {folder!r}")


def by_word(word: str) -> Kind:
    """The kind `dossier new <word>` makes; KeyError for none."""
    for kind in KINDS:
        if kind.word == word:
            return kind
    raise KeyError(f"not a kind: {word!r}")


def model_of(folder: str) -> type[FactModel]:
    """The declaration the files of a kind follow."""
    from . import model

    declared: type[FactModel] = getattr(model, by_folder(folder).model)
    return declared
