"""The editors' reference to the fact format and the finding codes, derived from the model's
declarations and the catalogue: nothing here is written a second time by hand.

The docstrings are the developers' own Markdown, not fact-file text, so they are marked as
Markdown and keep their `code` formatting."""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic.fields import FieldInfo

from ..check.wording import STATUS_WORDING
from ..format.figures import value_in_words
from ..format.findings import CATALOGUE
from ..format.fixes import FIXES
from ..format.forms import FORMS, form_of
from ..format.ids import SOURCE_ID_LENGTH
from ..format.kinds import all_kinds, model_of
from ..format.model import (
    DATE_PATTERN,
    DERIVATION_WORDING,
    QUALIFIER_WORDS,
    RELATION_WORDING,
    ClaimVerb,
    DerivationKind,
    FactModel,
    LegalStatusKind,
    Qualifier,
    RelationType,
)
from ..format.settings import DOCUMENTED, Settings
from ..utils.escape import Markdown
from ..utils.numbers import QUALIFIER_AFTER, QUALIFIER_PHRASES


def fact_format() -> list[dict[str, Any]]:
    """Every declaration reachable from the kinds, in the order an editor meets them."""
    seen: list[type[FactModel]] = []
    for kind in all_kinds():
        _collect(model_of(kind.folder), seen)
    return [{"name": m.__name__, "doc": _doc(m), "fields": [
        _field(name, info) for name, info in m.model_fields.items()]} for m in seen]


def _collect(model: type[FactModel], seen: list[type[FactModel]]) -> None:
    if model in seen:
        return
    seen.append(model)
    for info in model.model_fields.values():
        for inner in _models_in(info.annotation):
            _collect(inner, seen)


def _models_in(annotation: Any) -> list[type[FactModel]]:
    if isinstance(annotation, type) and issubclass(annotation, FactModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _field(name: str, info: FieldInfo) -> dict[str, str]:
    return {"name": Markdown(f"`{name}`"),
            "type": Markdown(_type_name(info.annotation, info.metadata)),
            "doc": Markdown(" ".join((info.description or "").split())),
            "required": "required" if info.is_required() else "optional"}


def _type_name(annotation: Any, metadata: typing.Sequence[Any] = ()) -> str:
    """The form of a key in words: "date", "list of id", "one of `a`, `b`"."""
    for constraint in metadata:  # a text of a declared form (`format.forms`)
        if (form := form_of(getattr(constraint, "pattern", None) or "")) is not None:
            return form.name
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0], args[1:])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, FactModel):
        return annotation.__name__
    return {str: "text", int: "whole number", bool: "true or false"}.get(annotation,
                                                                       str(annotation))


def _doc(model: type[FactModel]) -> str:
    return Markdown(" ".join((model.__doc__ or "").split()))


def forms() -> list[tuple[str, Markdown]]:
    """Each form a text value may be required to have, and what it looks like (the
    developers' own Markdown)."""
    return [(form.name, Markdown(form.description)) for form in FORMS.values()]


def settings() -> list[tuple[Markdown, str, str, Markdown]]:
    """Each key of `dossier.toml` (`format.settings.DOCUMENTED`): where it goes, its form,
    its default and its meaning (the developers' Markdown, code spans kept)."""
    defaults = Settings()

    def shown(value: object) -> str:
        if isinstance(value, tuple):
            return ", ".join(value)
        return str(value) if value != "" else "not stated"
    return [(Markdown(f"`[{s.section}]` `{s.key}`"), s.form, shown(getattr(defaults, s.field)),
             Markdown(s.meaning)) for s in DOCUMENTED]


def finding_codes() -> list[tuple[str, str, str, Markdown, Markdown]]:
    """Each code of the catalogue with its severity, its meaning, how to fix it and an
    example (`format.fixes`: the developers' Markdown, code spans kept)."""
    return [(code, severity.value, text, Markdown(FIXES[code][0]), Markdown(FIXES[code][1]))
            for code, (severity, text) in CATALOGUE.items()]


def _phrases(qualifier: Qualifier) -> str:
    """The words of a quote that give a qualifier, before the number or after it."""
    said = [f"\u201c{w} 551\u201d" for w, v in sorted(QUALIFIER_PHRASES.items())
            if v == qualifier.value]
    said += [f"\u201c551 {w}\u201d" for w, v in sorted(QUALIFIER_AFTER.items())
             if v == qualifier.value]
    return ("the number alone, or " if qualifier is Qualifier.EXACTLY else "") + ", ".join(said)


DERIVATION_USES = {"sum": "a figure the quotes give in parts",
                   "reading": "what the quotes say in other words (a relation, a place)",
                   "title": "an event's name, when the sources give it none"}


def guide_context(settings: Settings, links: dict[str, str]) -> dict[str, Any]:
    """What the editors' guide lists, from the model and the settings."""
    return {
        # the model's own enum values: developers' text, safe inside code spans
        "verbs": [Markdown(v.value) for v in ClaimVerb],
        "statuses": [(Markdown(s.value), STATUS_WORDING[s]) for s in LegalStatusKind],
        "guilt_labels": list(settings.guilt_labels),
        "relations": [(Markdown(t.value), *RELATION_WORDING[t]) for t in RelationType],
        "qualifiers": [(Markdown(q.value), f"{QUALIFIER_WORDS[q]}551", _phrases(q))
                       for q in Qualifier],
        "derivations": [(Markdown(k.value), DERIVATION_WORDING[k]) for k in DerivationKind],
        "derivation_uses": DERIVATION_USES,
        "codes": finding_codes(),
        "date_form": Markdown(FORMS[DATE_PATTERN].description),
        "figure_qualifiers": [(Markdown(q.value), value_in_words(551, q)) for q in Qualifier],
        "source_id_length": SOURCE_ID_LENGTH,
        **{name: Markdown(target) for name, target in links.items()},
    }
