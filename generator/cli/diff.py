"""`dossier diff <git-ref>`: what a change does to the dossier, in facts rather than lines.

The dossier at the ref is taken from git into a temporary folder and checked like the working
tree; the two are compared by entity, statement, citation, coverage, conflict and support
(`support_diff`). Statements in a list are matched by what they are, as a reviewer would
match them (`IDENTITY`), never by their place in the list: removing the first of three
figure values removes one value, and changes nothing else. Every change is written in the
reader's words ("Killed: 40 → at least 115"), under the entity it is about.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from itertools import groupby
from pathlib import Path
from typing import Any, cast

from ..build import check
from ..check.coverage import coverage
from ..check.rules import Checked
from ..format.figures import quantity_in_words, values_in_order
from ..format.model import (
    Claim,
    FactModel,
    Figure,
    FigureValue,
    LegalStatus,
    Participant,
    Relation,
    Statement,
)
from ..read.record import Record
from ..utils.characters import code_span, printable
from ..utils.pairing import pair
from .statements import Names, field_label, group_label, in_words
from .support_diff import SupportChange, render_support, support_change


class DiffError(Exception):
    """The ref cannot be read: not a git repository, or no such ref."""


@dataclass(frozen=True, order=True)
class Change:
    """One line of the summary: the entity it is about (its name and file), and what
    changed, in the reader's words."""

    entity: str
    text: str


@dataclass
class DossierDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    statements_added: list[Change] = field(default_factory=list)
    statements_changed: list[Change] = field(default_factory=list)
    statements_removed: list[Change] = field(default_factory=list)
    citations_added: list[Change] = field(default_factory=list)
    citations_lost: list[Change] = field(default_factory=list)
    coverage_before: float = 100.0
    coverage_after: float = 100.0
    new_conflicts: list[Change] = field(default_factory=list)
    new_sides: list[Change] = field(default_factory=list)
    """Values or claims added to a conflict the dossier had before."""
    support: SupportChange = field(default_factory=SupportChange)


def dossier_at(root: Path, ref: str, into: Path) -> Path:
    """Extract the dossier's inputs as they are at `ref` into `into`."""
    try:
        archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", ref,
                                  "facts", "dossier.toml"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        raise DiffError(stderr.decode(errors="replace").strip() or str(error)) from None
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def diff(root: Path, ref: str) -> DossierDiff:
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as folder:
        before = check(dossier_at(root, ref, Path(folder)), min_coverage=0, min_support=0)
        return compare(before, check(root, min_coverage=0, min_support=0))


def compare(before: Checked, after: Checked) -> DossierDiff:
    result = DossierDiff()
    old, new = before.dossier.records, after.dossier.records
    result.added = [_entity(new[i]) for i in sorted(new.keys() - old.keys())]
    result.removed = [_entity(old[i]) for i in sorted(old.keys() - new.keys())]
    for record_id in sorted(old.keys() | new.keys()):
        _Comparison(result, before, after).records(old.get(record_id), new.get(record_id))
    result.coverage_before = coverage(before.evidence)[0].percent
    result.coverage_after = coverage(after.evidence)[0].percent
    _figure_conflicts(before, after, result)
    _claim_conflicts(before, after, result)
    result.support = support_change(before.evidence, after.evidence)
    return result


def _entity(record: Record) -> str:
    return f"{record.name} ({record.kind}/{record.id})"


def _names(checked: Checked) -> Names:
    records = checked.dossier.records
    return lambda i: records[i].name if i in records else i


Key = Callable[[Any], Hashable]


def _value(statement: Statement) -> str:
    """The statement without its citations, as one comparable string."""
    return json.dumps(statement.model_dump(mode="json", exclude={"cite"}), sort_keys=True)


def _citations(statement: Statement) -> frozenset[tuple[str, str]]:
    return frozenset((c.source, c.quote) for c in statement.cite)


def _sources(statement: Statement) -> frozenset[str]:
    return frozenset(c.source for c in statement.cite)


IDENTITY: dict[type[FactModel], Key] = {
    FigureValue: _sources,  # a value is what its source reports: its number may change
    Claim: lambda c: (c.by, c.content),
    Relation: lambda r: (r.type, r.to),
    Participant: lambda p: p.entity,
    LegalStatus: lambda s: s.status,
}
"""What makes a statement in a list the same statement when its value or citations change;
a statement of another kind (an alias) is known by the sources it cites."""


def _keys(kind: type[FactModel]) -> Sequence[Key]:
    """How the items of a list are paired (`utils.pairing.pair`), strictest first:
    unchanged; the same value from the same sources, quoted differently; the same citations
    with another value; by identity; the same value from other sources."""
    if not issubclass(kind, Statement):
        return [lambda f: f.quantity] if kind is Figure else [lambda item: item]
    return [lambda s: (_value(s), _citations(s)), lambda s: (_value(s), _sources(s)),
            _citations, IDENTITY.get(kind, _sources), _value]


