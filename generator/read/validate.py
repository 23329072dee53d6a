"""Stage 3, validate: each parsed file against the one declared model of its kind; a valid
file becomes a `Record`."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..format import dates, figures
from ..format.findings import Finding, finding_at
from ..format.forms import form_of
from ..format.guide import GuideSection, see, see_declaration
from ..format.kinds import model_of
from ..format.model import DATE_PATTERN, FactModel, Qualifier
from .load import KnownFiles, RawFile
from .locate import Locator
from .record import Record

MAX_FINDINGS = 20  # of one file: more say nothing new, and each costs placing and printing


def validate(root: Path, raws: list[RawFile], known: KnownFiles, locator: Locator,
             ) -> tuple[list[Record], list[Finding]]:
    """A record of every valid file, and the findings about the others. A file loaded as
    the very same `RawFile` as in the last build (`known`) is not validated again."""
    records: list[Record] = []
    findings: list[Finding] = []
    validated: dict[str, tuple[RawFile, Record | list[Finding]]] = {}
    for raw in raws:
        before = known.validated.get(raw.path)
        if before is not None and before[0] is raw:  # the same load, so the same result
            result = before[1]
        else:
            fact = validate_file(root, raw, locator)
            result = Record.of(raw.id, raw.kind, raw.path, fact) if isinstance(
                fact, FactModel) else fact
        validated[raw.path] = (raw, result)
        if isinstance(result, Record):
            records.append(result)
        else:
            findings += result
    known.validated = validated
    return records, findings


def validate_file(root: Path, raw: RawFile, locator: Locator) -> FactModel | list[Finding]:
    """The model instance of a file, or the findings the model has about it: the first
    `MAX_FINDINGS`, and how many more there are."""
    model = model_of(raw.kind)
    try:
        return model.model_validate(raw.data)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        findings = [_finding(root, raw, model, e, locator) for e in errors[:MAX_FINDINGS]]
        if len(errors) > MAX_FINDINGS:
            findings.append(finding_at(raw.path, "D117", f"{len(errors) - MAX_FINDINGS:,} more "
                                       "problems in this file are not listed",
                                       "fix the ones listed above and check again", 1, 1))
        return findings


def _finding(root: Path, raw: RawFile, model: type[FactModel], error: Any,
             locator: Locator) -> Finding:
    keys = _data_keys(error["loc"])
    kind, where = error["type"], ".".join(str(k) for k in keys) or "file"
    if kind == "extra_forbidden":
        line, col = locator.key_place(root / raw.path, keys)
        return finding_at(raw.path, "D201", f"unknown key {keys[-1]!r} in {where}",
                          _unknown_key_hint(model, keys), line, col)
    if kind == "repeated":  # point at the repeated item, not at the list
        keys = (*keys, error["ctx"]["index"])
    line, col = locator.locate(root / raw.path, keys)
    declared = _declaration(model, keys)
    if kind == "missing":
        return finding_at(raw.path, "D202", f"missing key {where!r}",
                          f"add `{keys[-1]}:`; {see_declaration(declared)}", line, col)
    return finding_at(raw.path, "D203", f"{where}: {_message(error)}",
                      _value_hint(kind, error, declared), line, col)


def _data_keys(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Pydantic's error location without its internal steps (validator and union names)."""
    return tuple(k for k in loc if isinstance(k, int) or not _is_internal(k))


def _is_internal(key: str) -> bool:
    return key.startswith(("function-", "constrained-")) or key in {"str", "int", "bool", "list"}


def _message(error: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":  # the form in words, not its pattern
        form = form_of(error.get("ctx", {}).get("pattern", ""))
        message = form.mistake if form else "not of the form this key needs"
    elif error["type"] in ("int_parsing", "int_type", "int_from_float"):
        message = "not a whole number"
    value = error.get("input")
    if isinstance(value, str) and len(value) < 60:
        return f"{message} (found {value!r})"
    return message


def _value_hint(kind: str, error: Any, declared: str) -> str:
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "this needs a mapping: `value:` and `cite:` on the lines below, indented"
    if kind == "list_type":
        return "this needs a list: one `- item` per line"
    if kind == "string_pattern_mismatch":
        return _form_hint(error, declared)
    if kind == "int_parsing" and isinstance(error.get("input"), str):
        return _number_hint(error["input"])
    if kind == "enum":
        return f"choose one of: {error.get('ctx', {}).get('expected', '')}"
    if kind == "too_long":
        return (f"keep at most {error.get('ctx', {}).get('max_length')} items: the ones the "
                "sources support best")
    if kind == "repeated":
        return ("remove the repeated item: each appears once (a citation is repeated when it has "
                "the same source and quote)")
    return see_declaration(declared)


def _form_hint(error: Any, declared: str) -> str:
    pattern = error.get("ctx", {}).get("pattern", "")
    form = form_of(pattern)
    if form is None:
        return see_declaration(declared)
    if pattern != DATE_PATTERN:
        return f"write {form.noun}: {form.description}"
    found = error.get("input")
    written = dates.from_words(found) if isinstance(found, str) else None
    if written:
        return f"write `\"{written}\"`: year first, quoted; {see(GuideSection.DATES)}"
    return f"write {form.noun}: {form.description}; {see(GuideSection.DATES)}"


def _number_hint(found: str) -> str:
    """A figure's value written with words: the number goes in `value:`, the words in
    `qualifier:`."""
    qualifiers = ", ".join(q.value for q in Qualifier)
    said = figures.from_words(found)
    fix = (f"write `value: {said[0]}` and, on a line of its own, `qualifier: {said[1].value}`"
           if said else "write the number alone, in digits")
    return (f"{fix}: how the source qualifies the number goes in `qualifier:` ({qualifiers}); "
            f"{see(GuideSection.FIGURES)}")


def _unknown_key_hint(model: type[FactModel], keys: tuple[str | int, ...]) -> str:
    known = _fields_at(model, keys[:-1])
    close = difflib.get_close_matches(str(keys[-1]), known, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"allowed here: {', '.join(known)}" if known else "remove it"


def _fields_at(model: type[FactModel], keys: tuple[str | int, ...]) -> list[str]:
    current = _model_at(model, keys)
    return list(current.model_fields) if current is not None else []


def _declaration(model: type[FactModel], keys: tuple[str | int, ...]) -> str:
    """The name of the declaration whose key `keys` ends in (`FigureValue` for
    `figures.0.values.2.value`, `Claim` for `claims.0.about.1`)."""
    while keys and isinstance(keys[-1], int):
        keys = keys[:-1]
    return getattr(_model_at(model, keys[:-1]), "__name__", model.__name__)


def _model_at(model: type[FactModel], keys: tuple[str | int, ...]) -> Any:
    """The declaration of the mapping at `keys` (None when the keys lead to no mapping)."""
    current: Any = model
    for key in keys:
        if isinstance(key, int):
            continue
        field = getattr(current, "model_fields", {}).get(key)
        if field is None:
            return None
        current = _model_in(field.annotation)
    return current


def _model_in(annotation: Any) -> Any:
    """The model class inside `X | None` or `list[X]`, so hints can list its fields."""
    if isinstance(annotation, type) and issubclass(annotation, FactModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
