"""The audit of the built site (`generator/output/audit.py`), the second line of defence:
markup that no template makes is refused even when escaping fails, each refusal is placed at
the fact file it came from, and the real dossier's site passes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator import build
from generator.build import generate
from generator.cache import BuildCache
from generator.format.findings import finding_at
from generator.output import allowed, audit
from generator.output.audit import Links, Origins, audit_page, audit_site, trace_engine_problems
from generator.preview.serve import Session
from generator.preview.site import PreviewSite
from generator.utils.escape import Markdown
from generator.utils.weburls import css_urls, read_url, srcset_urls
from tests.conftest import copy_project, replace_in, snapshot, synthetic_dossier
from tests.test_engines import zensical  # noqa: F401 - the real dossier, built by Zensical
from tests.test_site import built  # noqa: F401 - the real dossier, built once

PAGE = "people/kamchybek-tashiyev/index.html"
NOT_DECLARED = "https://elsewhere.example/"


# --- escaping switched off ------------------------------------------------------------------


def escaping_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every escaping function of `escape.py`, wherever the generator imported it, passes
    fact text through as it is: what the audit alone must then stop."""
    raw = {
        "md_text": lambda value: value if isinstance(value, Markdown) else Markdown(str(value)),
        "md_inline": Markdown,
        "html_text": str,
        "yaml_title": lambda value: Markdown(json.dumps(value)),
    }
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for function, replacement in raw.items():
                if hasattr(module, function):
                    monkeypatch.setattr(module, function, replacement)


def plant(root: Path, fact_file: str, payload: str) -> int:
    """Put `payload` at the start of a record's summary; returns its line in the file."""
    path = root / fact_file
    lines = path.read_text("utf-8").split("\n")
    line = lines.index("summary:") + 2  # the line after `  value: >-`
    assert lines[line - 1].strip() == "value: >-", fact_file
    lines.insert(line, f"    {payload}")
    path.write_text("\n".join(lines), "utf-8")
    return line + 1


# each kind of markup, the fact file it is planted in, and what the finding says
PLANTED = [
    ("[click](javascript:alert(document.domain))", "people/alisher-kasimov",
     "javascript: URL in <a href>"),
    ('<a href="jav&#x09;ascript&colon;alert(document.domain)">x</a>', "people/aminchon-islomov",
     "javascript: URL in <a href>"),
    ('<a href="VBScript:msgbox">x</a>', "people/dilovar-islomov", "vbscript: URL in <a href>"),
    ('<img src="data:image/svg+xml,<svg/onload=alert(document.domain)>">',
     "people/isroil-islomov", "data: URL in <img src>"),
    ("<img src=x onerror=alert(document.domain)>", "people/lutfullo-nazrimada",
     "event handler <img onerror>"),
    ("<script>alert(document.domain)</script>", "people/kamchybek-tashiyev",
     "a <script> in the page's content"),
    ('<iframe src="https://elsewhere.example/"></iframe>', "organisations/amaq",
     "a <iframe> element"),
    ('<object data="https://elsewhere.example/x.swf"></object>', "organisations/cis",
     "a <object> element"),
    ('<embed src="https://elsewhere.example/x.swf">', "organisations/csto",
     "a <embed> element"),
    ('<form action="https://elsewhere.example/"><button>Go</button></form>',
     "organisations/gknb", "a <form action="),
    ('<base href="https://elsewhere.example/">', "organisations/tass", "a <base> element"),
    ("![pixel](https://elsewhere.example/pixel.png)", "organisations/sco",
     "<img src> loads 'https://elsewhere.example/pixel.png' from another host"),
    ('<link rel="stylesheet" href="https://elsewhere.example/s.css">',
     "organisations/united-nations", "<link href> loads"),
    ('<span style="background:u\\72l(//elsewhere.example/b.png)">x</span>',
     "organisations/islamic-state", "<span style> loads '//elsewhere.example/b.png'"),
    ('<style>@import "https://elsewhere.example/s.css";</style>', "events/beslan-school-siege",
     "<style element> loads"),
    ("[a news site](https://elsewhere.example/story)", "events/national-day-of-mourning",
     "<a href> links to 'https://elsewhere.example/story', which is neither"),
    ('<svg><title><img src=x onerror=alert(document.domain)></title></svg>',
     "events/tashiyev-facebook-statement", "event handler <img onerror>"),
    ('<video poster="https://elsewhere.example/p.jpg"></video>',
     "events/detention-of-the-four-gunmen", "<video poster> loads"),
    ('<img srcset="a.png 1x, https://elsewhere.example/b.png 2x">',
     "events/is-k-claim-of-responsibility", "<img srcset> loads"),
]


