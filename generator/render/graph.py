"""The relationship graph: every reference between two entities as an edge worded as a
reader says it, and the index that finds what lies around one of them. The drawings are in
`network.py` (the whole dossier) and `neighbourhood.py` (an entity's page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..check.resolve import Dossier
from ..format.kinds import SOURCES, by_folder, entities
from ..format.model import (
    RELATION_WORDING,
    Claim,
    Date,
    OrganisationReference,
    Participant,
    PlaceReference,
    Relation,
)
from ..read.record import Record, Reference
from ..utils.memo import Memo


@dataclass(frozen=True, order=True)
class Edge:
    """A reference from record `a` to record `b`, worded both ways: "`a` forward `b`" and
    "`b` backward `a`" ("parent of" / "child of")."""

    a: str
    b: str
    kind: str
    """What sort of reference: a relation type ("parent-of"), "participant", "place", a
    claim's party ("claim-by"), "after" or "refers-to"."""
    forward: str
    backward: str

    def sentence(self, name_a: str, name_b: str) -> str:
        return f"{name_a} {self.forward} {name_b}"

    def words_from(self, node: str) -> str:
        """What the other end is to `node`, read from `node`'s side ("child of" is what
        `b` is to `a` when `a` is the parent): the other end's words about itself."""
        return self.backward if node == self.a else self.forward


CLAIM_WORDS = {"by": ("has a claim by", "made a claim in"),
               "via": ("has a claim through", "channel of a claim in"),
               "about": ("has a claim about", "subject of a claim in"),
               "differs_from": ("has a claim that differs from those of",
                                "has claims that a claim differs from, in")}
"""How each party of a claim reads, from the event holding the claim and from the party."""


def words(ref: Reference) -> tuple[str, str, str]:
    """(kind, forward, backward) of one reference, in the words the pages use for it."""
    holder = ref.holder
    if isinstance(holder, Relation):
        forward, backward = RELATION_WORDING[holder.type]
        role = f" ({holder.role})" if holder.role else ""
        return holder.type.value, forward.lower() + role, backward.lower() + role
    if isinstance(holder, Participant):
        return ("participant", f"has as participant ({holder.role})",
                f"participant ({holder.role}) in")
    if isinstance(holder, PlaceReference):
        return "place", "took place in", "place of"
    if isinstance(holder, OrganisationReference):
        return "publisher", "published by", "publisher of"
    if isinstance(holder, Claim) and ref.field_name in CLAIM_WORDS:
        return ("claim-" + ref.field_name.replace("_", "-"), *CLAIM_WORDS[ref.field_name])
    if isinstance(holder, Date) and ref.field_name == "after":
        return "after", "came after", "came before"
    return "refers-to", "refers to", "referred to by"


def graph_of(dossier: Dossier, memo: Memo) -> Graph:
    """The graph of the dossier's references; the last one made is reused while its edges
    are the same (most edits change none)."""
    found = edges(dossier, memo)
    return memo.last("graph", found, lambda: Graph(found))


def edges(dossier: Dossier, memo: Memo) -> list[Edge]:
    """Every reference between two entities, once, worded, in order."""
    return [edge for record_id in sorted(dossier.records)
            for edge in _edges_from(dossier, dossier.records[record_id], memo)]


def _edges_from(dossier: Dossier, record: Record, memo: Memo) -> list[Edge]:
    """The edges a record starts, sorted; remembered with the record while the records it
    refers to stay the same (their kinds decide which references are edges)."""
    if record.kind == SOURCES:
        return []

    def make() -> list[Edge]:
        found: dict[tuple[str, str, str], Edge] = {}
        for ref in record.outgoing:
            target = ref.target
            if target == record.id or dossier.records[target].kind == SOURCES:
                continue
            edge = Edge(record.id, target, *words(ref))
            found.setdefault((record.id, target, edge.forward), edge)
        return sorted(found.values(), key=lambda e: (e.b, e.kind, e.forward))
    return memo.of(record, "edges", dossier.targets_of(record), make)


FAMILY = frozenset({"parent-of", "sibling-of"})
MAX_AROUND = 60
"""At most this many records around an entity in its drawing (the nearest first); the
sections of its page list every one of them anyway."""


@dataclass(frozen=True)
class Branch:
    """A record in an entity's neighbourhood: reached from `parent` (none for the entity
    itself) through `edges`, `depth` steps out."""

    node: str
    parent: str
    edges: tuple[Edge, ...]
    depth: int


@dataclass(frozen=True)
class Neighbourhood:
    branches: tuple[Branch, ...]
    """The entity first, then each step out, each record under the one it is reached from."""
    edges: tuple[Edge, ...]
    """Every edge between two of its records, in order."""
    left_out: int
    """Records within reach that the drawing leaves out (`MAX_AROUND`)."""


class Graph:
    """Every edge, and for each node the edges touching it, so that a neighbourhood costs
    what it contains, not the size of the dossier."""

    def __init__(self, edges: list[Edge]):
        self.edges = edges
        self.touching: dict[str, list[Edge]] = {}
        for edge in self.edges:
            self.touching.setdefault(edge.a, []).append(edge)
            self.touching.setdefault(edge.b, []).append(edge)

    def around(self, records: Mapping[str, Record], centre: str, hops: int) -> Neighbourhood:
        """What lies within `hops` steps of `centre`, and one step further where that step
        tells who stands beside it: the other participants of an event, the other members
        of an organisation, the relatives of a relative (so a suspect's page shows the
        co-accused). Nearest first, then by kind and name; at most `MAX_AROUND` records."""
        branches = [Branch(centre, "", (), 0)]
        seen, left_out = {centre}, 0
        for depth in range(1, hops + 2):
            for parent in [b for b in branches if b.depth == depth - 1]:
                found = self._next(records, parent, seen, beyond=depth > hops)
                for node in sorted(found, key=lambda n: _order(records, n)):
                    if len(branches) >= MAX_AROUND:
                        left_out += 1
                        continue
                    seen.add(node)
                    branches.append(Branch(node, parent.node, tuple(found[node]), depth))
        shown = {b.node for b in branches}
        among = {e for b in branches for e in self.touching.get(b.node, [])
                 if e.a in shown and e.b in shown}
        return Neighbourhood(tuple(branches), tuple(sorted(
            among, key=lambda e: (e.a, e.b, e.kind, e.forward, e.backward))), left_out)

    def _next(self, records: Mapping[str, Record], parent: Branch, seen: set[str],
              beyond: bool) -> dict[str, list[Edge]]:
        """The records one step from `parent` not reached yet, with the edges to each; past
        `hops`, only those beside it: in what its kind gathers (an event's participants),
        or, for a relative, in the same family."""
        gathers, family = "", False
        if beyond:
            gathers = by_folder(records[parent.node].kind).gathers
            family = any(e.kind in FAMILY for e in parent.edges)
        found: dict[str, list[Edge]] = {}
        for edge in self.touching.get(parent.node, []):
            other = edge.b if edge.a == parent.node else edge.a
            if other in seen or (beyond and edge.kind != gathers
                                 and not (family and edge.kind in FAMILY)):
                continue
            found.setdefault(other, []).append(edge)
        return found


def _order(records: Mapping[str, Record], node: str) -> tuple[int, str, str]:
    record = records[node]
    return (_KIND_ORDER.get(record.kind, len(_KIND_ORDER)), record.name.casefold(), node)


_KIND_ORDER = {kind.folder: index for index, kind in enumerate(entities())}
