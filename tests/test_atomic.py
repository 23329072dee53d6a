"""Atomic builds: a build killed at any moment leaves `content/` and `site/` each wholly old
or wholly new (once the recovery every command runs first has run), and the next build
leaves nothing behind; two builds of one folder at once are serialised; clean removes only
what the generator made."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from generator import build, commands
from generator.output.journal import recover
from generator.output.lock import BUILD_AREA, LOCK
from tests.conftest import Versions, copy_project, dossier, epoch, old_with_edit, snapshot

NAMED: list[str | float] = ["built", "journal", "put:1", "put:8", "remove:1", "manifest", "site",
                             "done"]
"""Moments a build reaches in order (`journal.checkpoint`): MkDocs done, the journal written,
the first and the eighth page put into content/, a page removed, the manifest put, the site
swapped, the journal removed (with the work area still there)."""
TIMED: list[str | float] = [0.25, 0.6]  # kills at these fractions of a build's time, anywhere


def assert_old_or_new(root: Path, versions: Versions) -> None:
    assert snapshot(root / "content") in versions.content, \
        "content/ is neither the previous nor the next build"
    assert snapshot(root / "site") in versions.site, \
        "site/ is neither the previous nor the next build"


def assert_next_build_is_new_and_tidy(root: Path, versions: Versions) -> None:
    with epoch():
        outcome = build.build(root)  # no D501 for its own pages, no leftovers
    assert outcome.ok, [f.format() for f in outcome.findings]
    assert snapshot(root / "content") == versions.content[1]
    assert snapshot(root / "site") == versions.site[1]
    assert sorted(os.listdir(root / BUILD_AREA)) == [LOCK], "leftovers in the build area"
    assert not [p for p in (root / "content").rglob(".tmp-*")], "temporary files left"


@pytest.mark.parametrize("moment", [*NAMED, *TIMED], ids=str)
def test_a_build_killed_at_any_moment_leaves_old_or_new(versions: Versions, tmp_path: Path,
                                                         moment: str | float) -> None:
    root = old_with_edit(versions, tmp_path)
    if isinstance(moment, str):
        process = dossier(root, "build", env={"DOSSIER_TEST_KILL_AT": moment})
        process.wait(120)
        assert process.returncode == -signal.SIGKILL, f"the build never reached {moment}"
    else:
        process = dossier(root, "build")
        time.sleep(versions.seconds * moment)
        process.send_signal(signal.SIGKILL)
        process.wait(120)
    assert snapshot(root / "site") in versions.site, "site/ is neither old nor new"
    recover(root)  # what every command does first
    assert_old_or_new(root, versions)
    assert_next_build_is_new_and_tidy(root, versions)


def test_a_killed_build_is_finished_by_the_next_command(versions: Versions,
                                                         tmp_path: Path) -> None:
    """Killed halfway through putting pages into content/: the next command, whichever it
    is, first finishes that build (content/ and site/ are then the new ones)."""
    root = old_with_edit(versions, tmp_path)
    process = dossier(root, "build", env={"DOSSIER_TEST_KILL_AT": "put:8"})
    assert process.wait(120) == -signal.SIGKILL
    assert snapshot(root / "content") not in versions.content  # half old, half new, until
    left = root / "content/people/.tmp-k3j2h1g0.md"  # what the writer before the journal
    left.write_text("half a page", "utf-8")  # left when killed
    mine = root / "content/assets/.tmp-abcdefgh.css"  # not in a generated folder: kept
    mine.write_text("/* an editor's */", "utf-8")
    pinned = dossier(root, "pin", "tass-csto-anti-terror-measures")  # any command runs
    assert pinned.wait(120) == 0, pinned.stderr.read() if pinned.stderr else ""
    assert not left.exists() and mine.exists()
    mine.unlink()
    assert snapshot(root / "content") == versions.content[1]
    assert snapshot(root / "site") == versions.site[1]
    assert sorted(os.listdir(root / BUILD_AREA)) == [LOCK]


def test_two_builds_at_once_wait_for_each_other(versions: Versions, tmp_path: Path) -> None:
    """`dossier build --full & sleep 0.8; dossier build --full`: the second waits, saying
    so, and neither says the site is ready before it is; the receipt they leave stands
    for the complete site."""
    root = old_with_edit(versions, tmp_path)
    first = dossier(root, "build", "--full")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (root / BUILD_AREA / "work").exists():
        time.sleep(0.02)  # until the first build is staging its pages and site
    second = dossier(root, "build", "--full")
    first_out, first_err = first.communicate(timeout=120)
    second_out, second_err = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert f"another build of this folder is running (pid {first.pid}); waiting" in second_err
    for said, trouble in ((first_out, first_err), (second_out, second_err)):
        assert "site/ is ready" in said and "Traceback" not in trouble
    assert_old_or_new(root, versions)
    assert snapshot(root / "site") == versions.site[1]
    again = dossier(root, "build")  # answered from the receipt: it must stand for this site
    assert again.wait(60) == 0
    assert snapshot(root / "site") == versions.site[1]
    assert sorted(os.listdir(root / BUILD_AREA)) == [LOCK]


def test_a_journal_planted_in_the_build_area_does_nothing(versions: Versions,
                                                          tmp_path: Path) -> None:
    """The build area is in the working tree, where a pull request can put anything: a
    journal acts only on files whose inodes it names (no one knows them before the files
    exist), and only on paths the generator owns."""
    root = tmp_path / "dossier"
    shutil.copytree(versions.built, root, symlinks=True)
    area, page = root / BUILD_AREA, "people/vladimir-putin.md"
    (area / "work/content/people").mkdir(parents=True)
    (area / "work/content" / page).write_text("<script>x</script>", "utf-8")
    (area / "work/site").mkdir()
    guessed = f'[["put", "{page}", 1], ["remove", "{page}", 2], ["site", "", 3]]'
    (root / "secret.txt").write_text("keep me", "utf-8")
    known = [["remove", "../secret.txt", (root / "secret.txt").stat().st_ino],
             ["remove", "about.md", (root / "content/about.md").stat().st_ino]]
    for steps in (guessed, json.dumps(known)):
        (area / "journal.json").write_text(f'{{"format": 1, "steps": {steps}}}', "utf-8")
        recover(root)
        assert snapshot(root / "content") == versions.content[0]
        assert snapshot(root / "site") == versions.site[0]
        assert (root / "secret.txt").exists() and not (area / "journal.json").exists()


def test_links_planted_for_the_build_area_or_content_are_not_followed(project: Path,
                                                                      tmp_path: Path) -> None:
    """A pull request can commit `.dossier-build`, its lock or `content/` as links: a build
    writes through none of them (as root in CI, the lock would truncate what it links to)."""
    elsewhere, victim = tmp_path / "elsewhere", tmp_path / "victim.txt"
    elsewhere.mkdir()
    victim.write_text("precious", "utf-8")
    (project / BUILD_AREA).symlink_to(elsewhere)
    [finding] = build.generate(project).findings
    assert (finding.code, finding.path) == ("D505", BUILD_AREA) and not os.listdir(elsewhere)
    (project / BUILD_AREA).unlink()
    (project / BUILD_AREA).mkdir()
    (project / BUILD_AREA / LOCK).symlink_to(victim)
    [finding] = build.generate(project).findings
    assert finding.code == "D505" and victim.read_text("utf-8") == "precious"
    (project / BUILD_AREA / LOCK).unlink()
    shutil.move(project / "content", elsewhere / "content")
    (project / "content").symlink_to(elsewhere / "content")
    findings = [f for f in build.build(project).findings if f.code.startswith("D5")]
    assert [(f.code, f.path) for f in findings] == [("D506", "content")]
    assert sorted(os.listdir(elsewhere / "content")) == ["about.md", "assets"]


def test_clean_removes_only_generated_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    assert build.build(root).ok
    (root / "content/people/editors-notes.md").write_text("# mine\n")
    removed = commands.clean(root)
    assert "people/kamchybek-tashiyev.md" in removed and "site/" in removed
    left = sorted(p.relative_to(root / "content").as_posix()
                  for p in (root / "content").rglob("*") if p.is_file())
    assert left == ["about.md", "assets/dossier.css", "assets/footnotes.css",
                    "assets/footnotes.js", "assets/search.js", "people/editors-notes.md"]
    assert not (root / BUILD_AREA).exists()
    assert build.build(root).ok
