"""Stage 5, render: the checked dossier through the templates in `templates/` into Markdown.

The Jinja environment escapes every value a template prints for Markdown and HTML unless
Python marked it as Markdown it built itself (links, footnote references). Templates cannot
forget to escape fact text, and fact text cannot become markup.
"""

from __future__ import annotations

import os
import traceback
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import jinja2

from .check import Evidence, coverage, coverage_json, worst_first
from .conflicts import claim_conflicts, figure_conflicts
from .escape import Markdown, md_text, yaml_strings, yaml_title
from .findings import Finding, finding_at
from .mentions import Mentions
from .page import EVERYTHING, Page, pointing_at
from .settings import Settings
from .pipeline import tidy
from .paths import (CONFLICTS, COVERAGE, COVERAGE_JSON, DATA_PAGE, GUIDE, HOME, NETWORK,
                    REFERENCE, TIMELINE, index_page, link, record_page)
from .resolve import Dossier, Record
from .source_text import paragraphs, passages
from .stamps import TEMPLATES, templates
from .timeline import Item
from .timeline import timeline as build_timeline
from .write import Pages
from . import exports, graph, reference, views
from .model import KINDS, Entity, Statement

ENTITY_KINDS = ("people", "organisations", "places", "events")


_ENVIRONMENTS: dict[Path, tuple[tuple[object, ...], jinja2.Environment]] = {}


def environment(root: Path) -> jinja2.Environment:
    """The templates of a dossier, compiled once per process and version of the template
    files. Versions are told apart by stamp: Jinja's own check of modified times would miss
    a template copied over with its time kept. A compiled template is in a reference cycle
    with its namespace, and what builds keep is frozen for the collector (`pipeline.settle`):
    when the templates change, the old ones are unfrozen and collected here (a template edit
    renders every page anyway), so a live preview does not keep every version."""
    version = tuple(templates(root))
    known = _ENVIRONMENTS.get(root)
    if known is not None and known[0] == version:
        return known[1]
    if known is None and len(_ENVIRONMENTS) >= 4:  # yet another dossier: keep a few
        del _ENVIRONMENTS[next(iter(_ENVIRONMENTS))]
    _ENVIRONMENTS[root] = version, _environment(root)
    if known is not None:
        del known  # the last reference to the old templates but their own cycles
        tidy()
    return _ENVIRONMENTS[root][1]


def _environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown: `finalize` escapes for it instead
        finalize=md_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass
class Rendered:
    """Pages rendered in one pass, by path under `content/`, and for each the ids it read
    (`page.EVERYTHING` for pages that depend on the whole dossier)."""

    pages: Pages
    reads: dict[str, frozenset[str]]
    # for pages over the whole dossier: the values their text is made from (`_summaries`)
    keys: dict[str, object] = field(default_factory=dict)


def render_all(root: Path, dossier: Dossier, evidence: Evidence,
               settings: Settings = Settings()) -> Pages:
    """Every generated page, by its path under `content/`."""
    return render_pages(root, dossier, evidence, settings).pages


def render_pages(root: Path, dossier: Dossier, evidence: Evidence,
                 settings: Settings = Settings(),
                 wanted: Callable[[str], bool] = lambda path: True,
                 before: Mapping[str, object] | None = None) -> Rendered:
    """The pages whose path is `wanted` (all by default), each with what it read. A page
    over the whole dossier whose key is the one in `before` (the keys of the same pages,
    made from the same templates and settings, as they are in `content/`) is unchanged,
    and not rendered again."""
    env = environment(root)
    timeline = build_timeline(dossier)
    links = graph.Graph(dossier)
    out = Rendered(Pages(), {})
    _record_pages(out, wanted, env, dossier, evidence, settings, timeline, links)
    _dossier_pages(out, wanted, env, dossier, evidence, settings, timeline, links,
                   before or {})
    if any(wanted(p) for p in (*exports.paths(), DATA_PAGE)):
        data = exports.exports(dossier)
        out.pages.update(data)
        out.reads.update({path: frozenset({EVERYTHING}) for path in data})
        made = Page(DATA_PAGE, dossier, evidence)
        made.reads.add(EVERYTHING)
        _keep(out, _data_page(env, made, data, settings))
    return out


