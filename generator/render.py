"""Stage 5, render: the checked dossier through the templates in `templates/` into Markdown.

The Jinja environment escapes every value a template prints for Markdown and HTML unless
Python marked it as Markdown it built itself (links, footnote references). Templates cannot
forget to escape fact text, and fact text cannot become markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from .check import Evidence, coverage, coverage_json, worst_first
from .conflicts import claim_conflicts, figure_conflicts
from .escape import Markdown, md_text, yaml_strings, yaml_title
from .mentions import Mentions
from .page import Page
from .settings import Settings
from .paths import (CONFLICTS, COVERAGE, COVERAGE_JSON, GUIDE, HOME, NETWORK, REFERENCE,
                    TIMELINE, index_page, link, record_page)
from .resolve import Dossier, Record
from .source_text import paragraphs, passages
from .timeline import Item
from .timeline import timeline as build_timeline
from . import exports, graph, reference, views
from .model import KINDS, Entity

ENTITY_KINDS = ("people", "organisations", "places", "events")
TEMPLATES = "templates"


def environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: `finalize` escapes for it instead
        finalize=md_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_all(root: Path, dossier: Dossier, evidence: Evidence,
               settings: Settings = Settings()) -> dict[str, str]:
    """Every generated page, by its path under `content/`."""
    env = environment(root)
    timeline = build_timeline(dossier)
    links = graph.Graph(dossier)
    pages = _record_pages(env, dossier, evidence, settings, timeline, links)
    pages.update(_dossier_pages(env, dossier, evidence, settings, timeline, links))
    pages.update(exports.exports(dossier))
    return pages


def _record_pages(env: jinja2.Environment, dossier: Dossier, evidence: Evidence,
                  settings: Settings, timeline: list[Item], links: graph.Graph) -> dict[str, str]:
    """The index page of each kind and a page per record."""
    by_record, mentions = views.items_by_record(timeline), Mentions.of(dossier)
    pages: dict[str, str] = {}
    for kind in (*ENTITY_KINDS, "sources"):
        pages[index_page(kind)] = _index(env, dossier, evidence, kind)
        for record in dossier.of_kind(kind):
            page = Page(record_page(kind, record.id), dossier, evidence)
            if kind == "sources":
                pages[page.path] = _render(env, "sources.md.j2", page, _source(page, record))
                continue
            context = _entity(page, record, by_record, mentions)
            context["graph"] = graph.svg(dossier, page.path, links.neighbourhood(
                record.id, settings.graph_hops), record.id)
            pages[page.path] = _render(env, "entity.md.j2", page, context)
    return pages


def _dossier_pages(env: jinja2.Environment, dossier: Dossier, evidence: Evidence,
                   settings: Settings, timeline: list[Item], links: graph.Graph) -> dict[str, str]:
    """Home, timeline, network, conflicts, coverage, the guide and the format reference."""
    def page(path: str) -> Page:
        return Page(path, dossier, evidence)

    timeline_page = page(TIMELINE)
    entities = tuple(r.id for r in dossier.records.values() if isinstance(r.fact, Entity))
    return {
        HOME: _home(env, dossier, evidence),
        TIMELINE: _render(env, "timeline.md.j2", timeline_page, {"items": views.with_sections(
            [views.timeline_line(timeline_page, item) for item in timeline])}),
        NETWORK: _render(env, "network.md.j2", page(NETWORK), {
            "graph": graph.svg(dossier, NETWORK, links.edges, alone=entities),
            "nodes": len(entities), "limit": graph.MAX_NETWORK_NODES}),
        CONFLICTS: _conflicts(env, dossier, evidence),
        COVERAGE: _coverage(env, dossier, evidence),
        COVERAGE_JSON: coverage_json(evidence),
        GUIDE: _render(env, "guide.md.j2", page(GUIDE), reference.guide_context(settings, {
            "reference": link(GUIDE, REFERENCE), "coverage": link(GUIDE, COVERAGE),
            "conflicts": link(GUIDE, CONFLICTS)})),
        REFERENCE: _render(env, "reference.md.j2", page(REFERENCE), {
            "kinds": [(kind, model.__name__) for kind, model in KINDS.items()],
            "models": reference.fact_format(), "codes": reference.finding_codes()}),
    }


def _conflicts(env: jinja2.Environment, dossier: Dossier, evidence: Evidence) -> str:
    page = Page(CONFLICTS, dossier, evidence)
    return _render(env, "conflicts.md.j2", page, {
        "figures": [(page.link_to(c.event.id), views.figures_of(page, [c.figure])[0])
                    for c in figure_conflicts(dossier)],
        "claims": [(page.link_to(c.event.id), views.claim_lines(page, [c.claim])[0],
                    page.link_to(c.other.id),
                    views.claim_lines(page, c.other_claims))
                   for c in claim_conflicts(dossier)],
    })


def _coverage(env: jinja2.Environment, dossier: Dossier, evidence: Evidence) -> str:
    overall, per_record = coverage(evidence)
    return _render(env, "coverage.md.j2", Page(COVERAGE, dossier, evidence), {
        "overall": overall,
        "rows": [(dossier.records[rid], c) for rid, c in worst_first(per_record)],
        "kind_labels": views.KIND_LABELS,
    })


def _render(env: jinja2.Environment, template: str, page: Page, context: dict[str, Any]) -> str:
    if "record" in context:
        context["title"] = yaml_title(context["record"].name)
    body = env.get_template(template).render(page=page, **context)
    notes = page.footnotes()
    return body + ("\n" + "\n".join(notes) + "\n" if notes else "")


def _entity(page: Page, record: Record, by_record: dict[str, list[tuple[int, Item]]],
            mentions: Mentions) -> dict[str, Any]:
    fact = record.fact
    assert isinstance(fact, Entity)
    summary = fact.summary
    return {
        # Material's search weighs front-matter tags highest: names find their own page first
        "search_names": yaml_strings([fact.name.value, *(a.value for a in fact.aliases),
                                      *fact.search_terms]),
        "summary": mentions.link(page, summary.value, record.id) if summary else None,
        "json_ld": Markdown(exports.script_json(exports.json_ld(page.dossier, record))),
        "record": record,
        "kind_label": views.KIND_LABELS[record.kind],
        "facts": views.fact_rows(page, record),
        "relations": views.relation_rows(page, record),
        "statuses": views.status_rows(page, record),
        "status_wording": views.status_wording(record),
        "participants": views.participant_rows(page, record),
        "figures": views.figures(page, record),
        "claims": views.claim_lines(page, views.claims_of(page, record)),
        "timeline": views.timeline_of(page, record, by_record),
        "referred_by": views.referred_by(page, record),
    }


def _source(page: Page, record: Record) -> dict[str, Any]:
    cited = passages(page.evidence, record.id)
    return {
        "record": record,
        "metadata": views.source_metadata(page, record),
        "paragraphs": paragraphs(page.evidence, record.id, cited),
        "passages": cited,
        "entities": sorted({s.record.id: s.record for p in cited for s in p.statements}.values(),
                           key=lambda r: (r.kind, r.name)),
    }


def _index(env: jinja2.Environment, dossier: Dossier, evidence: Evidence, kind: str) -> str:
    page = Page(index_page(kind), dossier, evidence)
    return _render(env, "index.md.j2", page, {
        "title": views.KIND_TITLES[kind],
        "groups": views.alphabetical(page, dossier.of_kind(kind)),
    })


def _home(env: jinja2.Environment, dossier: Dossier, evidence: Evidence) -> str:
    page = Page(HOME, dossier, evidence)
    support = {s.id: 0 for s in dossier.of_kind("sources")}
    for item in evidence.statements:
        for source_id in {c.source for c in item.statement.cite}:
            support[source_id] = support.get(source_id, 0) + 1
    return _render(env, "home.md.j2", page, {
        "kinds": [(page.link_page(views.KIND_TITLES[k], index_page(k)), len(dossier.of_kind(k)))
                  for k in (*ENTITY_KINDS, "sources")],
        "timeline": page.link_page("Timeline", TIMELINE),
        "sources": [(s, support[s.id]) for s in dossier.of_kind("sources")],
        "statements": len(evidence.statements),
    })
