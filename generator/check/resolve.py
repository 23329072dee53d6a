"""Stage 3, resolve: one index of ids, every reference checked against it, backlinks derived.

References are the fields the model marks with `refers_to`; nothing here lists them again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from ..format.findings import Finding, finding_at
from ..read.load import locate
from ..format.model import Citation, Entity, FactModel, RefersTo, Source

Keys = tuple[str | int, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Reference:
    """One reference in a file: where (`keys` ends with the field), to what, allowed kinds,
    and the model object holding it."""

    keys: Keys
    field_name: str
    target: str
    kinds: tuple[str, ...]
    holder: FactModel


@dataclass(frozen=True, eq=False)
class Record:
    """One fact file after validation: what it is, where it is, what it says."""

    id: str
    kind: str
    path: str
    fact: FactModel

    @cached_property
    def objects(self) -> tuple[tuple[Keys, FactModel], ...]:
        """Every model object of the file with its keys (`walk`), walked once per version of
        the file: resolve, check, the graph and the renderers all read this."""
        return tuple(walk(self.fact))

    @cached_property
    def outgoing(self) -> tuple[Reference, ...]:
        """Every reference this record makes, in file order."""
        return tuple(Reference((*keys, name), name, target, tuple(kinds), obj)
                     for keys, obj in self.objects for name, target, kinds in references(obj))

    @cached_property
    def links(self) -> tuple[tuple[Reference, Backlink | None], ...]:
        """Each reference, with the backlink it gives its target (None for a reference to
        the record itself): made once per version of the file, not at every resolve."""
        return tuple((ref, Backlink(self.id, ref.keys[:-1], ref.field_name, ref.holder)
                      if ref.target != self.id else None) for ref in self.outgoing)

    @cached_property
    def targets(self) -> frozenset[str]:
        """The ids this record refers to."""
        return frozenset(r.target for r in self.outgoing)

    @cached_property
    def _sorted_targets(self) -> tuple[str, ...]:
        return tuple(sorted(self.targets))

    def near(self, dossier: Dossier) -> tuple[Record | None, ...]:
        """The records this one refers to, as `dossier` has them: what a value made from
        this record and the names or kinds of its targets depends on (`memo`)."""
        found = dossier.near.get(self.id)
        if found is None:  # once per record and dossier: the graph and the exports ask
            found = dossier.near[self.id] = tuple(map(dossier.records.get, self._sorted_targets))
        return found

    @cached_property
    def cited_sources(self) -> tuple[str, ...]:
        """The ids of the sources this record's statements cite, sorted."""
        return tuple(sorted({o.source for _, o in self.objects if isinstance(o, Citation)}))

    def place(self, root: Path, keys: Keys) -> tuple[int, int]:
        """Line and column of the value at `keys` (`load.locate`), remembered with this
        version of the file: info findings about unchanged files cost nothing to place."""
        if keys not in self._places:
            self._places[keys] = locate(root / self.path, keys)
        return self._places[keys]

    @cached_property
    def _places(self) -> dict[Keys, tuple[int, int]]:
        return {}

    def memo(self, what: str, depends_on: tuple[object, ...], make: Callable[[], T]) -> T:
        """`make()`, remembered with this version of the file for as long as `depends_on`
        (other records, figures) is the same: the exports and the coverage rows of an
        unchanged record are made once in a live preview, not at every save."""
        known = self._memo.get(what)
        if known is not None and known[0] == depends_on:  # item by item, `is` before `==`
            return known[1]  # type: ignore[no-any-return]
        made = make()
        self._memo[what] = (depends_on, made)
        return made

    @cached_property
    def _memo(self) -> dict[str, tuple[tuple[object, ...], object]]:
        return {}

    def release(self) -> None:
        """Forget what `memo` remembered, once a newer version of the file has been read
        (`pipeline.run_checks`): a remembered value may refer back to the record (its
        statements do), and such a cycle would outlive it, since what a build keeps is
        frozen (`pipeline.settle`). The record stays usable; a later `memo` only makes its
        value again."""
        self.__dict__.pop("_memo", None)

    @cached_property
    def name(self) -> str:
        """How the dossier names the record (read tens of thousands of times a build)."""
        if isinstance(self.fact, Source):
            return self.fact.label
        assert isinstance(self.fact, Entity)
        return self.fact.name.value


