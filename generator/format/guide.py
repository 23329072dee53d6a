"""Where hints send an editor: a section of the editors' guide, or a declaration on the
fact format page. Hints name a section only through `GuideSection`, whose values are the
guide's headings; `tests/test_hints.py` fails when the guide has no such heading."""

from __future__ import annotations

from enum import Enum


class GuideSection(str, Enum):
    """The sections of the editors' guide (`templates/guide.md.j2`) that hints name."""

    NAMES = "Names and aliases"
    DATES = "Dates"
    PLACES = "Places"
    FIGURES = "Figures"
    CLAIMS = "Attribution and wording"
    LEGAL_STATUS = "People in a criminal case"
    RELATIONS = "Relations"
    CITATIONS = "The citation rules"


def see(section: GuideSection) -> str:
    """The end of a hint that sends the editor to a section of the guide."""
    return f"see \u201c{section.value}\u201d in the editors' guide"


def see_declaration(name: str) -> str:
    """The end of a hint that sends the editor to a declaration (`FigureValue`) on the fact
    format page, which lists each key with its form."""
    return f"see `{name}` on the fact format page"
