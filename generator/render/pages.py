"""Stage 7, render: the checked dossier through the templates in `templates/` into Markdown.

A page per record and an index page per kind (here), the pages over the whole dossier
(`overview`), and the data files (`export`). The Jinja environment escapes every value a
template prints for Markdown and HTML unless Python marked it as Markdown it built itself
(links, footnote references): templates cannot forget to escape fact text, and fact text
cannot become markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from ..check.rules import Checked
from ..export.json_ld import json_ld, script_json
from ..format.kinds import SOURCES, by_folder, in_page_order
from ..format.model import Entity
from ..read.record import Record
from ..utils.escape import Markdown, html_text, yaml_title
from ..utils.memo import Memo
from . import by_status, graph, infobox, meta, neighbourhood, overview, views
from .draft import PageDraft, pointing_at
from .mentions import Mentions, names_of
from .paths import index_page
from .rendered import Rendered
from .source_text import paragraphs, passages
from .timeline import Item, timeline


def everything(path: str) -> bool:
    """Every page is wanted (a build with nothing to compare with)."""
    return True


def render(root: Path, checked: Checked, env: jinja2.Environment, memo: Memo,
           wanted: Callable[[str], bool] = everything,
           before: Mapping[str, object] | None = None) -> Rendered:
    """The pages whose path is `wanted` (all by default), each with what it read. A page
    over the whole dossier that would show what `before` says it showed (the same pages,
    made from the same templates and settings, as they are in `content/`) is unchanged,
    and not rendered again. `memo` keeps what each record's parts of pages are made of."""
    made = Renderer(root, checked, env, memo)
    out = Rendered()
    made.record_pages(out, wanted)
    overview.dossier_pages(made, out, wanted, before or {})
    overview.data(made, out, wanted)
    return out


@dataclass
class Renderer:
    """What the pages of one checked dossier are rendered from."""

    root: Path
    checked: Checked
    env: jinja2.Environment
    memo: Memo

    def __post_init__(self) -> None:
        dossier = self.checked.dossier
        self.dossier, self.evidence = dossier, self.checked.evidence
        self.timeline = timeline(dossier)
        self.graph = graph.graph_of(dossier, self.memo)
        # what a footnote shows of its source: the name, and where the quote is in the text
        self.sources_shown = (tuple((s.id, s.name) for s in dossier.of_kind(SOURCES)),
                              tuple(sorted(self.evidence.digests.items())))
        names = names_of(dossier, self.memo)
        self.mentions = self.memo.last("mentions", names, lambda: Mentions(names))

    def draft(self, path: str) -> PageDraft:
        return PageDraft(path, self.dossier, self.evidence)

    def finish(self, template: str, page: PageDraft, context: dict[str, Any]) -> str:
        """The page's text: its template rendered with `context`, and its footnotes."""
        if "record" in context:
            context["title"] = yaml_title(context["record"].name)
            context["description"] = meta.description(self.dossier.records, context["record"])
        return page.finish(self.env.get_template(template).render(page=page, **context))

    def keep(self, out: Rendered, page: PageDraft, text: str) -> None:
        out.pages[page.path], out.reads[page.path] = text, frozenset(page.reads)

    def record_pages(self, out: Rendered, wanted: Callable[[str], bool]) -> None:
        """The index page of each kind and a page per record."""
        by_record = views.items_by_record(self.timeline)
        for kind in (k.folder for k in in_page_order()):
            if wanted(index_page(kind)):
                page = self.draft(index_page(kind))
                self.keep(out, page, self.finish("index.md.j2", page, self._index(page, kind)))
            for record in self.dossier.of_kind(kind):
                if wanted(path := record.page):
                    self.keep(out, *self._record_page(path, record, by_record))

    def _index(self, page: PageDraft, kind: str) -> dict[str, Any]:
        """An index page: people in a criminal case by their latest step, then everyone
        (else) alphabetically."""
        statuses, others = by_status.status_groups(page, page.dossier.of_kind(kind), self.memo)
        return {"title": by_folder(kind).title, "statuses": statuses,
                "status_links": by_status.status_links(statuses, len(others)),
                "none_anchor": by_status.NONE,
                "groups": views.alphabetical(page, others, self.memo)}

    def _record_page(self, path: str, record: Record,
                     by_record: dict[str, list[tuple[int, Item]]]) -> tuple[PageDraft, str]:
        page = self.draft(path)
        if record.kind == SOURCES:
            page.reads.add(pointing_at(record.id))  # the statements citing it
            return page, self.finish("sources.md.j2", page, _source(page, record))
        context = _entity(page, record, by_record, self.mentions)
        around = self.graph.around(page.dossier.records, record.id,
                                   self.checked.settings.graph_hops)
        # the drawing holds the edges of every node in it, wherever they are written
        page.reads.update(pointing_at(b.node) for b in around.branches)
        context["graph"] = neighbourhood.svg(page.dossier.records, page.path, around)
        context["connections"] = neighbourhood.sentences(page, around)
        context["left_out"] = around.left_out
        return page, self.finish("entity.md.j2", page, context)


def _entity(page: PageDraft, record: Record, by_record: dict[str, list[tuple[int, Item]]],
            mentions: Mentions) -> dict[str, Any]:
    fact = record.fact
    assert isinstance(fact, Entity)
    summary = fact.summary
    return {
        # for search only (hidden): weighed above body text, names find their own page first
        "search_names": Markdown(" · ".join(html_text(" ".join(n.split())) for n in (
            fact.name.value, *(a.value for a in fact.aliases), *fact.search_terms))),
        "legal_status": views.legal_status(record),
        "badge": infobox.badge(page, record.id),
        "infobox": infobox.infobox(page, record),
        "summary": mentions.link(page, summary.value, record.id) if summary else None,
        # HTML, not Markdown: Python-Markdown's inline processing is quadratic in the
        # character references of one paragraph, and a search term is mostly punctuation
        "spellings": Markdown(", ".join(html_text(" ".join(t.split()))
                                        for t in fact.search_terms)),
        "json_ld": Markdown(script_json(json_ld(page.dossier.records, record))),
        "record": record,
        "kind_label": by_folder(record.kind).label,
        "facts": views.fact_rows(page, record),
        "relations": views.relation_rows(page, record),
        "statuses": views.status_rows(page, record),
        "participants": views.participant_rows(page, record),
        "figures": views.figures(page, record),
        "claims": views.claim_lines(page, views.claims_of(page, record)),
        "timeline": views.timeline_of(page, record, by_record),
        "referred_by": views.referred_by(page, record),
    }


def _source(page: PageDraft, record: Record) -> dict[str, Any]:
    cited = passages(page.evidence, record.id)
    return {
        "record": record,
        "listed": partial(infobox.listed, page),  # a person with their badge
        "metadata": views.source_metadata(page, record),
        "paragraphs": paragraphs(page.evidence, record.id, cited),
        "passages": cited,
        "entities": sorted({s.record.id: s.record for p in cited for s in p.statements}.values(),
                           key=lambda r: (r.kind, r.name)),
    }
