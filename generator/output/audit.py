"""Stage 10, the audit: the built site is refused when a page holds markup no template makes.

Escaping every piece of fact text (`escape.py`) is the first defence against a fact file
that puts markup on the site; one field missed is a hole. So once MkDocs has built the site,
and before anything replaces `content/` or `site/`, every HTML page is parsed and refused
(finding D504) when it holds

- a `javascript:`, `vbscript:` or `data:` URL, in any attribute that holds a URL, in a
  `srcset` list or in CSS;
- an event handler attribute (`onclick`, `onerror`, …) or `http-equiv`;
- in the page's content, an `id` the theme's scripts could take for one of theirs
  (`__config`…), or a `name` that becomes a property of the document;
- an element that runs code, embeds or replaces a document, or hides markup from this audit
  (`<iframe>`, `<object>`, `<embed>`, `<base>`, `<noscript>`, `<template>`, SVG animation…);
- a `<script>`, a `<form>`, or an attribute that steers the theme's scripts or a search
  indexer, unless `allowed.py` (the one place for exceptions) describes it;
- a resource (image, script, style sheet, font, media, preload, CSS `url()`/`@import`) from
  another host, or a link to another host that is not a source's declared `url`.

Pages are parsed by Lexbor (selectolax), an HTML5 parser: it builds the tree a browser
builds, including in SVG and MathML, so no markup is text to the audit and an element to the
browser (`<svg><title><img onerror=…>`; libxml2 and `html.parser` read that as text).

A finding names the page and, for a page of a record, its fact file, at the line holding the
offending text when it can be found there; `trace_engine_problems` does the same for the
errors MkDocs reports about a generated page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..check.resolve import Dossier
from ..format.findings import Finding, finding_at
from ..format.kinds import SOURCES
from ..utils.escape import url_href
from ..utils.weburls import css_runs_script, css_urls, read_url, srcset_urls
from . import allowed

CODE = "D504"
REFUSED = frozenset({
    "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe",
    "base", "noscript", "noembed", "noframes", "template", "xmp", "plaintext",
    "set", "animate", "animateMotion", "animateTransform", "animateColor", "discard"})
"""Elements refused wherever they are: they run code, embed or replace a document, submit
or change the base of every link, are parsed differently with scripting on (so could hide
markup from this audit), or (SVG animation) rewrite an attribute after the page loaded."""
GUARDED = frozenset({"script", "form"})
STEERING = ("data-md-", "data-search-", "data-pagefind-")
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
REFUSED_ATTRIBUTES = frozenset({"http-equiv", "srcdoc"})
LINKS = frozenset({"action", "formaction", "cite"})  # with `href` on <a> and <area>
RESOURCES = frozenset({
    "src", "href", "xlink:href", "poster", "data", "background", "codebase", "manifest",
    "icon", "longdesc", "lowsrc", "dynsrc", "profile", "classid", "usemap", "xml:base"})
LISTS: dict[str, Callable[[str], list[str]]] = {
    "srcset": srcset_urls, "imagesrcset": srcset_urls, "ping": str.split, "archive": str.split}
CSS = frozenset({"style", "fill", "stroke", "filter", "mask", "clip-path", "marker-start",
                 "marker-mid", "marker-end", "cursor"})
WEB = frozenset({"http", "https"})
ELEMENTS_WATCHED = REFUSED | GUARDED | {"style"}
NAMING = frozenset({"id", "name"})
THEME_IDS = "__"  # mkdocs-material's own ids (`__config`, `__search`, `__drawer`…)
DOCUMENT_NAMED = frozenset({"img", "form", "embed", "object", "iframe", "frame"})
ATTRIBUTES_WATCHED = REFUSED_ATTRIBUTES | LINKS | RESOURCES | LISTS.keys() | CSS


@dataclass(frozen=True)
class Offence:
    """What a page holds that it must not, and the text to look for in fact files."""

    what: str
    evidence: tuple[str, ...]
    hint: str = ""


@dataclass(frozen=True)
class Links:
    """Where a page may point beyond its own site."""

    declared: frozenset[str] = frozenset()  # every source's `url`, as linked (`url_href`)
    site_host: str = ""  # the host of `site_url` in mkdocs.yml (or the preview's)


def audit_page(html: bytes | str, links: Links) -> list[Offence]:
    """Everything one page holds that no template makes, in the order of the page."""
    offences: list[Offence] = []
    used: Counter[int] = Counter()  # by the entry's place in allowed.ELEMENTS
    root = LexborHTMLParser(html).root
    for node in root.traverse() if root is not None else ():
        tag = node.tag or ""  # lower case, but for SVG's camelCase names
        if tag in ELEMENTS_WATCHED:
            if tag in GUARDED:
                offences += _guarded(node, tag, used)
                continue
            if tag in REFUSED:
                offences.append(Offence(f"a <{tag}> element", (f"<{tag}",)))
                continue
            offences += _css(tag, "element", node.text(), links)  # <style>
        for name, value in node.attributes.items():
            if name in ATTRIBUTES_WATCHED or name[:2] == "on" or name[:5] == "data-":
                offences += _attribute(node, tag, name, value or "", links)
            elif name in NAMING and (offence := _clobbering(node, tag, name, value or "")):
                offences.append(offence)
    return offences


def _clobbering(node: LexborNode, tag: str, name: str, value: str) -> Offence | None:
    """An element of the page's content that would stand in for one the theme's scripts look
    up (`document.querySelector("#__config")` finds the first), or for a property of the
    document itself (`<img name=...>` is `document[name]`)."""
    if name == "id" and not value.startswith(THEME_IDS):
        return None
    if name == "name" and tag not in DOCUMENT_NAMED:
        return None
    if not _in_content(node) or _theme_anchor(node, tag):
        return None
    return Offence(f"<{tag} {name}={value!r}> in the page's content, which the theme's "
                   "scripts could take for one of theirs", (value,))


def _theme_anchor(node: LexborNode, tag: str) -> bool:
    """Whether `node` is one of the theme's own elements at the very start of the page's
    content (`allowed.ANCHORS`): its first element, with exactly the attributes described."""
    parent, before = node.parent, node.prev
    while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
        before = before.prev
    return (before is None and parent is not None and parent.tag == "article"
            and any(a.tag == tag and dict(node.attributes) == a.attributes
                    for a in allowed.ANCHORS))


def _guarded(node: LexborNode, tag: str, used: Counter[int]) -> list[Offence]:
    attributes, text = node.attributes, node.text()
    inside = _in_content(node)
    for number, entry in enumerate(allowed.ELEMENTS):
        if entry.allows(tag, attributes, text, inside):
            used[number] += 1
            if entry.once and used[number] > 1:
                return [Offence(f"a second {entry.why}", (f"<{tag}",))]
            return []
    shown = " ".join(f"{k}={v!r}" for k, v in attributes.items())
    known = f", sha256 {allowed.script_digest(text)}" if tag == "script" and text else ""
    where = "in the page's content" if inside else "in the theme's frame"
    return [Offence(f"a <{tag}{' ' + shown if shown else ''}> {where} that "
                    f"generator/output/allowed.py does not describe{known}",
                    (text.strip()[:60], f"<{tag}") if text.strip() else (f"<{tag}",),
                    "if the theme or a template put it there on purpose, describe it in "
                    "generator/output/allowed.py; otherwise see what in the fact file made it")]


def _in_content(node: LexborNode) -> bool:
    """Whether `node` is inside the page's own content (what the Markdown became)."""
    parent = node.parent
    while parent is not None:
        if parent.tag == "article" and allowed.CONTENT_CLASS in (
                parent.attributes.get("class") or "").split():
            return True
        parent = parent.parent
    return False


