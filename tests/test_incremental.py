"""Incremental builds: after any edit, what builds with one build cache leave in `content/` is
byte for byte what a full build from nothing renders, and it rewrites only what changed.

One synthetic dossier goes through a sequence of edits an editor makes (prose, names that
other summaries mention, relations added and removed, dates other events are placed after,
files added and deleted, a source text changed and re-pinned, an error and its fix, settings
and templates); after each, the output is compared with a fresh full render.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench import synth
from generator import build
from generator.build import check
from generator.cache import BuildCache
from generator.output.write import read_manifest
from generator.read.scan import input_stamps, scan
from generator.render.paths import CONFLICTS, COVERAGE, COVERAGE_JSON, HOME, NETWORK, TIMELINE
from generator.render.select import page_paths
from tests.conftest import synthetic_dossier

Edit = Callable[[Path], Any]
GATE = 0  # some edits leave values their quotes do not say (a renamed place, a moved date):
# support is still judged and shown, and must come out the same; it is not gated here


def save(path: Path, text: str) -> None:
    """Save as many editors do: a new file renamed over the old one."""
    temporary = path.with_name(".tmp-" + path.name)
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def load(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text("utf-8")))


def change(path: Path, how: Callable[[dict[str, Any]], None]) -> None:
    data = load(path)
    how(data)
    save(path, synth.dump(data))


def files(root: Path, kind: str) -> list[Path]:
    return sorted((root / "facts" / kind).glob("*.yaml"))


def on_disk(root: Path) -> dict[str, str]:
    content = root / "content"
    return {p: (content / p).read_text("utf-8") for p in read_manifest(content)}


def assert_same_as_full_build(root: Path, after: str = "") -> None:
    outcome, full = build.render_all(root, min_support=GATE)
    assert outcome.ok, outcome.findings
    mine = on_disk(root)
    assert mine.keys() == full.keys()
    differ = sorted(p for p in full if mine[p] != full[p])
    assert differ == [], (f"after {after}, incremental output differs from a "
                          f"full build in {differ[:10]}")


# --- the edits ------------------------------------------------------------------------------


def edit_summary(root: Path) -> None:
    synth.edit_summary(files(root, "people")[3], "Edited for the test.")


def rename_to_a_phrase_other_summaries_hold(root: Path) -> None:
    """Every synthetic summary says "according to the sources": a place of that name is
    mentioned, and so linked, from summaries that do not otherwise depend on it."""
    def rename(data: dict[str, Any]) -> None:
        data["name"]["value"] = "according to the sources"
    change(files(root, "places")[2], rename)


def add_relation(root: Path) -> None:
    with_relations = [p for p in files(root, "people") if load(p).get("relations")]
    source, target = with_relations[0], files(root, "people")[-1]

    def add(data: dict[str, Any]) -> None:
        relation = dict(load(source)["relations"][0])
        relation["to"] = target.stem
        data.setdefault("relations", []).append(relation)
    change(files(root, "people")[0], add)


def remove_relation(root: Path) -> None:
    with_relations = [p for p in files(root, "organisations") if load(p).get("relations")]
    change(with_relations[-1], lambda data: data["relations"].pop())


def move_an_anchor_event(root: Path) -> None:
    """Change the date of an event another is placed after (or of any dated event)."""
    anchors = {load(p).get("date", {}).get("after") for p in files(root, "events")}
    dated = [p for p in files(root, "events") if load(p).get("date", {}).get("value")]
    event = next((p for p in dated if p.stem in anchors), dated[0])

    def move(data: dict[str, Any]) -> None:
        data["date"]["value"] = "1999-01-02"
    change(event, move)


def rename_a_person_with_a_case(root: Path) -> None:
    """A person's name is in the timeline (their legal steps), on the conflicts page (as who
    made a claim) and in the coverage table."""
    in_conflicts = {claim["by"] for p in files(root, "events")
                    for claim in load(p).get("claims", []) if claim.get("differs_from")}
    person = next(p for p in files(root, "people") if p.stem in in_conflicts and any(
        step.get("when") for step in load(p).get("legal_status", [])))

    def rename(data: dict[str, Any]) -> None:
        data["name"]["value"] = "Aaron Renamed-Person"
    change(person, rename)


def add_a_legal_step(root: Path) -> None:
    """A person in a case who takes part in an event reaches a new step: their badge
    changes on their page, the event's box and participants, and the people index."""
    taking_part = {part["entity"] for p in files(root, "events")
                   for part in load(p).get("participants", [])}
    person = next(p for p in files(root, "people")
                  if p.stem in taking_part and load(p).get("legal_status"))

    def step(data: dict[str, Any]) -> None:
        steps = data["legal_status"]
        steps.append({"status": "released" if steps[-1]["status"] != "released" else
                      "charged", "cite": steps[-1]["cite"]})
    change(person, step)


