"""What a change does to support, for `dossier diff`: the share of cited statements that their
quotes support (or that are derived) before and after, and which statements lose support or
gain it. A part of its own: it compares two checks' evidence, however diff matches the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..check.coverage import coverage
from ..check.support import unsupported_places
from ..check.verify import Evidence
from ..utils.characters import code_span, printable


@dataclass
class SupportChange:
    before: float = 100.0
    after: float = 100.0
    derived_before: int = 0
    derived_after: int = 0
    lost: list[str] = field(default_factory=list)  # "place: what its quotes lack"
    regained: list[str] = field(default_factory=list)


def support_change(before: Evidence, after: Evidence) -> SupportChange:
    """Support in two checks of a dossier, and the statements whose support differs (by
    their place: a statement that is new and unsupported has lost it too)."""
    old, new = unsupported_places(before), unsupported_places(after)
    was, now = coverage(before)[0], coverage(after)[0]
    return SupportChange(was.support_percent, now.support_percent, was.derived, now.derived,
                         [f"{place}: {new[place]}" for place in sorted(new.keys() - old.keys())],
                         sorted(old.keys() - new.keys()))


def render_support(change: SupportChange, markdown: bool = False) -> list[str]:
    """The lines of a diff that tell about support: its figure, and the statements that lost
    it or gained it (in Markdown, each a code span: a pull request's words do nothing)."""
    line = (f"Support: {change.before:.1f}% \u2192 {change.after:.1f}% of cited statements "
            f"({change.derived_before} \u2192 {change.derived_after} derived)")
    lines = [f"\n**{line}**" if markdown else line]
    for title, items in (("Statements that lose support", change.lost),
                         ("Statements supported again", change.regained)):
        lines.append(f"\n### {title} ({len(items)})" if markdown else f"{title}: {len(items)}")
        lines += [f"- {code_span(i)}" if markdown else f"  {printable(i)}" for i in items]
    return lines
