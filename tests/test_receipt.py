"""The receipt of the last build (`generator.output.receipt`): a fresh `dossier generate` or `build`
with nothing changed reports exactly what the build reported and writes nothing; anything
changed, in the inputs or in what the build left, means a real build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output.receipt import RECEIPT_NAME, Receipt, Report, _inputs, cache_folder
from generator.output.write import read_manifest
from generator.read.scan import files_under
from tests.conftest import replace_in

FROM_RECEIPT = "nothing changed since the last build"
PERSON = "facts/people/kamchybek-tashiyev.yaml"
PAGE = "content/people/kamchybek-tashiyev.md"


def dossier(root: Path, *args: str, env: dict[str, str] | None = None, verbose: bool = True,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root),
                             *(["-v"] if verbose else []), *args], capture_output=True,
                            text=True, check=False, env=env, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def report(result: subprocess.CompletedProcess[str]) -> tuple[int, str, list[str]]:
    """What a run reported, without the progress lines (which carry timings)."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("dossier: ")]
    return result.returncode, result.stdout, lines


def stamps(root: Path, *folders: str) -> dict[str, tuple[int, int]]:
    found = {}
    for folder in folders:
        for path, entry in files_under(root / folder):
            stat = entry.stat()
            found[f"{folder}/{path}"] = (stat.st_ino, stat.st_mtime_ns)
    return found


def receipt_of(root: Path) -> Path:
    path = Receipt(root, 100.0).path
    assert path is not None
    return path


def test_a_build_with_nothing_changed_reports_the_same_and_writes_nothing(project: Path,
                                                                          ) -> None:
    first = dossier(project, "build")
    assert first.returncode == 0 and FROM_RECEIPT not in first.stderr
    assert receipt_of(project).is_file()
    full = dossier(project, "build", "--full")  # a no-op build the long way
    before = stamps(project, "content", "site")
    again = dossier(project, "build")
    assert FROM_RECEIPT in again.stderr and FROM_RECEIPT not in full.stderr
    assert report(again) == report(full)
    pages = len(read_manifest(project / "content"))  # every page the first build wrote
    assert f"0 pages written, 0 removed, {pages} unchanged; site/ is ready" in again.stdout
    assert stamps(project, "content", "site") == before
    plain = dossier(project, "build", verbose=False)  # the short coverage table
    assert FROM_RECEIPT not in plain.stderr  # the line is progress: for long runs only
    assert plain.stdout == dossier(project, "build", "--full", verbose=False).stdout
    for style in ("json", "github"):  # generate: a build's receipt stands for it too
        assert dossier(project, "generate", "--format", style).stdout == dossier(
            project, "generate", "--full", "--format", style).stdout