def _attribute(node: LexborNode, tag: str, name: str, value: str,
               links: Links) -> list[Offence]:
    if name.startswith("on"):
        return [Offence(f"an event handler <{tag} {name}>", (name, value))]
    if name in REFUSED_ATTRIBUTES:
        return [Offence(f"<{tag} {name}>", (name, value))]
    if name.startswith(STEERING):
        inside = _in_content(node)
        if any(a.allows(name, value, inside) for a in allowed.ATTRIBUTES):
            return []
        return [Offence(f"<{tag} {name}>, which steers the theme's scripts or a search indexer",
                        (name,))]
    if name in CSS:
        return _css(tag, name, value, links)
    if name in LISTS:
        return [o for url in LISTS[name](value) if (o := _url(tag, name, url, False, links))]
    is_link = name in LINKS or (name in ("href", "xlink:href") and tag in ("a", "area"))
    if is_link or name in RESOURCES:
        offence = _url(tag, name, value, is_link, links)
        return [offence] if offence else []
    return []


def _css(tag: str, name: str, css: str, links: Links) -> list[Offence]:
    if not any(sign in css for sign in "(:@\\"):  # no function, property, rule or escape
        return []
    offences = [o for url in css_urls(css) if (o := _url(tag, name, url, False, links))]
    if css_runs_script(css):
        offences.append(Offence(f"CSS that runs script in <{tag} {name}>", (css[:60],)))
    return offences