def test_with_escaping_off_the_build_refuses_each_kind_of_markup_at_its_fact_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "dossier")
    assert build.build(root).ok
    before = snapshot(root / "content"), snapshot(root / "site")
    lines = {record: plant(root, f"facts/{record}.yaml", payload)
             for payload, record, _ in PLANTED}
    escaping_off(monkeypatch)
    outcome = build.build(root, min_support=0)  # a payload's digits are no figure of a quote
    assert not outcome.ok
    for payload, record, said in PLANTED:
        found = [f for f in outcome.findings if f.code == "D504"
                 and f.path == f"facts/{record}.yaml" and said in f.message]
        assert found, (payload, [f.format() for f in outcome.findings if record in f.path])
        assert any(f.line == lines[record] and f.message.startswith(f"{record}/index.html: ")
                   for f in found), (payload, found)
    # a refused build changes neither content/ nor site/
    assert (snapshot(root / "content"), snapshot(root / "site")) == before


def test_an_engine_error_caused_by_a_fact_file_is_reported_at_that_fact_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "dossier")
    line = plant(root, "facts/people/valery-sharifulin.yaml", "[x](nowhere.md)")
    escaping_off(monkeypatch)
    outcome = build.build(root, min_support=0)
    engine = [f for f in outcome.findings if f.code == "D502"]
    # the record's page and the list of people both link to a page that does not exist
    assert {(f.path, f.line) for f in engine} == {("facts/people/valery-sharifulin.yaml", line)}
    assert sorted(f.message.split("'")[1] for f in engine) == [
        "people/index.md", "people/valery-sharifulin.md"]
    assert all("nowhere.md" in f.message and "plain words" in f.hint for f in engine)
    assert not (root / "site").exists()


def test_engine_errors_that_name_no_generated_page_stay_at_mkdocs_yml(tmp_path: Path) -> None:
    origins = Origins(tmp_path, {"people/x.md": ("facts/people/x.yaml",)})
    problems = [finding_at("mkdocs.yml", "D502", "Config value 'theme': unknown theme")]
    assert trace_engine_problems(problems, origins) == problems


# --- markup planted in a built page ---------------------------------------------------------


def planted(site: Path, markup: str, where: str = "</article>") -> str:
    html = (site / PAGE).read_text("utf-8")
    assert html.count(where) == 1
    return html.replace(where, markup + where)