NEW = "zz-new-person"


def add_person(root: Path) -> None:
    data = load(files(root, "people")[5])
    data["name"]["value"] = "Zz New Person"
    data.pop("legal_status", None)
    save(root / "facts" / "people" / f"{NEW}.yaml", synth.dump(data))


def delete_person(root: Path) -> None:
    (root / "facts" / "people" / f"{NEW}.yaml").unlink()


SHARER = "zz-step-sharer"


def add_a_person_who_shares_a_step(root: Path) -> None:
    """A new person who reached someone's step on the same date on the same sources' word:
    the timelines of everyone on that step's line now name them too."""
    data = next(d for p in files(root, "people") if (d := load(p)).get("legal_status"))
    save(root / "facts" / "people" / f"{SHARER}.yaml", synth.dump({
        "name": {**data["name"], "value": "Zz Step Sharer"},
        "legal_status": data["legal_status"][:1]}))


def remove_the_person_who_shared_a_step(root: Path) -> None:
    (root / "facts" / "people" / f"{SHARER}.yaml").unlink()


def change_source_text_and_pin(root: Path) -> None:
    text = sorted((root / "facts" / "sources").glob("*.txt"))[1]
    save(text, text.read_text("utf-8") + "\nA closing paragraph added later.\n")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    change(text.with_suffix(".yaml"), lambda data: data.update(sha256=digest))


def touch_without_change(root: Path) -> None:
    path = files(root, "events")[1]
    save(path, path.read_text("utf-8"))


def settings_change(root: Path) -> None:
    settings = (root / "dossier.toml").read_text("utf-8")
    assert "\nhops = 1\n" in settings
    save(root / "dossier.toml", settings.replace("\nhops = 1\n", "\nhops = 2\n"))


def template_change(root: Path) -> None:
    template = root / "templates" / "entity.md.j2"
    save(template, template.read_text("utf-8") + "\n*Edited template.*\n")


EDITS: list[Edit] = [edit_summary, rename_to_a_phrase_other_summaries_hold,
                     rename_a_person_with_a_case, add_a_legal_step, add_relation,
                     remove_relation, move_an_anchor_event, add_person, delete_person,
                     add_a_person_who_shares_a_step, remove_the_person_who_shared_a_step,
                     change_source_text_and_pin, touch_without_change, settings_change,
                     template_change]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_dossier(tmp_path_factory, "incremental", 80, 11)


def test_every_edit_gives_what_a_full_build_gives(dossier: Path) -> None:
    cache = BuildCache()
    assert build.generate(dossier, cache, min_support=GATE).ok
    total = len(read_manifest(dossier / "content"))
    for edit in EDITS:
        edit(dossier)
        outcome = build.generate(dossier, cache, min_support=GATE)
        assert outcome.ok, (edit.__name__, outcome.findings)
        assert not outcome.up_to_date, edit.__name__
        assert_same_as_full_build(dossier, edit.__name__)
        written = outcome.report.written if outcome.report else []
        if edit is touch_without_change:
            assert written == []
        if edit is edit_summary:
            assert 0 < len(written) < total / 5, written
        if edit is rename_a_person_with_a_case:
            assert {TIMELINE, CONFLICTS, COVERAGE} <= set(written), written
        if edit is add_a_legal_step:
            assert "people/index.md" in written and any(
                w.startswith("events/") for w in written), written


