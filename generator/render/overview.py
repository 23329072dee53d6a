"""The pages over the whole dossier: home, timeline, network, conflicts, coverage (and its
JSON), the open-data page; and the two that show the format and the settings alone: the
editors' guide and the format reference.

Each page over the whole dossier is made in two steps: what it shows (the context its
template is given, with its citations), then its text. What it shows, with the names and
texts of the sources its footnotes quote, is the one description of what it depends on: a
build whose page would show what the same page in `content/` showed (`before`) does not
render it again. The parts of what it shows that one record's file decides (a timeline
line, a conflict, a coverage row) are made once per version of that file (`memo`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from ..check.conflicts import ClaimConflict, Differs, FigureConflict
from ..check.coverage import Coverage, coverage, coverage_json, worst_first
from ..export.files import data_files, render_data
from ..export.files import paths as data_paths
from ..format.kinds import SOURCES, by_folder, in_page_order
from ..format.model import Entity, Person, Statement
from ..read.record import Record
from ..utils.escape import Markdown, md_text
from . import format_docs, network, views
from .draft import EVERYTHING, PageDraft
from .home import home_context
from .infobox import conflict_anchor
from .paths import (
    CONFLICTS,
    COVERAGE,
    COVERAGE_JSON,
    DATA_PAGE,
    GUIDE,
    HOME,
    NETWORK,
    REFERENCE,
    TIMELINE,
    index_page,
    link,
)
from .rendered import Rendered
from .timeline import Item

if TYPE_CHECKING:
    from .pages import Renderer

T = TypeVar("T")


@dataclass(frozen=True)
class Shown:
    """What a page shows: its template and context, or its text when it has no template."""

    template: str
    context: dict[str, Any]
    text: str = ""


def dossier_pages(made: Renderer, out: Rendered, wanted: Callable[[str], bool],
                  before: Mapping[str, object]) -> None:
    """The pages over the whole dossier that are `wanted`, unless one shows what `before`
    says it showed; then the guide and the format reference, when wanted."""
    shown: dict[str, Callable[[PageDraft], Shown]] = {
        HOME: lambda page: _home(made, page), TIMELINE: lambda page: _timeline(made, page),
        NETWORK: lambda page: _network(made, page),
        CONFLICTS: lambda page: _conflicts(made, page),
        COVERAGE: lambda page: _coverage(made, page),
        COVERAGE_JSON: lambda page: Shown("", {}, coverage_json(made.evidence, made.memo)),
    }
    for path, show in shown.items():
        if not wanted(path):
            continue
        page = made.draft(path)
        page.reads.add(EVERYTHING)
        what = show(page)
        key = out.shows[path] = (what.template, what.context, what.text, made.sources_shown)
        if before.get(path) != key:
            made.keep(out, page, made.finish(what.template, page, what.context)
                      if what.template else what.text)
    for path, template, context in ((GUIDE, "guide.md.j2", _guide), (REFERENCE,
                                    "reference.md.j2", _format_reference)):
        if wanted(path):
            page = made.draft(path)
            made.keep(out, page, made.finish(template, page, context(made)))


def data(made: Renderer, out: Rendered, wanted: Callable[[str], bool]) -> None:
    """The data files (`export`), and the open-data page that lists them."""
    if not any(wanted(p) for p in (*data_paths(), DATA_PAGE)):
        return
    files = render_data(made.dossier, made.memo)
    out.pages.update(files)
    out.reads.update({path: frozenset({EVERYTHING}) for path in files})
    page = made.draft(DATA_PAGE)
    page.reads.add(EVERYTHING)

    listed = [{"link": Markdown(f"[{md_text(file.name)}]({link(page.path, file.path)})"),
               "format": file.format, "holds": file.holds,
               "size": file_size(len(files[file.path].encode("utf-8")))}
              for file in data_files()]
    made.keep(out, page, made.finish("data.md.j2", page, {
        "files": listed, "licence": made.checked.settings.data_licence or "not stated"}))


def file_size(count: int) -> str:
    """A file's size as a reader reads it: bytes, kB or MB (of 1,000), two or three digits."""
    if count < 1000:
        return f"{count} bytes"
    value, unit = (count / 1000, "kB") if count < 999_500 else (count / 1_000_000, "MB")
    return f"{value:.1f} {unit}" if value < 9.95 else f"{value:,.0f} {unit}"


def _home(made: Renderer, page: PageDraft) -> Shown:
    counted = _citing(made)
    sources = made.dossier.of_kind(SOURCES)
    return Shown("home.md.j2", {
        **home_context(made, page),
        "kinds": [(page.link_page(k.title, index_page(k.folder)),
                   len(made.dossier.of_kind(k.folder))) for k in in_page_order()],
        "timeline": page.link_page("Timeline", TIMELINE),
        "data": page.link_page("Open data", DATA_PAGE),
        "sources": [(s, counted[s.id]) for s in sources],
        "statements": len(made.evidence.statements),
    })