def _record_pages(out: Rendered, wanted: Callable[[str], bool], env: jinja2.Environment,
                  dossier: Dossier, evidence: Evidence, settings: Settings,
                  timeline: list[Item], links: graph.Graph) -> None:
    """The index page of each kind and a page per record."""
    by_record, mentions = views.items_by_record(timeline), Mentions.of(dossier)
    for kind in (*ENTITY_KINDS, "sources"):
        if wanted(index_page(kind)):
            _keep(out, _index(env, dossier, evidence, kind))
        for record in dossier.of_kind(kind):
            path = record_page(kind, record.id)
            if not wanted(path):
                continue
            page = Page(path, dossier, evidence)
            if kind == "sources":
                page.reads.add(pointing_at(record.id))  # the statements citing it
                _keep(out, _render(env, "sources.md.j2", page, _source(page, record)))
                continue
            context = _entity(page, record, by_record, mentions)
            near = links.neighbourhood(record.id, settings.graph_hops)
            # the drawing holds the edges of every node in it, wherever they are written
            page.reads.update(pointing_at(n) for edge in near for n in (edge.a, edge.b))
            page.reads.add(pointing_at(record.id))
            context["graph"] = graph.svg(page.dossier, page.path, near, record.id)
            _keep(out, _render(env, "entity.md.j2", page, context))


def _keep(out: Rendered, rendered: tuple[Page, str]) -> None:
    page, text = rendered
    out.pages[page.path], out.reads[page.path] = text, frozenset(page.reads)


def _dossier_pages(out: Rendered, wanted: Callable[[str], bool], env: jinja2.Environment,
                   dossier: Dossier, evidence: Evidence, settings: Settings,
                   timeline: list[Item], links: graph.Graph,
                   before: Mapping[str, object]) -> None:
    """Home, timeline, network, conflicts, coverage, the guide and the format reference.
    All but the last two depend on the whole dossier; those two on the settings alone."""
    def page(path: str) -> Page:
        made = Page(path, dossier, evidence)
        if path not in (GUIDE, REFERENCE):
            made.reads.add(EVERYTHING)
        return made

    def timeline_page() -> tuple[Page, str]:
        made = page(TIMELINE)
        return _render(env, "timeline.md.j2", made, {"items": views.with_sections(
            [views.timeline_line(made, item) for item in timeline])})

    def network() -> tuple[Page, str]:
        entities = tuple(r.id for r in dossier.records.values() if isinstance(r.fact, Entity))
        made = page(NETWORK)
        return _render(env, "network.md.j2", made, {
            "graph": graph.svg(made.dossier, NETWORK, links.edges, alone=entities),
            "nodes": len(entities), "limit": graph.MAX_NETWORK_NODES})

    def coverage_data() -> tuple[Page, str]:
        return page(COVERAGE_JSON), coverage_json(evidence)

    def guide() -> tuple[Page, str]:
        return _render(env, "guide.md.j2", page(GUIDE), reference.guide_context(settings, {
            "reference": link(GUIDE, REFERENCE), "coverage": link(GUIDE, COVERAGE),
            "conflicts": link(GUIDE, CONFLICTS)}))

    def format_reference() -> tuple[Page, str]:
        return _render(env, "reference.md.j2", page(REFERENCE), {
            "kinds": [(kind, model.__name__) for kind, model in KINDS.items()],
            "models": reference.fact_format(), "codes": reference.finding_codes()})

    makers: dict[str, Callable[[], tuple[Page, str]]] = {
        HOME: lambda: _home(env, page(HOME), dossier, evidence),
        TIMELINE: timeline_page,
        NETWORK: network,
        CONFLICTS: lambda: _conflicts(env, page(CONFLICTS), dossier),
        COVERAGE: lambda: _coverage(env, page(COVERAGE), dossier, evidence),
        COVERAGE_JSON: coverage_data,
        GUIDE: guide,
        REFERENCE: format_reference,
    }
    keys = _summaries(dossier, evidence, timeline, links)
    for path, make in makers.items():
        if not wanted(path):
            continue
        if path in keys:
            key = out.keys[path] = keys[path]()
            if path in before and before[path] == key:
                continue  # made from the same values as the page in content/
        _keep(out, make())