def test_nothing_changed_means_nothing_done(dossier: Path) -> None:
    cache = BuildCache()
    build.generate(dossier, cache, min_support=GATE)
    outcome = build.generate(dossier, cache, min_support=GATE)
    assert outcome.up_to_date and outcome.report is not None
    assert outcome.report.written == [] and outcome.report.removed == []


def test_an_error_writes_nothing_and_its_fix_catches_up(dossier: Path) -> None:
    cache = BuildCache()
    build.generate(dossier, cache, min_support=GATE)
    before = on_disk(dossier)
    person = files(dossier, "people")[7]
    original = person.read_text("utf-8")
    edit_summary(dossier)
    change(person, lambda data: data.setdefault("relations", []).append(
        {"type": "member-of", "to": "no-such-id", "cite": []}))
    outcome = build.generate(dossier, cache, min_support=GATE)
    assert not outcome.ok and on_disk(dossier) == before
    save(person, original)
    assert build.generate(dossier, cache, min_support=GATE).ok
    assert_same_as_full_build(dossier)


def test_a_deleted_page_is_written_again(dossier: Path) -> None:
    cache = BuildCache()
    build.generate(dossier, cache, min_support=GATE)
    page = dossier / "content" / "timeline.md"
    page.unlink()
    outcome = build.generate(dossier, cache, min_support=GATE)
    assert outcome.report is not None and outcome.report.written == ["timeline.md"]


def test_the_page_list_is_what_a_full_render_writes(dossier: Path) -> None:
    checked = check(dossier, min_support=GATE)
    _, pages = build.render_all(dossier, min_support=GATE)
    assert page_paths(checked.dossier) == set(pages)


def test_an_edit_that_changes_no_list_renders_no_list(dossier: Path) -> None:
    """A summary is on its entity's page and in its kind's index, not in the timeline, the
    conflicts or the coverage: those pages are not rendered again (they show what they
    showed)."""
    cache = BuildCache()
    assert build.generate(dossier, cache, min_support=GATE).ok
    edit_summary(dossier)
    scanned = scan(dossier)  # the stages of `build.build`, up to render
    checked = check(dossier, cache, min_support=GATE, scanned=scanned)
    rendered, problems = build.render(dossier, checked, cache, input_stamps(dossier, scanned))
    assert checked.ok and problems == [] and rendered is not None
    assert "people/index.md" in rendered.pages
    assert not {TIMELINE, CONFLICTS, COVERAGE, COVERAGE_JSON, HOME, NETWORK} & \
        rendered.pages.keys()


def test_rebuilds_leave_no_reference_cycles_behind(dossier: Path) -> None:
    """The live preview freezes what a build keeps for the collector (`preview.serve`), so
    garbage in a reference cycle would stay until the process ends: a preview open all day
    must not grow with each save. Nothing a build keeps refers back to a replaced record;
    the templates are compiled once per version, and the old ones collected."""
    from generator.preview.serve import regenerate

    cache = BuildCache()
    assert regenerate(dossier, cache, min_support=GATE).ok
    gc.unfreeze()
    gc.collect()  # garbage of the tests before this one
    gc.freeze()
    for _ in range(3):
        edit_summary(dossier)
        assert regenerate(dossier, cache, min_support=GATE).ok
    template = dossier / "templates/index.md.j2"  # a new version of the templates
    template.write_text(template.read_text("utf-8") + "{# edited #}\n", "utf-8")
    assert regenerate(dossier, cache, min_support=GATE).ok
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        left = {type(o).__name__ for o in gc.garbage} & {"Record", "Environment", "Dossier",
                                                           "CitedStatement", "Template"}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert not left, left
