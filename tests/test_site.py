"""The built site: every required page reachable, every footnote landing on a highlighted
passage, and builds that are all or nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import build
from generator.output.write import read_manifest
from tests.conftest import REPO, copy_project, replace_in, snapshot

REQUIRED = {
    "people": ["kamchybek-tashiyev", "imangali-tasmagambetov", "vladimir-putin",
               "dalerzhon-mirzoev", "saidakram-rachabalizoda", "shamsidin-fariduni",
               "muhammadsobir-faizov", "aminchon-islomov", "dilovar-islomov", "isroil-islomov",
               "alisher-kasimov", "lutfullo-nazrimada", "yakubzhoni-yusufzoda",
               "valery-sharifulin"],
    "organisations": ["gknb", "csto", "csto-parliamentary-assembly",
                      "csto-collective-security-council", "csto-council-of-foreign-ministers",
                      "csto-working-group-on-afghanistan", "islamic-state",
                      "islamic-state-khorasan-province", "amaq",
                      "russian-investigative-committee", "russian-foreign-ministry",
                      "special-services-of-tajikistan", "special-services-of-belarus",
                      "special-services-of-russia", "tass", "united-nations", "cis", "sco"],
    "places": ["crocus-city-hall", "krasnogorsk", "moscow-oblast", "moscow", "bryansk-region",
               "almaty", "ukraine", "afghanistan", "tajikistan", "kyrgyzstan", "belarus",
               "russia", "beslan"],
    "events": ["crocus-city-hall-attack", "detention-of-the-four-gunmen",
               "detention-of-six-alleged-accomplices", "four-suspects-charged-with-terrorism",
               "national-day-of-mourning", "is-k-claim-of-responsibility",
               "putin-statement-on-the-attack",
               "investigative-committee-statement-on-ukrainian-link",
               "tashiyev-facebook-statement", "csto-parliamentary-assembly-meeting-almaty",
               "csto-collective-security-council-session-2024",
               "tajikistan-afghanistan-border-programme", "beslan-school-siege"],
}
FOOTNOTE_LINK = re.compile(r'href="(\.\./)+sources/([a-z0-9-]+)/#(q-\d+-\d+)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("site") / "dossier")
    outcome = build.build(root)
    assert outcome.ok, [f.format() for f in outcome.findings]
    return root


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_every_required_thing_has_a_page_reachable_from_home(built: Path, kind: str) -> None:
    home = (built / "site/index.html").read_text("utf-8")
    assert f'href="{kind}/"' in home
    index = (built / f"site/{kind}/index.html").read_text("utf-8")
    for record_id in REQUIRED[kind]:
        assert (built / f"site/{kind}/{record_id}/index.html").is_file(), record_id
        assert f'href="{record_id}/"' in index, record_id


def test_every_statement_row_shows_a_citation(built: Path) -> None:
    for page in sorted((built / "content").glob("*/*.md")):
        if page.name == "index.md" or page.parent.name == "sources":
            continue
        for line in page.read_text("utf-8").splitlines():
            if line.startswith(("| ", "> ")) and not line.startswith("| Relation |") \
                    and "---" not in line and not line.startswith((
                        "| Statement |", "| Role |", "| Value |", "| Date |", "| At a glance |")):
                assert 'class="footnote-ref"' in line, f"{page.name}: {line}"


def test_every_footnote_lands_on_a_highlighted_passage(built: Path) -> None:
    landed = 0
    for page in sorted((built / "site").rglob("index.html")):
        for _, source, anchor in FOOTNOTE_LINK.findall(page.read_text("utf-8")):
            target = (built / f"site/sources/{source}/index.html").read_text("utf-8")
            assert f'<span class="dossier-q" id="{anchor}">' in target, f"{page}: {source}#{anchor}"
            landed += 1
    assert landed > 250


def test_a_failing_build_changes_nothing(built: Path) -> None:
    before = snapshot(built / "content"), snapshot(built / "site")
    event = built / "facts/events/crocus-city-hall-attack.yaml"
    replace_in(event, "The death toll is 144", "The death toll was 144")
    try:
        outcome = build.build(built)
        assert not outcome.ok
        assert (snapshot(built / "content"), snapshot(built / "site")) == before
    finally:
        replace_in(event, "The death toll was 144", "The death toll is 144")


def test_a_link_out_of_the_dossier_is_a_finding_and_never_followed(built: Path,
                                                                    tmp_path: Path) -> None:
    """MkDocs follows links under its docs folder: a link to /etc would publish it, a link
    to / would walk the whole file system, and a link to the project's own `.git` would
    publish the token CI keeps in `.git/config`. The build's mirror of content/ never follows
    a link out of content/; such a link, or one to nothing, is a finding."""
    before = snapshot(built / "content"), snapshot(built / "site")
    outside = tmp_path / "outside.md"
    outside.write_text("# Not the dossier's\n", "utf-8")
    (built / ".git").mkdir(exist_ok=True)
    (built / ".git/config").write_text("[http] extraheader = AUTHORIZATION: secret\n")
    links = {"etc": Path("/etc"), "everything": Path("/"), "outside.md": outside,
             "people/nowhere.md": tmp_path / "nowhere.md", "notes.md": Path("../.git/config"),
             "git": Path("../.git"), "facts": Path("../facts")}
    for name, target in links.items():
        (built / "content" / name).symlink_to(target)
    try:
        outcome = build.build(built)
        assert not outcome.ok
        assert sorted((f.code, f.path) for f in outcome.findings if f.code == "D506") == sorted(
            ("D506", f"content/{name}") for name in links)
        assert snapshot(built / "site") == before[1]
    finally:
        for name in links:
            (built / "content" / name).unlink()
    assert (snapshot(built / "content"), snapshot(built / "site")) == before


def test_hand_written_pages_survive_and_stale_pages_go(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    assert build.build(root).ok
    (root / "content/people/editors-notes.md").write_text("# Notes\n")
    (root / "content/shared").mkdir()  # a page linked from inside content/ is read
    (root / "content/shared/notes.md").write_text("# Shared notes\n")
    (root / "content/notes.md").symlink_to("shared/notes.md")
    (root / "facts/people/valery-sharifulin.yaml").unlink()
    outcome = build.build(root)
    assert outcome.ok and outcome.report is not None
    assert "people/valery-sharifulin.md" in outcome.report.removed
    assert (root / "content/people/editors-notes.md").read_text() == "# Notes\n"
    assert (root / "content/about.md").read_bytes() == (REPO / "content/about.md").read_bytes()
    assert not (root / "site/people/valery-sharifulin").exists()
    assert "Shared notes" in (root / "site/notes/index.html").read_text("utf-8")


def test_a_second_build_writes_nothing(built: Path) -> None:
    outcome = build.build(built)
    assert outcome.ok and outcome.report is not None
    assert outcome.report.written == [] and outcome.report.removed == []


def test_every_relation_shows_on_both_ends(built: Path) -> None:
    from generator.build import check
    from generator.format.model import Entity

    dossier = check(built).dossier
    for record in dossier.records.values():
        if not isinstance(record.fact, Entity):
            continue
        for relation in record.fact.relations:
            other = dossier.records[relation.to]
            here = (built / f"content/{record.kind}/{record.id}.md").read_text("utf-8")
            there = (built / f"content/{other.kind}/{other.id}.md").read_text("utf-8")
            relations_here = here.split("## Relations", 1)[1].split("\n## ", 1)[0]
            relations_there = there.split("## Relations", 1)[1].split("\n## ", 1)[0]
            assert f"{other.id}.md)" in relations_here, (record.id, other.id)
            assert f"{record.id}.md)" in relations_there, (other.id, record.id)


def test_every_page_has_a_backlinks_section(built: Path) -> None:
    for page in sorted((built / "content").glob("*/*.md")):
        if page.name == "index.md" or page.parent.name == "data":
            continue
        heading = ("## What rests on this source" if page.parent.name == "sources"
                   else "## Referred to by")
        assert heading in page.read_text("utf-8"), page


def test_a_manifest_from_a_pull_request_removes_nothing_but_generated_pages(
        built: Path, tmp_path: Path) -> None:
    """The manifest lists what the writer owns and may remove. One committed by a pull
    request listed `people/../../…/x` and the build deleted that file, wherever it was."""
    canary = tmp_path / "canary.txt"
    canary.write_text("keep me\n")
    inside = built / "facts/people/vladimir-putin.yaml"
    manifest = built / "content/.dossier-manifest.json"
    owned = json.loads(manifest.read_text("utf-8"))
    hostile = [f"people/../../../../../../../../..{canary}", "people/../../facts/people/"
               "vladimir-putin.yaml", "../mkdocs.yml", "/etc/hostname", "people/.hidden.md",
               "people/deeper/x.md", "people\\..\\x.md"]
    manifest.write_text(json.dumps(owned + hostile))
    try:
        outcome = build.build(built)
        assert outcome.ok, [f.format() for f in outcome.findings]
        assert canary.read_text() == "keep me\n" and inside.is_file()
        assert (built / "mkdocs.yml").is_file()
        assert read_manifest(built / "content") == set(owned)  # the rest is never obeyed
    finally:
        manifest.write_text(json.dumps(owned))


def test_a_folder_the_generator_writes_into_may_not_be_a_link(built: Path) -> None:
    """Stale pages are removed and new ones written through `content/people`: a link there
    (even to a folder of the dossier) would make the writer remove files wherever it leads."""
    people = built / "content/people"
    people.rename(built / "content/people-real")
    people.symlink_to("../facts/people")
    try:
        outcome = build.generate(built)
        assert [(f.code, f.path) for f in outcome.findings if f.code == "D506"] == [
            ("D506", "content/people")]
        assert (built / "facts/people/vladimir-putin.yaml").is_file()
    finally:
        people.unlink()
        (built / "content/people-real").rename(people)