def _summaries(dossier: Dossier, evidence: Evidence, timeline: list[Item],
               links: graph.Graph) -> dict[str, Callable[[], object]]:
    """For pages over the whole dossier, every value their text is made from: when it is
    equal to the last build's, so is the page, and an edit that touches none of it (most
    edits: a summary, a relation) costs no rendering of them. A key must hold everything
    its page shows; `tests/test_incremental.py` compares with full builds after many edits."""
    def named(record_id: str | None) -> tuple[str, str, str] | None:
        record = dossier.records.get(record_id) if record_id else None
        return (record.id, record.kind, record.name) if record is not None else None

    # every footnote shows a quote, links to its place in its source text, by name
    sources = (tuple(named(s.id) for s in dossier.of_kind("sources")),
               tuple(sorted(evidence.digests.items())))

    support = evidence.support

    def timeline_key() -> object:
        def item(i: Item) -> object:
            date = getattr(i.record.fact, "date", None) if i.step is None else None
            return (i.key, named(i.record.id), i.step, date,
                    named(date.after) if date is not None else None,
                    named(support.year_source(date)) if support and date else None)
        return tuple(item(i) for i in timeline), sources

    def conflicts_key() -> object:
        figures = tuple((named(c.event.id), c.index, c.figure)
                        for c in figure_conflicts(dossier))
        claims = tuple((named(c.event.id), c.claim, named(c.other.id), tuple(c.other_claims),
                        tuple((named(k.by), named(k.via)) for k in (c.claim, *c.other_claims)))
                       for c in claim_conflicts(dossier))
        return figures, claims, sources

    coverage_rows: list[object] = []  # one key for the page and its JSON, made once

    def coverage_key() -> object:
        if not coverage_rows:
            coverage_rows.append(tuple((named(rid), c) for rid, c in evidence.counts.items()))
        return coverage_rows[0]

    def home_key() -> object:
        return (tuple(len(dossier.of_kind(k)) for k in (*ENTITY_KINDS, "sources")),
                tuple(sorted(_citing(dossier).items())), len(evidence.statements), sources[0])

    def network_key() -> object:
        return tuple(links.edges), tuple(named(r.id) for r in dossier.records.values()
                                         if isinstance(r.fact, Entity))

    return {TIMELINE: timeline_key, CONFLICTS: conflicts_key, COVERAGE: coverage_key,
            COVERAGE_JSON: coverage_key, HOME: home_key, NETWORK: network_key}


def _citing(dossier: Dossier) -> Counter[str]:
    """For each source, how many statements cite it (each record's count remembered with
    the record). Citing is not supporting: whether a quote says the value is `support`."""
    return Counter(chain.from_iterable(record.memo("citing", (), lambda record=record: tuple(
        source for _, obj in record.objects if isinstance(obj, Statement)
        for source in sorted({c.source for c in obj.cite})))
        for record in dossier.records.values()))


def _data_page(env: jinja2.Environment, page: Page, data: Mapping[str, str],
               settings: Settings) -> tuple[Page, str]:
    """The open-data page: each data file with what it holds and its size."""
    def size(text: str) -> str:
        count = len(text.encode("utf-8"))
        return f"{count:,} bytes" if count < 10_000 else f"{count / 1000:,.0f} KB"
    files = [{"link": Markdown(f"[{md_text(name)}]({link(page.path, path)})"),
              "holds": exports.DESCRIPTIONS[name], "size": size(data[path])}
             for path in exports.paths() for name in [path.rpartition("/")[2]]]
    return _render(env, "data.md.j2", page, {
        "files": files, "licence": settings.data_licence or "not stated"})


def _conflicts(env: jinja2.Environment, page: Page, dossier: Dossier) -> tuple[Page, str]:
    return _render(env, "conflicts.md.j2", page, {
        "figures": [(page.link_to(c.event.id), views.figures_of(page, [c.figure])[0])
                    for c in figure_conflicts(dossier)],
        "claims": [(page.link_to(c.event.id), views.claim_lines(page, [c.claim])[0],
                    page.link_to(c.other.id),
                    views.claim_lines(page, c.other_claims))
                   for c in claim_conflicts(dossier)],
    })