def _url(tag: str, name: str, url: str, is_link: bool, links: Links) -> Offence | None:
    """Why `url` may not be in this attribute, or None when it may."""
    address = read_url(url)
    shown = url if len(url) <= 100 else url[:100] + "…"
    if address.scheme in SCRIPT_SCHEMES:
        return Offence(f"a {address.scheme}: URL in <{tag} {name}>: {shown!r}", (url, name))
    if address.is_on_this_site or (address.scheme in WEB and address.host == links.site_host):
        return None
    if is_link:
        if address.scheme in WEB and url in links.declared:
            return None
        return Offence(f"<{tag} {name}> links to {shown!r}, which is neither this site nor "
                       "a source's declared url", (url,))
    return Offence(f"<{tag} {name}> loads {shown!r} from another host", (url,))


# --- findings, placed at the fact file a page comes from ------------------------------------


@dataclass
class Origins:
    """Where the dossier's pages come from, for placing findings: each record's Markdown
    page (`people/x.md`) and its files (`facts/people/x.yaml`, with `.txt` for a source)."""

    root: Path
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    declared: frozenset[str] = frozenset()  # every source's url
    _texts: dict[str, str] = field(default_factory=dict, repr=False)
    _everywhere: dict[tuple[str, ...], tuple[str, int, int]] = field(default_factory=dict,
                                                                     repr=False)

    SEARCHED_EVERYWHERE = 20  # offending texts looked for in every fact file, at most

    def place(self, markdown: str, needles: tuple[str, ...]) -> tuple[str, int, int]:
        """Where the text that made a page's markup comes from: the first of `needles`
        found in the page's own record's files, else in any fact file (a page lists other
        records' text too), with its line and column. Without a line, the record's fact
        file; ("", 0, 0) when the page has no record and no file holds a needle."""
        own = self.files.get(markdown, ())
        path, line, col = self._locate(own, needles)
        if path or own:
            return (path, line, col) if path else (own[0], 0, 0)
        if needles not in self._everywhere and len(self._everywhere) < self.SEARCHED_EVERYWHERE:
            every = sorted({f for files in self.files.values() for f in files})
            self._everywhere[needles] = self._locate(every, needles)
        return self._everywhere.get(needles, ("", 0, 0))

    def _locate(self, files: Iterable[str], needles: Iterable[str]) -> tuple[str, int, int]:
        for needle in (n for n in needles if n.strip()):
            pattern = re.compile(re.escape(needle), re.IGNORECASE)
            for path in files:
                text = self._text(path)
                if (found := pattern.search(text)) is not None:
                    line = text.count("\n", 0, found.start()) + 1
                    return path, line, found.start() - text.rfind("\n", 0, found.start())
        return "", 0, 0

    def _text(self, path: str) -> str:
        if path not in self._texts:
            try:
                self._texts[path] = (self.root / path).read_text("utf-8", "replace")
            except OSError:
                self._texts[path] = ""
        return self._texts[path]


def origins_of(root: Path, dossier: Dossier) -> Origins:
    """The origins of a checked dossier's pages, and the urls its sources declare."""
    files: dict[str, tuple[str, ...]] = {}
    declared = set()
    for record in dossier.records.values():
        own: tuple[str, ...] = (record.path,)
        if record.kind == SOURCES:
            own += (str(Path(record.path).with_suffix(".txt").as_posix()),)
            if url := getattr(record.fact, "url", None):
                declared.add(url_href(url))  # as the source page links to it
        files[record.page] = own
    return Origins(root, files, frozenset(declared))


