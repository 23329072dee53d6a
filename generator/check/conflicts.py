"""Where sources disagree: figures with differing values, and claims an editor has marked as
differing from others. Reported as information and listed on the conflicts page; the dossier
shows every side and decides nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from ..format.figures import values_in_order
from ..format.findings import Finding, finding_at
from ..format.model import Claim, Event, Figure
from ..read.locate import Locator
from ..read.record import Record
from ..utils.memo import Memo
from .resolve import Dossier


@dataclass(frozen=True)
class FigureConflict:
    event: Record
    index: int
    figure: Figure


@dataclass(frozen=True)
class Differs:
    """One claim (`index` on `event`) marked as differing from the claims of `other`."""

    event: Record
    index: int
    claim: Claim
    other: str


@dataclass(frozen=True)
class ClaimConflict:
    """The claims recorded on one event (`other`), and every claim marked as differing from
    them, with the event it is recorded on. Grouped by the event whose claims are disputed,
    each of its claims is listed once however many claims differ from them: a page of pairs
    would grow as their product."""

    other: Record
    differing: tuple[Differs, ...]

    @property
    def other_claims(self) -> list[Claim]:
        assert isinstance(self.other.fact, Event)  # differs_from refers to events only
        return list(self.other.fact.claims)


@dataclass(frozen=True)
class Conflicts:
    """Every conflict of the dossier, each list in the order of the events by name."""

    figures: list[FigureConflict]
    claims: list[ClaimConflict]


def find_conflicts(dossier: Dossier) -> Conflicts:
    return Conflicts(figure_conflicts(dossier), claim_conflicts(dossier))


def figure_conflicts(dossier: Dossier) -> list[FigureConflict]:
    found = []
    for record in dossier.of_kind("events"):
        assert isinstance(record.fact, Event)
        for index, figure in enumerate(record.fact.figures):
            if len({(v.value, v.qualifier) for v in figure.values}) > 1:
                found.append(FigureConflict(record, index, figure))
    return found


def claim_conflicts(dossier: Dossier) -> list[ClaimConflict]:
    """Each disputed event in the order it is first named, with what differs from it."""
    differing: dict[str, list[Differs]] = {}
    for differs in _differing(dossier):
        differing.setdefault(differs.other, []).append(differs)
    return [ClaimConflict(dossier.records[other], tuple(items))
            for other, items in differing.items()]


def _differing(dossier: Dossier) -> Iterator[Differs]:
    for record in dossier.of_kind("events"):
        assert isinstance(record.fact, Event)
        for index, claim in enumerate(record.fact.claims):
            for other in claim.differs_from:
                if other in dossier.records:
                    yield Differs(record, index, claim, other)


def conflict_findings(dossier: Dossier, conflicts: Conflicts, memo: Memo,
                      locator: Locator) -> list[Finding]:
    """A finding (information) for each conflict, at its place in the event's file; each
    event's findings remembered (`memo`) while it and the events it names are the same."""
    by_event: dict[str, tuple[Record, list[FigureConflict | Differs]]] = {}
    every: list[FigureConflict | Differs] = [*conflicts.figures, *(
        differs for claims in conflicts.claims for differs in claims.differing)]
    for conflict in every:
        by_event.setdefault(conflict.event.id, (conflict.event, []))[1].append(conflict)
    return [finding for event, found in by_event.values()
            for finding in memo.of(event, "conflicts", dossier.targets_of(event),
                                   partial(_findings, dossier, found, locator))]


def _findings(dossier: Dossier, conflicts: list[FigureConflict | Differs],
              locator: Locator) -> list[Finding]:
    return [_figure_finding(dossier, c, locator) if isinstance(c, FigureConflict) else
            _claim_finding(dossier, c, locator) for c in conflicts]


def _figure_finding(dossier: Dossier, conflict: FigureConflict, locator: Locator) -> Finding:
    line, col = locator.locate(dossier.root / conflict.event.path, ("figures", conflict.index))
    values = ", ".join(values_in_order(conflict.figure.values))
    return finding_at(conflict.event.path, "D601",
                      f"sources differ on {conflict.figure.quantity!r}: {values}",
                      "shown side by side on the event and conflicts pages; set "
                      "`preferred_because` on one value only with a reason", line, col)


def _claim_finding(dossier: Dossier, differs: Differs, locator: Locator) -> Finding:
    line, col = locator.locate(dossier.root / differs.event.path,
                               ("claims", differs.index, "differs_from"))
    return finding_at(differs.event.path, "D602",
                      f"a claim differs from the claims of {differs.other!r}",
                      "listed on the conflicts page", line, col)