def _coverage(env: jinja2.Environment, page: Page, dossier: Dossier,
              evidence: Evidence) -> tuple[Page, str]:
    overall, per_record = coverage(evidence)
    return _render(env, "coverage.md.j2", page, {
        "overall": overall,
        # one table row per record, remembered with the record while its figures hold
        # (this page reads the whole dossier, so what the rows read need not be noted)
        "rows": [dossier.records[rid].memo("coverage-row", (c,), lambda rid=rid, c=c: Markdown(
            "| " + " | ".join(md_text(cell) for cell in (
                page.link_to(rid), views.KIND_LABELS[dossier.records[rid].kind], c.cited,
                c.total, f"{c.percent:.1f}%", c.supported, c.derived,
                f"{c.support_percent:.1f}%")) + " |"))
            for rid, c in worst_first(per_record)],
    })


def template_problems(root: Path) -> list[Finding]:
    """Every template (`*.j2` under templates/) that cannot be read or compiled."""
    env, found = environment(root), []
    for path, _ in templates(root):
        if path.endswith(".j2"):
            name = path.removeprefix(TEMPLATES + "/")
            try:
                env.get_template(name)
            except (jinja2.TemplateError, OSError, UnicodeDecodeError) as error:
                found.append(_template_finding(error, name, _template_frame(root, error)))
    return found


def template_problem(root: Path, error: Exception) -> Finding | None:
    """An error raised while rendering, as a finding at the template and line it comes
    from (Jinja puts the template's own lines into the traceback); None when it does not
    come from a template: that is the generator's own bug, and stays a traceback."""
    frame = _template_frame(root, error)
    if frame is None and not isinstance(error, jinja2.TemplateError):
        return None
    return _template_finding(error, getattr(error, "name", None) or "", frame)


def _template_frame(root: Path, error: BaseException) -> tuple[str, int] | None:
    """The innermost frame of a template in the traceback of `error`: its name and line."""
    folder = os.path.abspath(root / TEMPLATES) + os.sep
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        here = os.path.abspath(frame.filename)
        if here.startswith(folder):
            found = Path(here[len(folder):]).as_posix(), frame.lineno or 0
    return found


def _template_finding(error: BaseException, name: str, frame: tuple[str, int] | None,
                      ) -> Finding:
    line = getattr(error, "lineno", None) or 0
    if frame is not None:
        name, line = frame
    message = getattr(error, "message", None) or str(error)
    return finding_at(f"{TEMPLATES}/{name}" if name else TEMPLATES, "D503",
                      f"{type(error).__name__}: {message}",
                      "the templates are the dossier's own code: fix this one, or restore it "
                      "with `git checkout -- templates/`", line, 1 if line else 0)


def _render(env: jinja2.Environment, template: str, page: Page,
            context: dict[str, Any]) -> tuple[Page, str]:
    if "record" in context:
        context["title"] = yaml_title(context["record"].name)
    return page, page.finish(env.get_template(template).render(page=page, **context))


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


def _index(env: jinja2.Environment, dossier: Dossier, evidence: Evidence,
           kind: str) -> tuple[Page, str]:
    page = Page(index_page(kind), dossier, evidence)
    return _render(env, "index.md.j2", page, {
        "title": views.KIND_TITLES[kind],
        "groups": views.alphabetical(page, page.dossier.of_kind(kind)),
    })


def _home(env: jinja2.Environment, page: Page, dossier: Dossier,
          evidence: Evidence) -> tuple[Page, str]:
    counted = _citing(dossier)
    citing = {s.id: counted[s.id] for s in dossier.of_kind("sources")}
    return _render(env, "home.md.j2", page, {
        "kinds": [(page.link_page(views.KIND_TITLES[k], index_page(k)), len(dossier.of_kind(k)))
                  for k in (*ENTITY_KINDS, "sources")],
        "timeline": page.link_page("Timeline", TIMELINE),
        "data": page.link_page("Open data", DATA_PAGE),
        "sources": [(s, citing[s.id]) for s in dossier.of_kind("sources")],
        "statements": len(evidence.statements),
    })
