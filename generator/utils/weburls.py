"""URLs and CSS as a browser reads them, for the audit of the built site. Knows nothing
about dossiers.

A browser forgives a lot before it decides where a URL leads. It drops control characters
and spaces around it, removes tabs and newlines anywhere in it (`java\tscript:`), reads the
scheme in any case, takes a backslash for a slash in web addresses (`\\\\host` is another
host), and finds URLs inside `srcset` lists and CSS (`url(...)`, `@import`, `image-set`),
where CSS escapes (`u\\72l(`) and comments may hide them. The functions here read URLs the
same way, and where they cannot be sure, they answer on the side of "another host".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AROUND = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped at both ends
_INSIDE = {0x09: None, 0x0A: None, 0x0D: None}  # tab and newlines, removed anywhere
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SPECIAL = frozenset({"http", "https", "ws", "wss", "ftp", "file"})  # backslash reads as slash


@dataclass(frozen=True)
class Address:
    """Where a URL leads: its scheme ("" when relative) and its host with any port ("" when
    it names none: a path on this site, or a scheme such as `mailto:`)."""

    scheme: str
    host: str

    @property
    def is_on_this_site(self) -> bool:
        """A path, a query or a fragment on the page's own site (no scheme, no host)."""
        return not self.scheme and not self.host


_THIS_SITE = Address("", "")


def read_url(url: str) -> Address:
    """The scheme and host a browser would take from `url` (an attribute's value after the
    HTML parser decoded its character references)."""
    text = url.translate(_INSIDE)
    if ":" not in text and "\\" not in text and "//" not in text:
        return _THIS_SITE  # the common case, a path: no scheme, no host
    text = text.strip(_AROUND)
    match = _SCHEME.match(text)
    if match is None:  # two or more slashes, either way round, and any more: another host
        rest = text.replace("\\", "/")
        after = rest.lstrip("/")
        return Address("", _host(after) or "?") if len(rest) - len(after) >= 2 else _THIS_SITE
    scheme, rest = match.group(1).lower(), text[match.end():]
    if scheme in _SPECIAL:
        # `https:host`, `https:/\host` and `https:///host` all reach `host` (the first only
        # from a page of another scheme; reading it as a host is the cautious side)
        return Address(scheme, _host(rest.replace("\\", "/").lstrip("/")) or "?")
    return Address(scheme, _host(rest[2:]) if rest.startswith("//") else "")


def _host(authority: str) -> str:
    for end in "/?#":
        authority = authority.split(end, 1)[0]
    return authority.rpartition("@")[2].lower()


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` list ("a.png 1x, b.png 2x"), split as the HTML standard
    splits it: a candidate's URL runs to the next space, its descriptors to the next comma
    outside parentheses."""
    urls, position, size = [], 0, len(value)
    while position < size:
        while position < size and value[position] in " \t\n\r\f,":
            position += 1
        start = position
        while position < size and value[position] not in " \t\n\r\f":
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while position < size and (value[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\n\r\f]?|(\n)|(.))", re.DOTALL)
_STRING = r"\"([^\"\n]*)(?:\"|\Z)|'([^'\n]*)(?:'|\Z)"  # closed by the end of the CSS too
_URL_FUNCTION = re.compile(r"(?:url|src)\(\s*(?:" + _STRING + r"|([^)\s]*))", re.IGNORECASE)
_IMPORT = re.compile(r"@import\s*(?:" + _STRING + ")", re.IGNORECASE)
_IMAGE_FUNCTION = re.compile(r"(?:image-set|image|cross-fade)\(([^)]*)(?:\)|\Z)",
                             re.IGNORECASE)
_QUOTED = re.compile(_STRING)
_SCRIPTED = re.compile(r"expression\(|-moz-binding|behavior\s*:|javascript:", re.IGNORECASE)


def _unescape(css: str) -> str:
    def one(match: re.Match[str]) -> str:
        hexadecimal, newline, other = match.groups()
        if hexadecimal is not None:
            code = int(hexadecimal, 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF \
                else "\ufffd"
        return "" if newline is not None else other
    return _ESCAPE.sub(one, _COMMENT.sub(" ", css))


def css_urls(css: str) -> list[str]:
    """Every URL that CSS (a `style` attribute or element) may load, after comments are
    dropped and escapes decoded: `url()` and `src()`, `@import "..."`, and the strings of
    `image-set()`, `image()` and `cross-fade()`."""
    text = _unescape(css)
    found = [next(g for g in m.groups() if g is not None) for m in _URL_FUNCTION.finditer(text)]
    found += [m.group(1) if m.group(1) is not None else m.group(2)
              for m in _IMPORT.finditer(text)]
    for function in _IMAGE_FUNCTION.finditer(text):
        found += [a or b for a, b in _QUOTED.findall(function.group(1))]
    return found


def css_runs_script(css: str) -> bool:
    """Whether CSS holds one of the old ways of running script from a style sheet."""
    return bool(_SCRIPTED.search(_unescape(css)))