class _Comparison:
    """Two versions of one record compared statement by statement, into `result`."""

    def __init__(self, result: DossierDiff, before: Checked, after: Checked) -> None:
        self.result, self.before, self.after = result, _names(before), _names(after)
        self.entity = ""

    def records(self, old: Record | None, new: Record | None) -> None:
        shown = new or old
        assert shown is not None
        self.entity = _entity(shown)
        if old is not None and new is not None and type(old.fact) is not type(new.fact):
            self.facts(old.fact, None, "")  # moved to another kind's folder
            old = None
        self.facts(old.fact if old else None, new.fact if new else None, "")

    def facts(self, old: FactModel | None, new: FactModel | None, label: str) -> None:
        either = new if new is not None else old
        assert either is not None
        if isinstance(either, Statement):
            return self.statement(cast(Statement | None, old), cast(Statement | None, new),
                                  label)
        for name in type(either).model_fields:
            inner = group_label(either, label) if label else field_label(name)
            before, after = (getattr(old, name, None), getattr(new, name, None))
            if isinstance(before, list) or isinstance(after, list):
                items = [[i for i in v or [] if isinstance(i, FactModel)] for v in (before,
                                                                                    after)]
                if items[0] or items[1]:
                    kind = type((items[1] or items[0])[0])
                    for a, b in pair(items[0], items[1], _keys(kind)):
                        self.facts(a, b, inner)
            elif isinstance(before, FactModel) or isinstance(after, FactModel):
                self.facts(before, after, inner)
        return None

    def statement(self, old: Statement | None, new: Statement | None, label: str) -> None:
        if old is None or new is None:
            gone = old is not None
            shown = old if gone else new
            assert shown is not None
            words = in_words(shown, self.before if gone else self.after)
            sources = ", ".join(sorted(_sources(shown)))
            self.say(self.result.statements_removed if gone else self.result.statements_added,
                     f"{label}: {words}" + (f" [{sources}]" if sources else ""))
            return
        was, now = in_words(old, self.before), in_words(new, self.after)
        if _value(old) != _value(new):
            self.say(self.result.statements_changed, f"{label}: {was} \u2192 {now}")
        for source, quote in sorted(_citations(new) - _citations(old)):
            self.say(self.result.citations_added,
                     f"{label}: {now} \u2014 {source}: \u201c{quote}\u201d")
        for source, quote in sorted(_citations(old) - _citations(new)):
            self.say(self.result.citations_lost,
                     f"{label}: {was} \u2014 {source}: \u201c{quote}\u201d")

    def say(self, into: list[Change], text: str) -> None:
        into.append(Change(self.entity, text))


def _figure_conflicts(before: Checked, after: Checked, result: DossierDiff) -> None:
    """Figures on which sources newly differ, and values newly added to such a figure."""
    def sides(checked: Checked) -> dict[tuple[str, str], tuple[Record, list[str]]]:
        return {(c.event.id, c.figure.quantity): (c.event, values_in_order(c.figure.values))
                for c in checked.conflicts.figures}
    old = sides(before)
    for key, (event, values) in sides(after).items():
        what = quantity_in_words(key[1])
        if key not in old:
            result.new_conflicts.append(Change(_entity(event), f"{what}: sources differ: "
                                               f"{', '.join(values)}"))
        elif added := [v for v in values if v not in old[key][1]]:
            others = [v for v in values if v not in added]
            result.new_sides.append(Change(_entity(event), f"{what}: {', '.join(added)} "
                                           f"beside {', '.join(others)}"))


def _claim_conflicts(before: Checked, after: Checked, result: DossierDiff) -> None:
    """Events whose claims another claim newly differs from, and claims newly on either
    side of such a dispute (listed under the disputed event, as the conflicts page does)."""
    def sides(checked: Checked) -> dict[str, tuple[Record, dict[tuple[str, str, str], str]]]:
        names, found = _names(checked), {}
        for conflict in checked.conflicts.claims:
            claims = [(conflict.other.id, c) for c in conflict.other_claims]
            claims += [(d.event.id, d.claim) for d in conflict.differing]
            found[conflict.other.id] = (conflict.other, {
                (event, c.by, c.content): in_words(c, names) for event, c in claims})
        return found
    old = sides(before)
    for key, (event, claims) in sides(after).items():
        if key not in old:
            result.new_conflicts.append(Change(_entity(event), "Claims differ: "
                                               + "; ".join(claims.values())))
            continue
        for side in claims.keys() - old[key][1].keys():
            result.new_sides.append(Change(_entity(event), f"Claim: {claims[side]}"))


def render(result: DossierDiff, markdown: bool = False) -> str:
    """The summary as plain text for a terminal, or Markdown for a CI job summary, each
    section's changes under the entity they are about. Whatever a pull request puts in a
    statement or a quote is shown as written and does nothing: in a terminal its control
    characters are escaped; in Markdown it is a code span (no link, image, HTML or
    mention)."""
    sections = [("Entities added", [Change(e, "") for e in result.added]),
                ("Entities removed", [Change(e, "") for e in result.removed]),
                ("Statements added", result.statements_added),
                ("Statements changed", result.statements_changed),
                ("Statements removed", result.statements_removed),
                ("Citations added", result.citations_added),
                ("Citations lost", result.citations_lost),
                ("New conflicts between sources", result.new_conflicts),
                ("New sides of existing conflicts", result.new_sides)]
    coverage_line = (f"Citation coverage: {result.coverage_before:.1f}% \u2192 "
                     f"{result.coverage_after:.1f}%")
    lines = ["## What this change does to the dossier", "" ] if markdown else []
    lines.append(f"**{coverage_line}**" if markdown else coverage_line)
    lines += render_support(result.support, markdown)
    for title, items in sections:
        lines.append(f"\n### {title} ({len(items)})" if markdown else f"{title}: {len(items)}")
        lines += _grouped(items, markdown)
    return "\n".join(lines) + "\n"


def _grouped(items: list[Change], markdown: bool) -> list[str]:
    """Each entity once, and under it its changes in the order they were found."""
    lines = []
    for entity, changes in groupby(sorted(items, key=lambda c: c.entity),
                                   key=lambda c: c.entity):
        lines.append(f"- {code_span(entity)}" if markdown else f"  {printable(entity)}")
        lines += [f"  - {code_span(c.text)}" if markdown else f"    {printable(c.text)}"
                  for c in changes if c.text]
    return lines