def test_an_edited_fact_file_builds_again(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    replace_in(project / PERSON, "    Chief of the State", "    Receipt test. Chief of the State")
    result = dossier(project, "generate")
    assert FROM_RECEIPT not in result.stderr and "0 pages written" not in result.stdout
    assert "Receipt test." in (project / PAGE).read_text("utf-8")
    assert FROM_RECEIPT in dossier(project, "generate").stderr


def test_a_changed_or_deleted_page_is_generated_again(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    page = project / PAGE
    right = page.read_text("utf-8")
    page.write_text(right + "\nedited by hand\n", "utf-8")
    assert FROM_RECEIPT not in dossier(project, "generate").stderr
    assert page.read_text("utf-8") == right
    page.unlink()
    assert FROM_RECEIPT not in dossier(project, "generate").stderr
    assert page.read_text("utf-8") == right
    replace_in(project / "content/about.md", "\n", "\nA hand-written line.\n")
    assert FROM_RECEIPT not in dossier(project, "generate").stderr


def test_no_receipt_when_a_hand_written_page_changed_during_the_build(project: Path) -> None:
    """What the build left is stamped when it ends; a hand-written page saved while MkDocs
    ran is in content/ but not in site/, so such a build keeps no receipt."""
    assert dossier(project, "build").returncode == 0
    manifest = json.loads((project / "content/.dossier-manifest.json").read_text("utf-8"))
    report = Report([], 1, 1, 1, 1, "", "")
    receipt = Receipt(project, 100.0)
    receipt.begin()
    receipt.save(report, True, manifest)
    assert receipt_of(project).is_file()
    receipt.begin()
    replace_in(project / "content/about.md", "\n", "\nSaved during the build.\n")
    receipt.save(report, True, manifest)
    assert not receipt_of(project).exists()


def test_a_generate_receipt_does_not_stand_for_a_site(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    built = dossier(project, "build")
    assert FROM_RECEIPT not in built.stderr and (project / "site/index.html").is_file()
    assert FROM_RECEIPT in dossier(project, "generate").stderr  # a build also generates
    page = project / "site/about/index.html"
    page.write_text(page.read_text("utf-8") + "edited", "utf-8")
    assert FROM_RECEIPT not in dossier(project, "build").stderr
    assert "edited" not in page.read_text("utf-8")


def test_what_the_fingerprint_of_the_inputs_covers(project: Path) -> None:
    def fingerprint(min_coverage: float = 100.0) -> str:
        return _inputs(project, min_coverage)[0]

    seen = {fingerprint()}
    assert fingerprint() in seen
    seen.add(fingerprint(90.0))  # the coverage minimum
    for path in ("templates/entity.md.j2", "dossier.toml", "mkdocs.yml", PERSON):
        file = project / path
        before = file.stat()  # the same size, the same modified time: only ctime differs
        file.write_bytes(file.read_bytes())
        os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
        seen.add(fingerprint())
    (project / "overrides").mkdir()  # what mkdocs.yml may name: theme overrides, hooks
    (project / "overrides/main.html").write_text("{% extends 'base.html' %}", "utf-8")
    seen.add(fingerprint())
    (project / "facts/notes.md").write_text("a stray file", "utf-8")  # reported as D112
    seen.add(fingerprint())
    os.environ["SOURCE_DATE_EPOCH"] = "86400"
    try:
        seen.add(fingerprint())
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert len(seen) == 9


def test_a_template_reached_through_a_link_is_followed(project: Path) -> None:
    shared = project.parent / "shared"
    shared.mkdir()
    template = project / "templates/entity.md.j2"
    (shared / "entity.md.j2").write_bytes(template.read_bytes())
    template.unlink()
    template.symlink_to(shared / "entity.md.j2")
    assert dossier(project, "generate").returncode == 0
    replace_in(shared / "entity.md.j2", "\n", "\nThrough a link.\n")
    assert FROM_RECEIPT not in dossier(project, "generate").stderr
    assert "Through a link." in (project / PAGE).read_text("utf-8")


def test_walks_stay_inside_the_dossier(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link to `/` at the top of the dossier is stamped as a link, never walked (it made
    every build list the whole file system: 15 s); a link to a folder inside is walked, once,
    and a loop ends; a file linked from outside is stamped by the file it points at."""
    from generator.read import scan as stamps

    listed: list[str] = []
    scandir = os.scandir

    def listing(path: str) -> object:
        listed.append(os.path.realpath(path))
        return scandir(path)

    (project / "everything").symlink_to("/")
    (project / "loop").symlink_to(".")
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text("{% extends 'base.html' %}", "utf-8")
    (project / "theme").symlink_to("overrides")
    outside = project.parent / "partial.html"
    outside.write_text("shared", "utf-8")
    (project / "overrides/partial.html").symlink_to(outside)
    monkeypatch.setattr(os, "scandir", listing)
    files = dict(stamps.stamped(project, leave_out=frozenset({"facts", "content", "site"})))
    inside = os.path.realpath(project)
    assert listed and all(os.path.commonpath((inside, p)) == inside for p in listed), \
        [p for p in listed if not p.startswith(inside)]
    assert files["everything"] == stamps.stamp_of((project / "everything").lstat())
    assert files["overrides/partial.html"] == stamps.stamp_of(outside.stat())
    assert "overrides/main.html" in files and not any(p.startswith("loop/") for p in files)
    before = _inputs(project, 100.0)[0]
    (project / "everything").unlink()
    (project / "everything").symlink_to("/tmp")
    assert _inputs(project, 100.0)[0] != before, "a link pointed elsewhere is a change"


def test_a_stray_file_is_reported_though_nothing_else_changed(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    (project / "facts/notes.md").write_text("a stray file", "utf-8")
    result = dossier(project, "generate")
    assert FROM_RECEIPT not in result.stderr and "facts/notes.md:1:1: D112" in result.stdout


def test_a_broken_or_forged_receipt_counts_as_none(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    path = receipt_of(project)
    kept = json.loads(path.read_text("utf-8"))
    for broken in ("{not json", "[]", json.dumps({**kept, "format": 0}),
                   json.dumps({**kept, "root": "/elsewhere"}),
                   json.dumps({**kept, "report": {**kept["report"], "records": "many"}}),
                   json.dumps({**kept, "report": {**kept["report"], "findings": [
                       {"path": "x", "line": 1, "col": 1, "code": "X999", "message": "m",
                        "hint": ""}]}})):
        path.write_text(broken, "utf-8")
        result = dossier(project, "generate")
        assert result.returncode == 0 and FROM_RECEIPT not in result.stderr, broken
    assert FROM_RECEIPT in dossier(project, "generate").stderr
    path.chmod(0o666)  # others may write it: not trusted
    assert FROM_RECEIPT not in dossier(project, "generate").stderr
    assert not [p for p in path.parent.iterdir() if not p.name.endswith(".json")]


def test_no_receipt_without_a_safe_cache_folder(project: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", "utf-8")
    for env in ({**os.environ, "XDG_CACHE_HOME": str(blocked)},  # relative, and no home:
                {**os.environ, "XDG_CACHE_HOME": "cache", "HOME": "home"}):  # none
        for _ in range(2):
            result = dossier(project, "generate", env=env, cwd=project)
            assert result.returncode == 0 and FROM_RECEIPT not in result.stderr
    assert not [p for p in project.rglob("*.json") if RECEIPT_NAME.fullmatch(p.name)], \
        "a receipt in the working tree"


def test_a_failed_build_removes_the_receipt(project: Path) -> None:
    assert dossier(project, "generate").returncode == 0
    replace_in(project / PERSON, "summary:", "sumary:")
    assert dossier(project, "generate").returncode == 1
    assert not receipt_of(project).exists()
    result = dossier(project, "generate")
    assert result.returncode == 1 and FROM_RECEIPT not in result.stderr


def test_a_folder_name_that_is_not_utf8_still_gets_a_receipt(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    try:
        root = copy_project(Path(os.fsdecode(bytes(tmp_path) + b"/dossier-\xff")))
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take such a name")
    assert dossier(root, "generate").returncode == 0
    assert FROM_RECEIPT in dossier(root, "generate").stderr


def test_receipts_live_in_the_cache_folder_of_the_user(project: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        ) -> None:
    assert cache_folder() == Path(os.environ["XDG_CACHE_HOME"], "dossier")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/editor")
    assert cache_folder() == Path("/home/editor/.cache/dossier")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG spec says
    assert cache_folder() == Path("/home/editor/.cache/dossier")


def test_the_folders_of_facts_are_the_kinds_of_the_model() -> None:
    from generator.format.kinds import all_kinds, folders, model_of
    from generator.format.model import FactModel

    assert folders() == tuple(kind.folder for kind in all_kinds())
    assert all(issubclass(model_of(folder), FactModel) for folder in folders())
