"""Making untrusted text inert in Markdown and HTML. Knows nothing about dossiers.

Fact files are untrusted: their text must reach the page literally. Every ASCII punctuation
character that Markdown, its extensions (attribute lists, footnotes, pymdownx) or HTML could
read as syntax is written as a numeric character reference, which no Markdown processor
interprets and every browser shows as the character itself. Whitespace is folded so that text
can never start a new block.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from urllib.parse import quote

_INERT = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!<>&|~^=:\"'$%@"}


_SPACES = re.compile(r"\s+")
# What a JSON string may hold raw but a YAML double-quoted scalar may not, or reads as a line
# break: front matter that YAML cannot read is silently dropped by MkDocs, which then renders
# it as Markdown. (`characters` refuses all of these in fact files; this holds regardless.)
_NOT_YAML = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


class Markdown(str):
    """Markdown made by the generator itself, safe to put on a page as is."""

    __slots__ = ()


def md_text(value: object) -> Markdown:
    """Untrusted text as a Markdown fragment that shows exactly this text."""
    if isinstance(value, Markdown):
        return value
    return Markdown(" ".join(str(value).split()).translate(_INERT))


def md_inline(value: str) -> Markdown:
    """Like `md_text`, for a piece of a longer line: its outer spaces are kept (folded)."""
    return Markdown(_SPACES.sub(" ", value).translate(_INERT))


def yaml_title(value: str) -> Markdown:
    """A page title for MkDocs front matter. MkDocs and the theme print the title into HTML
    as it is, so it is HTML-escaped, then written as a JSON string that is valid YAML."""
    return _yaml_json(html_text(" ".join(value.split())))


DESCRIPTION_LENGTH = 160
"""The most characters of a page's description: about what search results and link previews
show before they cut it themselves."""
_UNSEEN = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def plain_line(value: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Untrusted text as one line of plain text of at most `limit` characters: whitespace
    folded, every control, format (bidirectional overrides and isolates, zero-width
    characters), private-use, surrogate and unassigned character dropped, and a longer
    text cut after its last whole sentence that fits if that is over half of it, else after
    its last whole word, with an ellipsis."""
    text = _SPACES.sub(" ", value).strip()[:limit * 4]  # bounded before the walk below
    text = " ".join("".join(c for c in text if unicodedata.category(c) not in _UNSEEN).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = cut.rfind(". ", limit // 2)
    if sentence >= 0:  # whole sentences, when they fill half of it
        return cut[:sentence + 1]
    cut = cut[:-1]
    if text[limit - 1] != " " and " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.\u2013\u2014-") + "\u2026"


def yaml_description(value: str) -> Markdown:
    """A page's description for MkDocs front matter, from untrusted text: `plain_line`,
    HTML-escaped (the theme prints it into an attribute of the page's head as it is, with no
    escaping of its own), then written as a JSON string that is valid YAML."""
    return _yaml_json(html_text(plain_line(value)))


def _yaml_json(value: object) -> Markdown:
    """JSON that YAML reads as the same value: readable UTF-8, with the characters YAML
    refuses in a double-quoted scalar written as escapes."""
    text = json.dumps(value, ensure_ascii=False)
    return Markdown(_NOT_YAML.sub(lambda c: f"\\u{ord(c[0]):04x}", text))


def url_href(url: str) -> str:
    """An untrusted http(s) address as the generator links to it: every character that is
    not plainly part of a URL percent-encoded. Python-Markdown looks for links, images,
    autolinks and code spans before it sets raw HTML aside, so brackets, parentheses,
    backticks and backslashes are encoded too, as are `|` (it would end a table cell),
    spaces and quotes. The caller has checked the scheme."""
    return quote(url, safe="/:?#@!$&'*+,;=%~")


def html_url(url: str) -> str:
    """`url_href`, for an attribute of raw HTML."""
    return html_text(url_href(url))


def html_text(value: str) -> str:
    """Untrusted text for the inside of an HTML element or a quoted attribute."""
    return html.escape(value, quote=True)
