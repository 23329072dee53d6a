"""Statements in a reader's words, for `dossier diff`: "Killed: at least 115 (as of 23 March
2024)", "Relation: Member of CSTO (Secretary General)", never a statement's data as JSON or
its place in the file as list indexes."""

from __future__ import annotations

from collections.abc import Callable

from ..format.dates import in_words as date_in_words
from ..format.figures import quantity_in_words, value_in_words
from ..format.model import (
    RELATION_WORDING,
    Claim,
    Date,
    FactModel,
    Figure,
    FigureValue,
    LegalStatus,
    OrganisationReference,
    Participant,
    PlaceReference,
    Relation,
    Statement,
    Text,
)

Names = Callable[[str], str]
"""The name of the record with this id (the id itself when there is none)."""

FIELD_LABELS = {"aliases": "Alias", "relations": "Relation", "participants": "Participant",
                "claims": "Claim", "legal_status": "Legal status"}
"""Fields that hold a list, by what one item of the list is called."""


def field_label(field: str) -> str:
    """What one statement of this field is called: `aliases` → "Alias", `as_of` → "As of"."""
    return FIELD_LABELS.get(field) or field.replace("_", " ").capitalize()


def group_label(group: FactModel, label: str) -> str:
    """The label of the statements inside `group`: a figure's values are called by what they
    count ("Killed"); anything else keeps the label of the field it is in."""
    return quantity_in_words(group.quantity) if isinstance(group, Figure) else label


def in_words(statement: Statement, names: Names) -> str:
    """The statement's value as a reader would say it, without its citations."""
    details: list[str] = []
    if isinstance(statement, FigureValue):
        shown = value_in_words(statement.value, statement.qualifier)
        details = [f"as of {date_in_words(statement.as_of)}" if statement.as_of else "",
                   statement.note or "",
                   f"preferred: {statement.preferred_because}"
                   if statement.preferred_because else ""]
    elif isinstance(statement, Claim):
        return _claim(statement, names)
    elif isinstance(statement, Relation):
        shown = f"{RELATION_WORDING[statement.type][0]} {names(statement.to)}"
        details = [statement.role or ""]
    elif isinstance(statement, Participant):
        shown, details = names(statement.entity), [statement.role]
    elif isinstance(statement, LegalStatus):
        shown = statement.status.value
        details = [date_in_words(statement.when) if statement.when else "",
                   statement.detail or ""]
    elif isinstance(statement, Date):
        return _date(statement, names)
    elif isinstance(statement, (PlaceReference, OrganisationReference)):
        shown = names(statement.to)
    elif isinstance(statement, Text):  # and Summary, which has the same fields
        shown = statement.value
    else:
        shown = ", ".join(f"{field_label(k)}: {v}" for k, v in statement.model_dump(
            mode="json", exclude={"cite"}, exclude_defaults=True).items())
    return _with(shown, details)


def _claim(claim: Claim, names: Names) -> str:
    how = [f"through {names(claim.via)}" if claim.via else "",
           f"in {claim.medium}" if claim.medium else "",
           f"on {date_in_words(claim.when)}" if claim.when else "",
           "about " + ", ".join(names(i) for i in claim.about) if claim.about else "",
           "differs from the claims of " + ", ".join(names(i) for i in claim.differs_from)
           if claim.differs_from else ""]
    return _with(f"{names(claim.by)} {claim.verb.value} {claim.content}", how)


def _date(date: Date, names: Names) -> str:
    shown = date_in_words(date.value) if date.value else ""
    if date.value and date.until:
        shown += f" to {date_in_words(date.until)}"
    if date.after:
        shown = f"{shown} (after {names(date.after)})" if shown else f"after {names(date.after)}"
    return _with(shown, ["approximate" if date.approximate else "",
                         f"\u201c{date.label}\u201d" if date.label else ""])


def _with(shown: str, details: list[str]) -> str:
    given = [d for d in details if d]
    return f"{shown} ({'; '.join(given)})" if given else shown