@dataclass(frozen=True)
class Backlink:
    """Another record pointing at this one: from where, through which field, in what statement."""

    source_id: str
    keys: Keys
    field_name: str
    statement: FactModel


@dataclass
class Dossier:
    """Every record by id, and for each id what points at it."""

    root: Path
    records: dict[str, Record]
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)
    near: dict[str, tuple[Record | None, ...]] = field(default_factory=dict, repr=False)
    """`Record.near` of each record asked so far."""

    def derived(self, what: str, make: Callable[[Dossier], T]) -> T:
        """`make(self)`, made once per dossier: what the checks and the pages both need
        (the names summaries link, the conflicts) is not worked out twice per build."""
        if what not in self._derived:
            self._derived[what] = make(self)
        return self._derived[what]  # type: ignore[no-any-return]

    def of_kind(self, kind: str) -> list[Record]:
        """The records of one kind by name (a copy: sorted once per dossier)."""
        return list(self.derived("kinds", _by_kind).get(kind, ()))


def _by_kind(dossier: Dossier) -> dict[str, list[Record]]:
    """The records of each kind by name, in one pass over the dossier."""
    kinds: dict[str, list[Record]] = {}
    for record in dossier.records.values():
        kinds.setdefault(record.kind, []).append(record)
    for records in kinds.values():
        records.sort(key=lambda r: (r.name.casefold(), r.id))
    return kinds


def walk(value: Any, keys: Keys = ()) -> Iterator[tuple[Keys, FactModel]]:
    """Every model object inside `value` (itself included), with its keys from the file's root."""
    if isinstance(value, FactModel):
        yield keys, value
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), (*keys, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk(item, (*keys, index))


def references(obj: FactModel) -> Iterator[tuple[str, str, list[str]]]:
    """(field, id, allowed kinds) for each reference held directly by `obj`."""
    for name, info in type(obj).model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, RefersTo):
            continue
        value = getattr(obj, name)
        kinds = list(extra.kinds)
        for target in value if isinstance(value, list) else [value] if value else []:
            yield name, target, kinds


def resolve(root: Path, records: list[Record],
            broken: frozenset[str] = frozenset()) -> tuple[Dossier, list[Finding]]:
    """`broken` are ids of files that exist but failed to load or validate: references to
    them are not reported again, their own findings say what is wrong."""
    dossier = Dossier(root, {r.id: r for r in records})
    findings: list[Finding] = []
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    get = dossier.records.get
    for record in records:
        for ref, backlink in record.links:
            found = get(ref.target)
            if found is None or found.kind not in ref.kinds:
                if ref.target not in broken:
                    findings.append(_reference_problem(dossier, record, ref.keys, ref.target,
                                                       list(ref.kinds)))
            elif backlink is not None:
                backlinks[ref.target].append(backlink)
    dossier.backlinks = dict(backlinks)
    return dossier, findings


def _reference_problem(dossier: Dossier, record: Record, keys: Keys, target: str,
                       kinds: list[str]) -> Finding:
    found = dossier.records.get(target)
    line, col = locate(dossier.root / record.path, keys)
    if found is None:
        close = _close_ids(dossier, target, kinds)
        hint = (f"did you mean `{close}`?" if close else
                f"add facts/<kind>/{target}.yaml, with <kind> one of: {', '.join(kinds)}")
        return finding_at(record.path, "D301", f"unknown id {target!r}", hint, line, col)
    return finding_at(record.path, "D302", f"{target!r} is in {found.kind}, but this field "
                      f"needs one of: {', '.join(kinds)}", "point it at a thing of the right kind",
                      line, col)


def _close_ids(dossier: Dossier, target: str, kinds: list[str]) -> str | None:
    import difflib

    candidates = [i for i, r in dossier.records.items() if r.kind in kinds]
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
    return close[0] if close else None
