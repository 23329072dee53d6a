"""What each page shows, worked out in Python so that templates stay dumb.

Every function returns plain data: text (escaped by the template environment) or Markdown
built here from links and footnote references.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from ..format.dates import in_words
from ..format.figures import quantity_in_words, value_in_words
from ..format.kinds import SOURCES, by_folder
from ..format.model import (
    DERIVATION_WORDING,
    RELATION_WORDING,
    Claim,
    Entity,
    Event,
    Figure,
    FigureValue,
    LegalStatus,
    OrganisationReference,
    Participant,
    Person,
    PlaceReference,
    Relation,
    Source,
    Statement,
    Text,
    Value,
)
from ..read.record import Backlink, Record
from ..utils.escape import Markdown, html_url, md_text
from ..utils.memo import Memo
from .draft import PageDraft
from .infobox import listed
from .timeline import Item, Section, step_read

CLAIM_PARTIES = {"by", "via", "about"}
BACKLINK_WORDS = {"by": "made a claim",
                  "via": "channel of a claim", "about": "subject of a claim",
                  "after": "follows this event", "differs_from": "a claim differs from its claims"}


@dataclass(frozen=True)
class Row:
    """One cited line of a page: what it is, its value, and its footnotes."""

    label: str
    value: Markdown
    refs: Markdown


def fact_rows(page: PageDraft, record: Record) -> list[Row]:
    fact = record.fact
    assert isinstance(fact, Entity)
    rows = [Row("Name", declared(md_text(fact.name.value), fact.name), page.cite(fact.name))]
    rows += [Row("Also known as", declared(md_text(a.value), a), page.cite(a))
             for a in fact.aliases]
    if isinstance(fact, Event) and fact.date:
        rows.append(Row("Date", declared(Markdown(page.date(fact.date) + page.year_note(
            fact.date)), fact.date), page.cite(fact.date)))
    if isinstance(fact, Event) and fact.place:
        rows.append(Row("Place", declared(page.link_to(fact.place.to), fact.place),
                        page.cite(fact.place)))
    return rows


def declared(value: Markdown, statement: Statement) -> Markdown:
    """A value with what its editor declared beside it: the quote's own words for it when
    they differ (`quoted_as`), and the reasoning behind a derived value."""
    notes = []
    if isinstance(statement, Text) and statement.quoted_as:
        notes.append(f"in the source: \u201c{statement.quoted_as}\u201d")
    if isinstance(statement, Value) and statement.derived is not None:
        notes.append(reasoning(statement))
    return Markdown(f"{value} *({md_text('; '.join(notes))})*") if notes else value


def reasoning(statement: Value) -> str:
    """"editor's calculation from the cited passages: …", for a derived value."""
    derivation = statement.derived
    if derivation is None:
        return ""
    return f"{DERIVATION_WORDING[derivation.kind]}: {derivation.reasoning}"


def relation_rows(page: PageDraft, record: Record) -> list[Row]:
    """Relations entered in this file, then those entered at the other end, read backwards."""
    assert isinstance(record.fact, Entity)
    rows = [_relation_row(page, r, r.to, forward=True) for r in record.fact.relations]
    rows += [_relation_row(page, b.statement, b.source_id, forward=False)
             for b in page.dossier.backlinks.get(record.id, [])
             if isinstance(b.statement, Relation)]
    return rows


def _relation_row(page: PageDraft, relation: Relation, other: str, forward: bool) -> Row:
    wording = RELATION_WORDING[relation.type][0 if forward else 1]
    value = listed(page, other)
    if relation.role:
        value = Markdown(f"{value} ({md_text(relation.role)})")
    return Row(wording, declared(value, relation), page.cite(relation))


def status_rows(page: PageDraft, record: Record) -> list[Row]:
    if not isinstance(record.fact, Person):
        return []
    return [Row((s.when and md_text(in_words(s.when))) or "date not stated",
                declared(Markdown(f"**{md_text(s.status.value)}**"
                                  + (f" \u2014 {md_text(s.detail)}" if s.detail else "")
                                  + page.year_note(s)), s),
                page.cite(s)) for s in record.fact.legal_status]


def participant_rows(page: PageDraft, record: Record) -> list[Row]:
    if not isinstance(record.fact, Event):
        return []
    return [Row(p.role, declared(listed(page, p.entity), p), page.cite(p))
            for p in record.fact.participants]


@dataclass(frozen=True)
class FigureView:
    quantity: str
    values: list[Row]


def figures(page: PageDraft, record: Record) -> list[FigureView]:
    if not isinstance(record.fact, Event):
        return []
    return figures_of(page, record.fact.figures)


def figures_of(page: PageDraft, items: list[Figure]) -> list[FigureView]:
    return [FigureView(quantity_in_words(f.quantity),
                       [_figure_row(page, v) for v in f.values]) for f in items]


def legal_status(record: Record) -> str | None:
    """The latest step of a person's criminal case, as search filters by it ("charged")."""
    fact = record.fact
    if not isinstance(fact, Person) or not fact.legal_status:
        return None
    return fact.legal_status[-1].status.value


