"""Stage 4, resolve: one index of ids, every reference checked against it, backlinks derived.

References are the fields the model marks with `refers_to` (`read.record.references`).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..format.findings import Finding, finding_at
from ..format.ids import slug
from ..format.model import Entity
from ..read.locate import Locator
from ..read.record import Backlink, Keys, Record


@dataclass(eq=False)
class Dossier:
    """Every record by id; for each id what points at it and what it points at; the records
    of each kind by name. Two dossiers are the same only if they are the same object (one
    per check)."""

    root: Path
    records: dict[str, Record]
    backlinks: dict[str, list[Backlink]]
    kinds: dict[str, list[Record]]
    targets: dict[str, tuple[Record | None, ...]]

    def of_kind(self, kind: str) -> list[Record]:
        """The records of one kind by name (a copy)."""
        return list(self.kinds.get(kind, ()))

    def targets_of(self, record: Record) -> tuple[Record | None, ...]:
        """The records `record` refers to, as this dossier has them (None for one it does
        not): what a value made from the record and the names or kinds of its targets
        depends on."""
        return self.targets[record.id]


def resolve(root: Path, records: list[Record], broken: frozenset[str],
            locator: Locator) -> tuple[Dossier, list[Finding]]:
    """The dossier of `records`, and a finding for each reference that names no record of
    the kinds it allows. `broken` are ids of files that exist but failed to load or
    validate: references to them are not reported again, their own findings say what is
    wrong."""
    by_id = {r.id: r for r in records}
    named = Named(by_id)
    findings: list[Finding] = []
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    for record in records:
        for ref, backlink in record.links:
            found = by_id.get(ref.target)
            if found is None or found.kind not in ref.kinds:
                if ref.target not in broken:
                    findings.append(_reference_problem(root, named, record, ref.keys,
                                                       ref.target, ref.kinds, locator))
            elif backlink is not None:
                backlinks[ref.target].append(backlink)
    targets = {r.id: tuple(map(by_id.get, r.targets)) for r in records}
    return Dossier(root, by_id, dict(backlinks), _by_kind(records), targets), findings


def broken_ids(findings: list[Finding], records: list[Record]) -> frozenset[str]:
    """The ids of files that have findings but no record: they failed to load or validate."""
    return frozenset(Path(f.path).stem for f in findings) - {r.id for r in records}


def _by_kind(records: list[Record]) -> dict[str, list[Record]]:
    """The records of each kind by name, in one pass."""
    kinds: dict[str, list[Record]] = {}
    for record in records:
        kinds.setdefault(record.kind, []).append(record)
    for listed in kinds.values():
        listed.sort(key=lambda r: (r.name.casefold(), r.id))
    return kinds


class Named:
    """The records by id, and, made only once a reference names no id, by each of their
    names and aliases written as an id: `fsb` finds the organisation whose alias is FSB."""

    def __init__(self, records: dict[str, Record]) -> None:
        self.records = records
        self._by_name: dict[str, list[tuple[Record, str]]] | None = None

    def called(self, target: str, kinds: tuple[str, ...]) -> tuple[Record, str] | None:
        """The record of one of `kinds` whose name or an alias, written as an id, is
        `target` (the first by id when several are), and that name."""
        if self._by_name is None:
            self._by_name = {}
            for record in sorted(self.records.values(), key=lambda r: r.id):
                for name in _names(record):
                    self._by_name.setdefault(slug(name), []).append((record, name))
        return next((found for found in self._by_name.get(target, ())
                     if found[0].kind in kinds), None)


def _names(record: Record) -> list[str]:
    fact = record.fact
    return [fact.name.value, *(a.value for a in fact.aliases)] if isinstance(
        fact, Entity) else [record.name]


def _reference_problem(root: Path, named: Named, record: Record, keys: Keys,
                       target: str, kinds: tuple[str, ...], locator: Locator) -> Finding:
    found = named.records.get(target)
    line, col = locator.locate(root / record.path, keys)
    if found is None:
        called = named.called(target, kinds)
        close = _close_ids(named.records, target, kinds)
        hint = (f"did you mean `{called[0].id}`, which has the name {called[1]!r}? A "
                "reference is an id, the name of a fact file" if called else
                f"did you mean `{close}`?" if close else
                f"add facts/<kind>/{target}.yaml, with <kind> one of: {', '.join(kinds)}")
        return finding_at(record.path, "D301", f"unknown id {target!r}", hint, line, col)
    return finding_at(record.path, "D302", f"{target!r} is in {found.kind}, but this field "
                      f"needs one of: {', '.join(kinds)}", "point it at a thing of the right kind",
                      line, col)


def _close_ids(records: dict[str, Record], target: str, kinds: tuple[str, ...]) -> str | None:
    candidates = [i for i, r in records.items() if r.kind in kinds]
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
    return close[0] if close else None
