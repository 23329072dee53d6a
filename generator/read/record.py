"""A fact file after validation: a plain record of what it is, where it is and what it says,
with what the later stages read from it (its model objects, its references) worked out once,
when it is made.

References are the fields the model marks with `refers_to`; nothing here lists them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..format.kinds import record_page
from ..format.model import Citation, Entity, FactModel, RefersTo, Source

Keys = tuple[str | int, ...]
"""Where a value is in its file: the keys and list indexes from the file's top."""


@dataclass(frozen=True)
class Reference:
    """One reference in a file: where (`keys` ends with the field), to what, allowed kinds,
    and the model object holding it."""

    keys: Keys
    field_name: str
    target: str
    kinds: tuple[str, ...]
    holder: FactModel


@dataclass(frozen=True)
class Backlink:
    """Another record pointing at this one: from where, through which field, in what statement."""

    source_id: str
    keys: Keys
    field_name: str
    statement: FactModel


@dataclass(frozen=True, eq=False)
class Record:
    """One fact file after validation. Two records are the same only if they are the same
    object: a new version of a file is a new record."""

    id: str
    kind: str
    path: str
    fact: FactModel
    name: str
    """How the dossier names the record: an entity's name, a source's label."""
    objects: tuple[tuple[Keys, FactModel], ...]
    """Every model object of the file with its keys (`walk`)."""
    links: tuple[tuple[Reference, Backlink | None], ...]
    """Each reference the record makes, in file order, with the backlink it gives its
    target (None for a reference to the record itself)."""
    targets: tuple[str, ...]
    """The ids this record refers to, sorted, each once."""
    cited_sources: tuple[str, ...]
    """The ids of the sources its statements cite, sorted, each once."""
    page: str
    """The path of its page under `content/` (`paths.record_page`), worked out once: pages
    and links ask for it hundreds of thousands of times in a large dossier."""

    @classmethod
    def of(cls, record_id: str, kind: str, path: str, fact: FactModel) -> Record:
        """The record of a validated file, with everything derived from it."""
        objects = tuple(walk(fact))
        outgoing = [Reference((*keys, name), name, target, kinds, obj)
                    for keys, obj in objects for name, target, kinds in references(obj)]
        links = tuple((ref, Backlink(record_id, ref.keys[:-1], ref.field_name, ref.holder)
                       if ref.target != record_id else None) for ref in outgoing)
        cited = sorted({o.source for _, o in objects if isinstance(o, Citation)})
        return cls(record_id, kind, path, fact, _name(fact), objects, links,
                   tuple(sorted({ref.target for ref in outgoing})), tuple(cited),
                   record_page(kind, record_id))

    @property
    def outgoing(self) -> Iterator[Reference]:
        """Every reference this record makes, in file order."""
        return (ref for ref, _ in self.links)


def _name(fact: FactModel) -> str:
    if isinstance(fact, Source):
        return fact.label
    assert isinstance(fact, Entity)
    return fact.name.value


def walk(value: Any, keys: Keys = ()) -> Iterator[tuple[Keys, FactModel]]:
    """Every model object inside `value` (itself included), with its keys from the file's root."""
    if isinstance(value, FactModel):
        yield keys, value
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), (*keys, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk(item, (*keys, index))


def references(obj: FactModel) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(field, id, allowed kinds) for each reference held directly by `obj`."""
    for name, info in type(obj).model_fields.items():
        refers = info.json_schema_extra
        if not isinstance(refers, RefersTo):
            continue
        value = getattr(obj, name)
        for target in value if isinstance(value, list) else [value] if value else []:
            yield name, target, refers.kinds
