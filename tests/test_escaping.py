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
from generator.utils.escape import html_url, md_inline, md_text, yaml_title
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