def _figure_row(page: PageDraft, value: FigureValue) -> Row:
    shown = value_in_words(value.value, value.qualifier)
    details = [f"as of {in_words(value.as_of)}" if value.as_of else "as-of date not stated"]
    if value.note:
        details.append(value.note)
    if value.derived:
        details.append(reasoning(value))
    if value.preferred_because:
        details.append(f"preferred: {value.preferred_because}")
    sources = ", ".join(sorted({page.dossier.records[c.source].name for c in value.cite}))
    return Row(md_text(shown), Markdown(md_text(f"{'; '.join(details)} \u2014 {sources}")
                                        + page.year_note(value)), page.cite(value))


def claim_lines(page: PageDraft, claims: list[Claim]) -> list[Markdown]:
    """Each claim with both levels of attribution: the outlet that reported it, and who said it."""
    return [_claim_line(page, c) for c in claims]


def _claim_line(page: PageDraft, claim: Claim) -> Markdown:
    outlets = " and ".join(page.link_to(s) for s in sorted({c.source for c in claim.cite}))
    text = (f"According to {outlets}, {page.link_to(claim.by)} {md_text(claim.verb.value)} "
            f"{md_text(claim.content)}")
    how = [f"through {page.link_to(claim.via)}" if claim.via else "",
           f"in {md_text(claim.medium)}" if claim.medium else "",
           f"on {md_text(in_words(claim.when))}" if claim.when else ""]
    if any(how):
        text += f" ({', '.join(h for h in how if h)})"
    end = "" if claim.content.endswith((".", "!", "?")) else "."
    return Markdown(f"{text}{end}{page.year_note(claim)}{page.cite(claim)}")


def claims_of(page: PageDraft, record: Record) -> list[Claim]:
    """Claims recorded on this event, or made by or about this entity elsewhere."""
    own = list(record.fact.claims) if isinstance(record.fact, Event) else []
    seen = {id(c) for c in own}
    for backlink in page.dossier.backlinks.get(record.id, []):
        if isinstance(backlink.statement, Claim) and backlink.field_name in CLAIM_PARTIES \
                and id(backlink.statement) not in seen:
            seen.add(id(backlink.statement))
            own.append(backlink.statement)
    return own


def referred_by(page: PageDraft, record: Record) -> dict[str, list[Markdown]]:
    """Every other record pointing here, grouped by its kind, once per record and field."""
    groups: dict[str, set[Markdown]] = {}
    for backlink in page.dossier.backlinks.get(record.id, []):
        other = page.dossier.records[backlink.source_id]
        groups.setdefault(by_folder(other.kind).title, set()).add(
            Markdown(f"{listed(page, other.id)} \u2014 {_backlink_words(backlink)}"))
    for source_id in record.cited_sources:
        groups.setdefault(by_folder(SOURCES).title, set()).add(
            Markdown(f"{page.link_to(source_id)} \u2014 cited on this page"))
    return {kind: sorted(items) for kind, items in sorted(groups.items())}


def _backlink_words(backlink: Backlink) -> str:
    statement = backlink.statement
    if isinstance(statement, Relation):
        return RELATION_WORDING[statement.type][0].lower()
    if isinstance(statement, Participant):
        return f"participant ({md_text(statement.role)})"
    if isinstance(statement, PlaceReference):
        return "place"
    if isinstance(statement, OrganisationReference):
        return "publisher"
    return BACKLINK_WORDS.get(backlink.field_name, "mentions")


@dataclass(frozen=True)
class TimelineLine:
    """One timeline entry as shown: its year and month sections (empty when the sources
    give it no date: it goes in the section of those) and its Markdown."""

    year: str
    month: str
    text: Markdown

    @property
    def dated(self) -> bool:
        return bool(self.year)


def timeline_line(page: PageDraft, item: Item) -> TimelineLine:
    if item.step is None:
        fact = item.record.fact
        assert isinstance(fact, Event)
        if fact.date is None:  # the line cites where the sources report the event
            text = f"{page.link_to(item.record.id)}{page.cite(fact.name)}"
        else:
            text = (f"**{page.date(fact.date)}**{page.year_note(fact.date)}: "
                    f"{page.link_to(item.record.id)}{page.cite(fact.date)}")
    else:
        when = f"**{md_text(in_words(item.step.when))}**: " if item.step.when else ""
        people = _and(page.link_to(person.id) for person in item.people)
        steps = "; ".join(_step_words(page, same) for same in item.kinds)
        text = f"{when}{people}: legal status {steps}"
    dated = item.section is Section.DATED
    return TimelineLine(item.year if dated else "", item.month if dated else "", Markdown(text))


