"""Which characters untrusted text may hold. Knows nothing about dossiers.

Text from fact files and source texts reaches web pages, YAML front matter, JSON, CSV files,
terminals and CI logs. Some characters are invisible and change how the rest is read, or
make one of those formats drop or reinterpret text. They are refused, by class:

- control characters (C0 but tab, line feed and carriage return; DEL; C1, NEL included):
  a terminal runs them as commands, YAML refuses them (MkDocs then silently reads a page's
  front matter as Markdown), Python-Markdown uses STX/ETX as its own placeholders;
- surrogates and noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF): not text at all;
- bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they
  reorder what a reader sees ("Trojan source"). Right-to-left text needs none of them:
  the page sets the direction of a source's text from its language;
- interlinear annotation controls (U+FFF9–U+FFFB) and tag characters (U+E0000–U+E007F),
  which hide text from readers but not from machines.

Kept, because right-to-left and complex scripts need them and they cannot hide markup: the
marks LRM, RLM and ALM (U+200E, U+200F, U+061C), ZWJ and ZWNJ (U+200D, U+200C), and every
other format character.
"""

from __future__ import annotations

import re
import unicodedata

REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # controls: C0 (tab, LF, CR aside), DEL, C1
    "\ud800-\udfff"  # surrogates (only an escape in a YAML string can make one)
    "\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
    "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff"
    "\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff"
    "\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff"  # noncharacters
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides, isolates
    "\ufff9-\ufffb\U000e0000-\U000e007f]"  # interlinear annotations, tag characters
)


def first_refused(text: str) -> tuple[int, int, str] | None:
    """Where the first refused character of `text` is (1-based line and column) and what it
    is (`describe`), or None when there is none."""
    found = REFUSED.search(text)
    if found is None:
        return None
    at = found.start()
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), describe(text[at])


def describe(char: str) -> str:
    """A refused character as an editor can find it: its code point and what it is."""
    point = ord(char)
    if point < 0x20 or 0x7F <= point <= 0x9F:
        kind = "a control character"
    elif 0xD800 <= point <= 0xDFFF:
        kind = "a surrogate, not a character"
    elif 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069:
        kind = "an invisible control that reorders text"
    elif 0xFFF9 <= point <= 0xFFFB or 0xE0000 <= point <= 0xE007F:
        kind = "an invisible character that hides text"
    else:
        kind = "a noncharacter"
    name = unicodedata.name(char, "")
    return f"U+{point:04X} ({name.lower() + ', ' if name else ''}{kind})"


REFUSED_HINT = ("delete it: it is invisible and often comes with text pasted from a PDF or a "
                "word processor; right-to-left text needs no direction controls")


def printable(text: str) -> str:
    """Text for a terminal or a log: every character that is not printable (controls,
    format characters, line breaks) written as its escape, so that no text from a fact file
    or a source can move the cursor, erase lines or forge another line of output."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def without_surrogates(text: str) -> str:
    """Text whose bytes were not UTF-8 (a file name Python decoded with surrogates) with
    those bytes written as `\\xff` (any other surrogate as `\\udXXX`), so that it can be
    written as UTF-8."""
    return _SURROGATE.sub(_escape_surrogate, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(found: re.Match[str]) -> str:
    point = ord(found[0])
    return f"\\x{point - 0xDC00:02x}" if 0xDC80 <= point <= 0xDCFF else f"\\u{point:04x}"


def code_span(text: str) -> str:
    """Text as one Markdown code span (CommonMark): whitespace folded so that no blank line
    can end it, fenced by one more backtick than the longest run inside. Nothing in it is a
    link, an image, HTML or a mention."""
    folded = printable(" ".join(text.split()))
    longest = max((len(run) for run in re.findall("`+", folded)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if folded.startswith("`") or folded.endswith("`") or not folded else ""
    return f"{fence}{padding}{folded}{padding}{fence}"