@pytest.mark.parametrize("markup, said", [
    ('<a href=" &#1;java&#10;script:alert(1)">x</a>', "javascript: URL"),
    ('<a href="JAVASCRIPT:alert(1)">x</a>', "javascript: URL"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript: URL"),
    ('<button formaction="javascript:alert(1)">x</button>', "javascript: URL"),
    ('<p onclick="alert(1)">x</p>', "event handler <p onclick>"),
    ('<svg onload="alert(1)"></svg>', "event handler <svg onload>"),
    ('<math><style><img src=x onerror=alert(1)></style></math>', "event handler <img onerror>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
     "a <noscript> element"),
    ('<!-- x --!><img src=x onerror=alert(1)> -->', "event handler <img onerror>"),
    ('<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
     "a <set> element"),
    ('<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">',
     "<meta http-equiv>"),
    ('<img src="\\\\elsewhere.example\\x.png">', "loads"),
    ('<img src="/\\elsewhere.example/x.png">', "loads"),
    ('<img src="https:elsewhere.example/x.png">', "loads"),
    ('<link rel="preload" href="//elsewhere.example/font.woff2" as="font">', "loads"),
    ('<audio src="https://elsewhere.example/a.mp3"></audio>', "loads"),
    ('<div style="background-image: image-set(\'https://elsewhere.example/a.png\' 1x)">x</div>',
     "loads"),
    ('<div style="width: expression(alert(1))">x</div>', "CSS that runs script"),
    ('<a href="mailto:someone@elsewhere.example">x</a>', "links to"),
    ('<p data-md-component="announce">x</p>', "steers the theme's scripts"),
    ('<p data-pagefind-meta="url:https://elsewhere.example/">x</p>', "steers"),
    ('<script type="application/ld+json">{"@id": "x"}</script>', "a second the JSON-LD"),
    ('<script type="application/ld+json">{"a": "</script><p>x</p>', "does not describe"),
    ('<script id="__config" type="application/json">{"base": "..", "search": "//e.x/w.js"}'
     "</script>", "does not describe"),
    # found by an attacker review: the theme reads the first #__config, a fake one in content
    ('<div id="__config">{"base": "..", "search": "data:text/javascript,x"}</div>',
     "take for one of theirs"),
    ('<p id="__search">x</p>', "take for one of theirs"),
    ('<img name="getElementById" src="x.png">', "take for one of theirs"),
    ('<img src="///elsewhere.example/x.png">', "loads"),
    ('<img src="/\\/elsewhere.example/x.png">', "loads"),
    ('<a href="//\\elsewhere.example/">x</a>', "links to"),
    ('<img srcset="///elsewhere.example/x.png 1x">', "loads"),
    ('<div style="background:url(\'//elsewhere.example/x.png">x</div>', "loads"),
    ('<div style="background:image-set(\'//elsewhere.example/x.png">x</div>', "loads"),
    ('<style>@import "//elsewhere.example/x.css</style>', "loads"),
])
def test_markup_planted_in_a_built_page_is_refused(built: Path, markup: str,
                                                   said: str) -> None:
    offences = audit_page(planted(built / "site", markup), Links())
    assert offences and any(said in o.what for o in offences), offences


def test_the_theme_s_scripts_are_refused_in_the_page_content_and_twice(built: Path) -> None:
    site = built / "site"
    bundle = '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
    assert "does not describe" in audit_page(planted(site, bundle), Links())[0].what
    assert "a second" in audit_page(planted(site, bundle, "</body>"), Links())[0].what
    json_ld = '<script type="application/ld+json">{}</script>'
    assert "in the theme's frame" in audit_page(planted(site, json_ld, "</body>"),
                                                Links())[0].what


def test_links_to_another_host_are_allowed_only_to_a_source_s_declared_url() -> None:
    page = '<p><a href="https://news.example.org/2024/x">s</a><a href="{}">o</a></p>'
    declared = Links(frozenset({"https://news.example.org/2024/x"}))
    offences = audit_page(page.format(NOT_DECLARED), declared)
    assert [o.evidence[0] for o in offences] == [NOT_DECLARED]
    assert audit_page(page.format("../../sources/x/#q-1-2"), declared) == []
    # a declared url loaded as a resource is still a request to another host
    assert audit_page('<img src="https://news.example.org/2024/x">', declared)
    # the site's own host (`site_url`) is not another host
    assert audit_page('<link rel="canonical" href="https://dossier.example/p/">',
                      Links(site_host="dossier.example")) == []


# --- the real dossier, and the allow-list ---------------------------------------------------


def test_the_real_dossier_s_site_passes(built: Path) -> None:
    assert audit_site(built / "site", built / "content", Origins(built)) == {}


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = synthetic_dossier(tmp_path_factory, "audit-synth", 40, 3)
    outcome = build.build(root)
    assert outcome.ok, [f.format() for f in outcome.findings if f.code.startswith("D5")]
    return root


def test_a_synthetic_dossier_with_source_urls_passes(synthetic_site: Path) -> None:
    root = synthetic_site
    pages = "".join(p.read_text("utf-8") for p in (root / "site/sources").rglob("*.html"))
    assert 'href="https://news.example.org/' in pages  # source urls are links, and allowed


def test_the_allow_list_is_the_only_place_for_exceptions(
        built: Path, zensical: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without its allow-list the real site is refused; each entry is needed by it, or by
    the same dossier built with the second engine (Zensical)."""
    sites = [(root / "site", root / "content", Origins(root)) for root in (built, zensical)]
    site, content = built / "site", built / "content"
    entries, attributes, anchors = allowed.ELEMENTS, allowed.ATTRIBUTES, allowed.ANCHORS
    assert all(audit_site(*each) == {} for each in sites)
    monkeypatch.setattr(allowed, "ELEMENTS", ())
    monkeypatch.setattr(allowed, "ATTRIBUTES", ())
    refused = audit_site(site, content, Origins(built))
    assert len(refused) == len(list(site.rglob("*.html")))
    monkeypatch.setattr(allowed, "ATTRIBUTES", attributes)
    for entry in entries:
        monkeypatch.setattr(allowed, "ELEMENTS", tuple(e for e in entries if e is not entry))
        assert any(audit_site(*each) for each in sites), f"{entry.why} is not needed"
    monkeypatch.setattr(allowed, "ELEMENTS", entries)
    for attribute in attributes:
        monkeypatch.setattr(allowed, "ATTRIBUTES", tuple(a for a in attributes
                                                         if a is not attribute))
        assert any(audit_site(*each) for each in sites), f"{attribute.why} is not needed"
    monkeypatch.setattr(allowed, "ATTRIBUTES", attributes)
    for anchor in anchors:
        monkeypatch.setattr(allowed, "ANCHORS", tuple(a for a in anchors if a is not anchor))
        assert any(audit_site(*each) for each in sites), f"{anchor.why} is not needed"
    # and the audit's code names none of the values the entries allow
    code = Path(audit.__file__).read_text("utf-8")
    for entry in entries:
        for value in entry.attributes.values():
            text = value if isinstance(value, str) else value.pattern
            assert f'"{text}"' not in code and f"'{text}'" not in code


# --- the live preview -----------------------------------------------------------------------


def test_the_preview_shows_why_instead_of_a_refused_page_and_says_so_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "dossier")
    escaping_off(monkeypatch)
    session = Session(root, PreviewSite(root, tmp_path / "preview", "http://127.0.0.1:8000/"))
    page = tmp_path / "preview" / PAGE
    assert "Kamchybek" in page.read_text("utf-8") and session.refused == {}
    capsys.readouterr()
    plant(root, "facts/people/kamchybek-tashiyev.yaml",  # no digit: no figure to support
          "<img src=x onerror=alert(document.domain)>")
    session.rebuild()
    shown = page.read_text("utf-8")
    assert "This page is not shown" in shown and "onerror=alert" not in shown
    assert "D504" in shown and "facts/people/kamchybek-tashiyev.yaml" in shown
    printed = capsys.readouterr().err
    assert printed.count("people/kamchybek-tashiyev/index.html: an event handler") == 1
    # the page is rendered again, and refused again for the same reason: not said again
    replace_in(root / "facts/people/kamchybek-tashiyev.yaml", "He defended",
               "He publicly defended")
    session.rebuild()
    assert page in (session.site.rendered or ()) and "not shown" in page.read_text("utf-8")
    assert "kamchybek" not in capsys.readouterr().err
    session.close()


# --- URLs and CSS as browsers read them -----------------------------------------------------


@pytest.mark.parametrize("url, scheme, host", [
    ("java\tscript:alert(1)", "javascript", ""),
    ("\x01 javascript:alert(1)", "javascript", ""),
    ("JaVaScRiPt:alert(1)", "javascript", ""),
    ("%6Aavascript:alert(1)", "", ""),
    ("../people/x/#top", "", ""),
    ("//elsewhere.example/x", "", "elsewhere.example"),
    ("\\\\elsewhere.example/x", "", "elsewhere.example"),
    ("/\t/elsewhere.example/x", "", "elsewhere.example"),
    ("https:\\\\user@Elsewhere.example:8080/x", "https", "elsewhere.example:8080"),
    ("https:elsewhere.example", "https", "elsewhere.example"),
    ("mailto:a@b.example", "mailto", ""),
    ("///elsewhere.example/x", "", "elsewhere.example"),
    ("\\\\\\elsewhere.example/x", "", "elsewhere.example"),
    ("//\\elsewhere.example/x", "", "elsewhere.example"),
    ("/\\/elsewhere.example/x", "", "elsewhere.example"),
    ("/one/path", "", ""),
])
def test_urls_are_read_as_browsers_read_them(url: str, scheme: str, host: str) -> None:
    assert (read_url(url).scheme, read_url(url).host) == (scheme, host)


def test_srcset_and_css_urls_are_all_found() -> None:
    # a comma inside a URL belongs to it, as the HTML standard splits the list
    assert srcset_urls("a.png 1x,b,c.png 2x, d(1).png (x, y) 3x,, e.png,") == [
        "a.png", "b,c.png", "d(1).png", "e.png"]
    css = ("a{background:u\\72l( 'x.png' )} @import \"y.css\"; b{src: url(z.woff)} "
           "c{background: image-set('p.png' 1x, \"q.png\" 2x)} /* url(no.png) */")
    assert sorted(css_urls(css)) == ["p.png", "q.png", "x.png", "y.css", "z.woff"]


def test_a_build_gives_the_audit_the_dossier_s_declared_urls(synthetic_site: Path) -> None:
    from generator.output.audit import origins_of

    root = synthetic_site
    cache = BuildCache()
    assert generate(root, cache).ok and cache.last is not None
    origins = origins_of(root, cache.last.checked.dossier)
    assert origins.declared and all(u.startswith("https://news.example.org/")
                                    for u in origins.declared)
    assert origins.files["sources/" + next(iter(sorted(
        p.stem for p in (root / "facts/sources").glob("*.yaml")))) + ".md"][1].endswith(".txt")


def test_a_theme_anchor_is_accepted_only_first_in_the_content() -> None:
    """Zensical's skip-link target (`allowed.ANCHORS`) starts a page's content; the same
    element anywhere else there, or with another attribute, is refused."""
    skip = '<a id="__skip" tabindex="-1"></a>'
    def page(body: str) -> str:
        return f'<body><article class="md-content__inner">{body}</article></body>'
    assert audit_page(page(f"\n  {skip}<h1>Title</h1>"), Links()) == []
    assert audit_page(page(f"<h1>Title</h1><p>{skip}</p>"), Links())
    assert audit_page(page(f"<h1>Title</h1>{skip}"), Links())
    assert audit_page(page('<a id="__skip" tabindex="-1" href="#x"></a><h1>T</h1>'), Links())