def _step_words(page: PageDraft, same: list[LegalStatus]) -> str:
    """One step as a timeline tells it, with the citations of everyone's statement of it."""
    step = same[0]
    detail = f" \u2014 {md_text(step.detail)}" if step.detail else ""
    return f"*{md_text(step.status.value)}*{detail}{page.cite(*same)}"


def _and(names: Iterable[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    listed = list(names)
    return " and ".join(listed) if len(listed) < 3 else f"{', '.join(listed[:-1])} and {listed[-1]}"


@dataclass(frozen=True)
class TimelineView:
    """A timeline as a page shows it: the dated lines, each with whether it opens a new
    year and a new month, then the lines the sources give no date for (events placed only
    after another, in that order, then the undated)."""

    dated: list[tuple[TimelineLine, bool, bool]]
    undated: list[TimelineLine]

    def __bool__(self) -> bool:
        return bool(self.dated or self.undated)


def timeline_view(lines: list[TimelineLine]) -> TimelineView:
    return TimelineView(with_sections([line for line in lines if line.dated]),
                        [line for line in lines if not line.dated])


def with_sections(lines: list[TimelineLine]) -> list[tuple[TimelineLine, bool, bool]]:
    """Each line with whether it opens a new year and a new month section."""
    out, year, month = [], "", ""
    for line in lines:
        out.append((line, line.year != year, line.month != month or line.year != year))
        year, month = line.year, line.month
    return out


def items_by_record(items: list[Item]) -> dict[str, list[tuple[int, Item]]]:
    """Timeline items indexed by their record (a step by each person who reached it), with
    their place in the whole timeline."""
    index: dict[str, list[tuple[int, Item]]] = {}
    for position, item in enumerate(items):
        for record_id in {item.record.id, *(person.id for person in item.people)}:
            index.setdefault(record_id, []).append((position, item))
    return index


def timeline_of(page: PageDraft, record: Record,
                by_record: dict[str, list[tuple[int, Item]]]) -> TimelineView:
    """The record's own timeline: the events it takes part in, is the place of, or is
    related to, and its own legal steps, in timeline order (a step shared with others once,
    naming them all: the page reads who else reached each, `step_read`)."""
    ids = {b.source_id for b in page.dossier.backlinks.get(record.id, [])} | {record.id}
    if isinstance(record.fact, Event):
        ids |= {r.to for r in record.fact.relations}
    mine = {at: item for i in ids for at, item in by_record.get(i, [])}
    items = [mine[at] for at in sorted(mine)]
    page.reads.update(step_read(step) for item in items for _, step in item.steps)
    return timeline_view([timeline_line(page, item) for item in items])


def alphabetical(page: PageDraft, records: list[Record],
                 memo: Memo) -> list[tuple[str, list[Markdown]]]:
    """An index page's entries grouped by initial, each a link and its summary: the page
    stays easy to scan at thousands of entries, and the site navigation stays small."""
    groups: dict[str, list[Markdown]] = {}
    for record in records:  # each entry made once per version of its file (the page is
        # rendered again whenever a record of its kind changes: it reads "kind:<kind>")
        initial, entry = memo.of(record, "index-entry", (page.path,),
                                 partial(_entry, page, record))
        groups.setdefault(initial, []).append(entry)
    return sorted(groups.items(), key=lambda group: (group[0] == "#", group[0]))


def _entry(page: PageDraft, record: Record) -> tuple[str, Markdown]:
    """A record's group on its index page (its initial), and its line there."""
    initial = unicodedata.normalize("NFKD", record.name[:1]).upper()[:1]
    summary = getattr(record.fact, "summary", None)
    entry = page.link_to(record.id)
    if summary:
        entry = Markdown(f"{entry}: {md_text(summary.value)}")
    return initial if initial.isalpha() else "#", entry


def source_metadata(page: PageDraft, record: Record) -> list[Row]:
    fact = record.fact
    assert isinstance(fact, Source)
    not_stated = Markdown("*not stated*")
    rows = [
        Row("Title", declared(md_text(fact.title.value), fact.title) if fact.title
            else not_stated, page.cite(fact.title) if fact.title else Markdown("")),
        Row("Publisher", declared(page.link_to(fact.publisher.to), fact.publisher)
            if fact.publisher else not_stated,
            page.cite(fact.publisher) if fact.publisher else Markdown("")),
        Row("Published", declared(page.date(fact.published), fact.published)
            if fact.published else not_stated,
            page.cite(fact.published) if fact.published else Markdown("")),
        Row("Dateline", declared(md_text(fact.dateline.value), fact.dateline)
            if fact.dateline else not_stated,
            page.cite(fact.dateline) if fact.dateline else Markdown("")),
        Row("Address", Markdown(f'<a href="{html_url(fact.url)}" rel="nofollow noopener">'
                                f"{md_text(fact.url)}</a>") if fact.url else not_stated,
            Markdown("")),
        Row("Language", md_text(fact.language), Markdown("")),
        Row("Text sha256", Markdown(f"`{fact.sha256}`"), Markdown("")),
    ]
    return rows