def audit_site(site_dir: Path, docs_dir: Path, origins: Origins, site_url: str = "",
               pages: Iterable[Path] | None = None) -> dict[str, list[Finding]]:
    """Audit every HTML page of `site_dir` (or only `pages`): the findings of each page
    refused, by its path under `site_dir`."""
    links = Links(origins.declared, read_url(site_url).host if site_url else "")
    refused: dict[str, list[Finding]] = {}
    for path in sorted(pages) if pages is not None else sorted(site_dir.rglob("*.html")):
        try:
            offences = audit_page(path.read_bytes(), links)
        except OSError:
            continue  # a page the build removed meanwhile
        if offences:
            page = path.relative_to(site_dir).as_posix()
            markdown = _markdown_of(page, docs_dir, origins)
            refused[page] = [_finding(page, markdown, o, origins) for o in offences]
    return refused


def audit_search_files(site_dir: Path, docs_dir: Path) -> list[Finding]:
    """A finding for each file of the site's search folder that Pagefind does not write
    (`allowed.SEARCH_FILES`): one put there by hand would be served as search's own."""
    folder = site_dir / allowed.SEARCH_FOLDER
    findings = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not allowed.SEARCH_FILES.fullmatch(name):
            where = f"{allowed.SEARCH_FOLDER}/{name}"
            shown = f"content/{where}" if (docs_dir / where).exists() else f"site/{where}"
            findings.append(finding_at(shown, CODE, f"{where}: a file in the search index's "
                                       "folder that Pagefind does not write", "the folder "
                                       f"{allowed.SEARCH_FOLDER}/ is the search index's: "
                                       "move the file elsewhere in content/"))
    return findings


def _markdown_of(page: str, docs_dir: Path, origins: Origins) -> str:
    """The Markdown page a built page was made from ("" when none: the theme's 404)."""
    stem = page.removesuffix(".html")
    candidates = [stem + ".md"] if not stem.endswith("index") else [
        stem + ".md", stem.removesuffix("/index").removesuffix("index") + ".md"]
    for candidate in candidates:
        if candidate in origins.files or (docs_dir / candidate).is_file():
            return candidate
    return ""


def _finding(page: str, markdown: str, offence: Offence, origins: Origins) -> Finding:
    path, line, col = origins.place(markdown, offence.evidence)
    if not path:
        path = f"content/{markdown}" if markdown else f"site/{page}"
    hint = offence.hint or (
        "text from this file reached the page as markup: write it as plain words (and "
        "report it: the generator should have escaped it)" if path.startswith("facts/") else
        "markup no template of the dossier makes: remove it, or describe it in "
        "generator/output/allowed.py if it is there on purpose")
    return finding_at(path, CODE, f"{page}: {offence.what}", hint, line, col)


# --- errors of the site engine, placed at the fact file ---------------------------------------

_QUOTED = re.compile(r"'([^']+)'")
_ABORTED = re.compile(r"Aborted with \d+ warnings in strict mode!")


def trace_engine_problems(problems: list[Finding], origins: Origins) -> list[Finding]:
    """MkDocs' errors (D502 at mkdocs.yml) that name a record's page, placed at the record's
    fact file; its summary ("Aborted with N warnings") dropped when others say more."""
    return [_traced(p, origins) for p in problems
            if not (_ABORTED.fullmatch(p.message) and len(problems) > 1)]


def _traced(problem: Finding, origins: Origins) -> Finding:
    quoted = [q.removeprefix("content/") for q in _QUOTED.findall(problem.message)]
    if not quoted or not quoted[0].endswith(".md"):  # MkDocs names the page first
        return problem
    path, line, col = origins.place(quoted[0], tuple(quoted[1:]))
    if not path:
        return problem
    return finding_at(path, problem.code, problem.message,
                      "MkDocs read text from this file as Markdown or markup: write it as "
                      "plain words, without control characters (and report it: the "
                      "generator should have escaped it)", line, col)
