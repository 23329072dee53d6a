"""The escaping functions against Python-Markdown with the site's own extensions (read from
mkdocs.yml, so an extension enabled later is covered too): whatever the text, it comes out
as exactly that text, in every context a template puts it, and as the same value in front
matter."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.utils.characters import first_refused
from generator.utils.escape import (
    DESCRIPTION_LENGTH,
    html_url,
    md_inline,
    md_text,
    plain_line,
    yaml_description,
    yaml_title,
)
from tests.conftest import REPO

MARKUP = [*"\\`*_{}[]()#+-.!<>&|~^=:\"'$%@/;?,",
    "**", "__", "``", "![", "](", "[^", "]:", "{:", " #", "<!--", "-->", "<script>", "</p>",
    "<a href=", "javascript:", "&lt;", "&#60;", "&amp;", "\n", "\n\n", "    ", "  \n", "---",
    "===", "1. ", "- ", "> ", "| ", "[TOC]", "///Footnotes Go Here///", "{{", "}}", "{%",
    "--8<--", "==", "~~", "^^", ":smile:", "\u00a0", "\u200f", "\u2028", "é", "\U0001f600"]
TEXT = st.lists(st.sampled_from(MARKUP) | st.text(max_size=4), max_size=40).map("".join).filter(
    lambda text: first_refused(text) is None and bool(text.strip()))
CONTEXTS = ("{}", "| a | b |\n|---|---|\n| {} | x |", "- {}", "> {}", "## Title\n\n{}",
            "Before {} after", "# {} {{: #top }}")
EXAMPLES = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


def site_markdown() -> markdown.Markdown:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(name)
        if isinstance(item, dict):
            options[name] = item[name]
    return markdown.Markdown(extensions=names, extension_configs=options)


class Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def rendered(context: str, fragment: str) -> Parts:
    parts = Parts()
    parts.feed(site_markdown().convert(context.format(fragment)))
    return parts


@EXAMPLES
@given(TEXT, st.sampled_from(CONTEXTS))
def test_fact_text_is_exactly_its_text_in_every_context(text: str, context: str) -> None:
    plain = rendered(context, "plain")
    for escaped in (md_text(text), md_inline(text)):
        parts = rendered(context, escaped)
        assert parts.tags == plain.tags, (text, parts.tags)
        assert [(n, v) for n, v in parts.attributes if n not in ("id", "href")] == [
            (n, v) for n, v in plain.attributes if n not in ("id", "href")]
        assert all(v and v.strip("#").replace("-", "").replace("_", "").isalnum()
                   for n, v in parts.attributes if n in ("id", "href")), parts.attributes
        shown = " ".join("".join(parts.text).split())
        assert " ".join(text.split()) in shown, (text, shown)


@EXAMPLES
@given(TEXT)
def test_front_matter_reads_back_as_the_same_value(text: str) -> None:
    folded = " ".join(text.split())
    assert yaml.safe_load(yaml_title(text)) == html.escape(folded, quote=True)


@EXAMPLES
@given(TEXT)
def test_an_address_is_one_link_in_one_table_cell(path: str) -> None:
    url = "https://example.org/" + "".join(path.split())
    cell = f'<a href="{html_url(url)}">{md_text(url)}</a>'
    parts = rendered("| a | b |\n|---|---|\n| {} | x |", cell)
    assert parts.tags.count("td") == 2 and parts.tags.count("a") == 1, parts.tags
    hrefs = [unquote(value or "") for name, value in parts.attributes if name == "href"]
    assert hrefs == [unquote(url)]  # the same address (an escape written in it is kept)


# What the theme's head does with a page's title and description (mkdocs-material's and
# Zensical's base.html, and templates/theme/main.html): prints them as they are, with no
# escaping, inside <title> and inside a double-quoted attribute.
HEAD = ('<head><title>{title} - Site</title><meta name="description" content="{description}">'
        '</head>')
UNSEEN = "\x00\x1b\x7f\x85\u061c\u200b\u200e\u200f\u202a\u202e\u2066\u2069\u2028\ufeff\ue000"
HOSTILE_TEXT = (st.lists(st.sampled_from([*MARKUP, *UNSEEN, "</title>", "</head>", '" onload="x',
                                          "' autofocus '", "-->", "<!--", "&quot;", "\U000e0041"])
                         | st.text(max_size=4), max_size=60).map("".join))


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)


@EXAMPLES
@given(HOSTILE_TEXT)
def test_a_description_is_one_plain_line_in_the_head(text: str) -> None:
    """Whatever a summary holds (here also what fact files may not: controls, bidirectional
    overrides, zero-width and private-use characters), its description reads back from the
    front matter as escaped text that stays inside its attribute, and shows as plain text:
    one line, no invisible character, at most DESCRIPTION_LENGTH characters."""
    described = yaml.safe_load(yaml_description(text))
    head = Head()
    head.feed(HEAD.format(title=yaml.safe_load(yaml_title(text)), description=described))
    assert head.tags == ["head", "title", "meta"], head.tags
    assert head.attributes == [("name", "description"), ("content", plain_line(text))]
    assert "".join(head.title) == html.unescape(yaml.safe_load(yaml_title(text))) + " - Site"
    shown = plain_line(text)
    assert len(shown) <= DESCRIPTION_LENGTH and shown == " ".join(shown.split())
    assert all(c not in shown for c in UNSEEN)


def test_a_long_description_is_cut_after_a_sentence_or_a_word() -> None:
    sentence = ("The first sentence says enough about the subject of this page, which is why "
                "it may stand alone.")
    assert len(sentence) > DESCRIPTION_LENGTH // 2
    assert plain_line(sentence + " " + "Then a second one goes on " * 10) == sentence
    short = "A short first one."  # under half the length: cut at a word instead
    assert plain_line(short + " And on " * 30).startswith(short + " And on")
    words = "word " * 100
    cut = plain_line(words)
    assert cut.endswith("word\u2026") and len(cut) <= DESCRIPTION_LENGTH
    assert plain_line("x" * 500) == "x" * (DESCRIPTION_LENGTH - 1) + "\u2026"
    assert plain_line("a\u202eb\u2066c\u200fd\x00e\n\n f") == "abcde f"
    assert plain_line("short") == "short"
