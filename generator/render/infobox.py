"""At a glance: the box at the top of an event, person or organisation page (what a reader
needs first, each line cited), and the legal-status badge shown wherever a person is listed.

Everything here is read from the records; nothing names a dossier. Fact text goes through
`md_text` (or a link made by the page), the badge's words are the step's own enum value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from ..check.wording import STATUS_WORDING, latest_step
from ..format.dates import in_words
from ..format.figures import quantity_in_words, value_in_words
from ..format.model import (
    DerivationKind,
    Entity,
    Event,
    Figure,
    FigureValue,
    LegalStatusKind,
    Organisation,
    Participant,
    Person,
    Relation,
    RelationType,
    Source,
    Statement,
)
from ..read.record import Record
from ..utils.escape import Markdown, md_text
from .draft import PageDraft
from .paths import CONFLICTS, link

SHORT_DERIVATION = {DerivationKind.SUM: "editor's calculation",
                    DerivationKind.READING: "editor's reading",
                    DerivationKind.TITLE: "title in the dossier's words"}
"""How a derived value is marked in the box (the full reasoning is in the page's table)."""


MAX_SHOWN = 12
"""Items shown in one cell of the box, and role groups in an event's box: past them, the box
says how many more there are and in which section of the page (a box at a glance, even for
an event with a thousand participants)."""


def _lines(items: list[Markdown], total: int, section: str, anchor: str) -> Markdown:
    """The first items of a cell, one a line; then how many more, and where they are."""
    shown = "<br>".join(items[:MAX_SHOWN])
    if total > MAX_SHOWN:
        shown += f"<br>*and {total - MAX_SHOWN:,} more, under [{section}](#{anchor})*"
    return Markdown(shown)


@dataclass(frozen=True)
class Line:
    """One line of the box: what it is, and its value with its footnotes."""

    label: Markdown
    value: Markdown


def badge_of(status: LegalStatusKind) -> Markdown:
    """A step as a badge: its word in text (never colour alone), with what it is for screen
    readers. The class names the step, so that each step has its own colours."""
    return Markdown(f'<span class="dossier-badge dossier-badge--{status.value}">'
                    f'<span class="dossier-visually-hidden">legal status: </span>'
                    f"{status.value}</span>")


def badge(page: PageDraft, record_id: str) -> Markdown:
    """The badge of a person's latest cited step, after a space; nothing for anyone else."""
    fact = page.dossier.records[record_id].fact
    step = latest_step(fact) if isinstance(fact, Person) else None
    return Markdown(f" {badge_of(step.status)}") if step else Markdown("")


def listed(page: PageDraft, record_id: str) -> Markdown:
    """A link to a record as it appears in a list: a person with their badge."""
    return Markdown(page.link_to(record_id) + badge(page, record_id))


def infobox(page: PageDraft, record: Record) -> list[Line]:
    """The lines of the box at the top of a record's page (none for a kind without one)."""
    fact = record.fact
    if isinstance(fact, Event):
        return _event(page, record.id, fact)
    if isinstance(fact, Person):
        return _person(page, record)
    if isinstance(fact, Organisation):
        return _organisation(page, record)
    return []


def _event(page: PageDraft, event_id: str, fact: Event) -> list[Line]:
    lines = []
    if fact.date:
        lines.append(Line(Markdown("Date"), Markdown(
            page.date(fact.date) + page.year_note(fact.date) + page.cite(fact.date))))
    if fact.place:
        lines.append(Line(Markdown("Place"),
                          Markdown(page.link_to(fact.place.to) + page.cite(fact.place))))
    lines += [_figure(page, event_id, index, figure)
              for index, figure in enumerate(fact.figures)]
    return lines + _by_role(page, fact.participants)


def conflict_anchor(event_id: str, index: int) -> Markdown:
    """The anchor of an event's figure on the conflicts page: stable while the event's own
    file is (ids are slugs, so it is safe in a link and an attribute list)."""
    return Markdown(f"figure-{event_id}-{index + 1}")


def _figure(page: PageDraft, event_id: str, index: int, figure: Figure) -> Line:
    label = md_text(quantity_in_words(figure.quantity))
    shown = {(v.value, v.qualifier) for v in figure.values}
    if len(shown) == 1:  # the sources agree: the value once, with every citation
        value = figure.values[0]
        return Line(label, Markdown(_number(value) + _derived(figure.values)
                                    + page.cite(*figure.values)))
    values = " \u00b7 ".join(_number(v) + _derived([v]) + page.cite(v) for v in figure.values)
    differ = link(page.path, CONFLICTS, conflict_anchor(event_id, index))
    return Line(label, Markdown(f"{values} [sources differ]({differ}){{: .dossier-differ }}"))


def _number(value: FigureValue) -> Markdown:
    return md_text(value_in_words(value.value, value.qualifier))


def _derived(values: Iterable[FigureValue]) -> Markdown:
    kinds = sorted({v.derived.kind for v in values if v.derived}, key=lambda k: k.value)
    return Markdown(" ".join(f" *({md_text(SHORT_DERIVATION[k])})*" for k in kinds))


def _by_role(page: PageDraft, participants: list[Participant]) -> list[Line]:
    """The people (and others) taking part, grouped by their role as the sources give it,
    each group with the sources it rests on, each person with their badge."""
    groups: dict[str, list[Participant]] = {}
    for participant in participants:
        groups.setdefault(participant.role, []).append(participant)
    lines = [Line(Markdown(md_text(role[:1].upper() + role[1:]) + _according_to(page, group)),
                  _lines([Markdown(listed(page, p.entity) + page.cite(p))
                          for p in group[:MAX_SHOWN]], len(group), "Participants",
                         "participants"))
             for role, group in itertools.islice(groups.items(), MAX_SHOWN)]
    if len(groups) > MAX_SHOWN:
        lines.append(Line(Markdown("Other roles"), Markdown(
            f"*{len(groups) - MAX_SHOWN:,} more, under [Participants](#participants)*")))
    return lines


def _according_to(page: PageDraft, statements: Iterable[Statement]) -> Markdown:
    """" (source: TASS)": the sources the line rests on, each by its publisher's name if it
    has one, linked to the source's page. Not "according to": a role is the editor's words
    for what the quote says (its support is that the quote names the person), and the box
    must not present them as the source's."""
    ids = sorted({c.source for s in statements for c in s.cite})
    if not ids:
        return Markdown("")
    names = [page.link_to(i, text=_publisher(page, i)) for i in ids]
    return Markdown(f" *({'source' if len(names) == 1 else 'sources'}: "
                    f"{' and '.join(names)})*")


def _publisher(page: PageDraft, source_id: str) -> str:
    source = page.dossier.records[source_id]
    fact = source.fact
    if isinstance(fact, Source) and fact.publisher and fact.publisher.to in page.dossier.records:
        return page.dossier.records[fact.publisher.to].name
    return source.name


def _person(page: PageDraft, record: Record) -> list[Line]:
    fact = record.fact
    assert isinstance(fact, Person)
    lines = []
    step = latest_step(fact)
    if step is not None:
        when = f", {md_text(in_words(step.when))}" if step.when else ""
        lines.append(Line(Markdown("Legal status"), Markdown(
            f"{badge_of(step.status)} {md_text(STATUS_WORDING[step.status].lower())}{when}"
            f"{page.year_note(step)}{page.cite(step)}: the latest step the sources report, "
            "and no conviction unless one is listed ([every step](#legal-status))")))
    taken = _participations(page, record.id)
    roles = [Markdown(f"{md_text(p.role)} \u2014 {page.link_to(event)}"
                      f"{_according_to(page, [p])}{page.cite(p)}")
             for event, p in taken[:MAX_SHOWN]]
    if roles:
        lines.append(Line(Markdown("Roles"), _lines(roles, len(taken), "Referred to by",
                                                    "referred-to-by")))
    return lines + _relations(page, record, "Memberships", RelationType.MEMBER_OF, forward=True)


def _participations(page: PageDraft, record_id: str) -> list[tuple[str, Participant]]:
    return [(b.source_id, b.statement) for b in page.dossier.backlinks.get(record_id, [])
            if isinstance(b.statement, Participant)]


def _relations(page: PageDraft, record: Record, label: str, kind: RelationType,
               forward: bool) -> list[Line]:
    """One line of the relations of one type, from this end (`forward`) or the other."""
    assert isinstance(record.fact, Entity)
    found: list[tuple[str, Relation]] = (
        [(r.to, r) for r in record.fact.relations if r.type is kind] if forward else
        [(b.source_id, b.statement) for b in page.dossier.backlinks.get(record.id, [])
         if isinstance(b.statement, Relation) and b.statement.type is kind])
    items = [Markdown(listed(page, other) + (f" ({md_text(r.role)})" if r.role else "")
                      + page.cite(r)) for other, r in found[:MAX_SHOWN]]
    return [Line(Markdown(label), _lines(items, len(found), "Relations", "relations"))
            ] if items else []


def _organisation(page: PageDraft, record: Record) -> list[Line]:
    lines = _relations(page, record, "Members", RelationType.MEMBER_OF, forward=False)
    lines += _relations(page, record, "Part of", RelationType.PART_OF, forward=True)
    lines += _relations(page, record, "Parts", RelationType.PART_OF, forward=False)
    lines += _relations(page, record, "State body of", RelationType.STATE_BODY_OF, forward=True)
    lines += _relations(page, record, "Located in", RelationType.LOCATED_IN, forward=True)
    taken = _participations(page, record.id)
    events = [Markdown(f"{page.link_to(event)}: {md_text(p.role)}{page.cite(p)}")
              for event, p in taken[:MAX_SHOWN]]
    return lines + ([Line(Markdown("Took part in"), _lines(
        events, len(taken), "Referred to by", "referred-to-by"))] if events else [])