def _citing(made: Renderer) -> Counter[str]:
    """For each source, how many statements cite it (each record's count remembered).
    Citing is not supporting: whether a quote says the value is `check.support`."""
    return Counter(chain.from_iterable(made.memo.of(record, "citing", (), partial(_cited, record))
                                       for record in made.dossier.records.values()))


def _cited(record: Record) -> tuple[str, ...]:
    """The source of each citation of the record's statements (a source once a statement)."""
    return tuple(source for _, obj in record.objects if isinstance(obj, Statement)
                 for source in sorted({c.source for c in obj.cite}))


def _timeline(made: Renderer, page: PageDraft) -> Shown:
    return Shown("timeline.md.j2", {"timeline": views.timeline_view(
        [_timeline_line(made, page, item) for item in made.timeline])})


def _timeline_line(made: Renderer, page: PageDraft, item: Item) -> views.TimelineLine:
    """An item's line, remembered with its record while the event it is placed after (whose
    name it links), the source whose publication date gave its year and the steps it tells
    (with the versions of their people's files) are the same."""
    date = getattr(item.record.fact, "date", None) if item.step is None else None
    after = made.dossier.records.get(date.after) if date is not None and date.after else None
    support = made.evidence.support
    year = made.dossier.records.get(support.year_source(date) or "") if support and date \
        else None
    person = item.record.fact
    which = "" if item.step is None or not isinstance(person, Person) else str(
        person.legal_status.index(item.step))
    return made.memo.of(item.record, f"timeline-line{which}", (after, year, item.steps),
                        partial(views.timeline_line, page, item))


def _network(made: Renderer, page: PageDraft) -> Shown:
    entities = tuple(r.id for r in made.dossier.records.values() if isinstance(r.fact, Entity))
    nodes = tuple((i, made.dossier.records[i].name, made.dossier.records[i].kind)
                  for i in entities)
    drawing = made.memo.last("network", (made.graph.edges, nodes), lambda: network.svg(
        page.dossier.records, NETWORK, made.graph.edges, entities))
    return Shown("network.md.j2", {"graph": drawing, "nodes": len(entities),
                                   "limit": network.MAX_NETWORK_NODES})


def _conflicts(made: Renderer, page: PageDraft) -> Shown:
    """Each conflict as its event's file and the records it names decide (remembered)."""
    conflicts = made.checked.conflicts

    def figure(c: FigureConflict) -> tuple[Markdown, Markdown, views.FigureView]:
        return (conflict_anchor(c.event.id, c.index), page.link_to(c.event.id),
                views.figures_of(page, [c.figure])[0])

    def claim(c: ClaimConflict) -> tuple[Markdown, list[Markdown],
                                         list[tuple[Markdown, Markdown]]]:
        other = made.memo.of(c.other, "conflict-claims", made.dossier.targets_of(c.other),
                             lambda: (page.link_to(c.other.id),
                                      views.claim_lines(page, c.other_claims)))
        return (*other, [made.memo.of(d.event, f"conflict-claim-{d.index}-{d.other}",
                                      made.dossier.targets_of(d.event), partial(differs, d))
                         for d in c.differing])

    def differs(d: Differs) -> tuple[Markdown, Markdown]:
        return page.link_to(d.event.id), views.claim_lines(page, [d.claim])[0]

    return Shown("conflicts.md.j2", {
        "figures": [made.memo.of(c.event, f"conflict-figure-{c.index}",
                                 made.dossier.targets_of(c.event), partial(figure, c))
                    for c in conflicts.figures],
        "claims": [claim(c) for c in conflicts.claims],
    })


def _coverage(made: Renderer, page: PageDraft) -> Shown:
    overall, per_record = coverage(made.evidence)
    records = made.dossier.records
    return Shown("coverage.md.j2", {
        "overall": overall,
        # one table row per record, remembered with the record while its figures hold
        # (this page reads the whole dossier, so what the rows read need not be noted)
        "rows": [made.memo.of(records[rid], "coverage-row", (c,), partial(
            _coverage_row, page, records[rid], c)) for rid, c in worst_first(per_record)],
    })


def _coverage_row(page: PageDraft, record: Record, counted: Coverage) -> Markdown:
    return Markdown("| " + " | ".join(md_text(cell) for cell in (
        page.link_to(record.id), by_folder(record.kind).label, counted.cited, counted.total,
        f"{counted.percent:.1f}%", counted.supported, counted.derived,
        f"{counted.support_percent:.1f}%")) + " |")


def _guide(made: Renderer) -> dict[str, Any]:
    return format_docs.guide_context(made.checked.settings, {
        "reference": link(GUIDE, REFERENCE), "coverage": link(GUIDE, COVERAGE),
        "conflicts": link(GUIDE, CONFLICTS)})


def _format_reference(made: Renderer) -> dict[str, Any]:
    from ..format.kinds import all_kinds

    return {"kinds": [(kind.folder, kind.model) for kind in all_kinds()],
            "models": format_docs.fact_format(), "codes": format_docs.finding_codes(),
            "forms": format_docs.forms(), "settings": format_docs.settings()}
