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

_INERT = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!<>&|~^=:\"'$%@"}


_SPACES = re.compile(r"\s+")


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
    as it is, so it is HTML-escaped, then written as a JSON string (valid YAML)."""
    return Markdown(json.dumps(html_text(" ".join(value.split())), ensure_ascii=False))


def yaml_strings(values: list[str]) -> Markdown:
    """A list of strings for front matter, as a JSON array (valid YAML): markup characters
    escaped, quotes kept so that names like A'maq stay searchable as written."""
    return Markdown(json.dumps([html.escape(" ".join(v.split()), quote=False) for v in values],
                               ensure_ascii=False))


def html_text(value: str) -> str:
    """Untrusted text for the inside of an HTML element or a quoted attribute."""
    return html.escape(value, quote=True)
