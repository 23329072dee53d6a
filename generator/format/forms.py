"""The forms a text value of the fact format must have, said in words: what an editor reads
in a finding and on the fact format page, in place of the regular expression that checks
it. Keyed by the pattern the model declares, so that a form cannot be checked one way and
described another."""

from __future__ import annotations

from dataclasses import dataclass

from .ids import ID_PATTERN
from .model import DATE_PATTERN, LANGUAGE_PATTERN, PROSE_PATTERN, SHA256_PATTERN, URL_PATTERN


@dataclass(frozen=True)
class Form:
    name: str
    """What a value of this form is called ("date")."""
    noun: str
    """The name with its article, as a hint says it ("a date")."""
    mistake: str
    """What a finding says of a value not of this form ("not a date")."""
    description: str
    """What it looks like, with examples (Markdown: code spans)."""


FORMS = {
    DATE_PATTERN: Form("date", "a date", "not a date", "year first, only as precise as the "
                       "source: `2004`, `2024-03`, `2024-03-22`, or `2024-03-22T20:00+03:00` "
                       "(a time always with its zone), quoted in YAML: `\"2024-03-22\"`"),
    ID_PATTERN: Form("id", "an id", "not an id", "lowercase letters, digits and single "
                     "hyphens, like `crocus-city-hall`"),
    URL_PATTERN: Form("web address", "a web address", "not an http:// or https:// address",
                      "starting with `http://` or `https://`"),
    SHA256_PATTERN: Form("sha256", "a sha256", "not a sha256", "64 characters `0`-`9` and "
                         "`a`-`f`, as `dossier pin <id>` writes it"),
    LANGUAGE_PATTERN: Form("language code", "a language code", "not a language code",
                           "like `en` or `pt-BR`"),
    PROSE_PATTERN: Form("text", "some text", "blank", "not blank"),
}


def form_of(pattern: str) -> Form | None:
    """The form a pattern of the model checks, or None for a pattern not described here."""
    return FORMS.get(pattern)
