"""Live preview: editing a fact file changes the served page."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import EVENT, replace_in


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, needle: str, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if needle in fetch(url):
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} not served at {url} within {seconds}s")


def test_editing_a_fact_file_refreshes_the_served_page(project: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(project), "serve",
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/people/kamchybek-tashiyev/"
        wait_for(url, "Kamchybek Tashiyev", 60)
        assert "livereload" in fetch(url)
        replace_in(project / "facts/people/kamchybek-tashiyev.yaml",
                   "He defended", "He publicly defended")
        assert wait_for(url, "He publicly defended", 30) < 30
        # the search index follows the page, built by Pagefind in the background
        index = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        wait_for(index, '"page_count"', 30)
        # the preview holds the build lock only while it regenerates: a build goes ahead
        built = subprocess.run([sys.executable, "-m", "generator", "--root", str(project),
                                "build"], capture_output=True, text=True, timeout=120)
        assert built.returncode == 0 and "waiting" not in built.stderr, built.stderr
    finally:
        server.terminate()
        server.wait(10)


def test_a_port_in_use_is_reported_before_building(project: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(project), "serve",
             "--dev-addr", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "hint:" in done.stderr
    assert "Traceback" not in done.stderr and not (project / "content" / "index.md").exists()


def test_hand_written_pages_are_stamped_as_mkdocs_reads_them(tmp_path: Path) -> None:
    """Through links (an edit to a linked page's target is a change), hidden files left
    out, and a dangling link reported as a page without a stamp, never raised."""
    from generator.preview.serve import HandWritten

    content = tmp_path / "content"
    shared = content / ".shared" / "page.md"  # hidden: read only through the link
    shared.parent.mkdir(parents=True)
    shared.write_text("one", "utf-8")
    (content / "linked.md").symlink_to(shared)
    (content / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (content / ".draft.md").write_text("hidden", "utf-8")
    pages = HandWritten(content)
    assert pages.changes().written == {"linked.md", "dangling.md"}
    shared.write_text("two, longer", "utf-8")
    assert pages.changes().written == {"linked.md"}
    assert [p.path for p in pages.problems] == ["content/dangling.md"]  # MkDocs would fail
    (content / "dangling.md").unlink()
    (content / "everything").symlink_to("/")  # never walked, never rendered: a finding
    assert pages.changes().written == {"everything"} and pages.linked_out()
    assert [(p.code, p.path) for p in pages.problems] == [("D506", "content/everything")]


QUOTE = "quote: Krasnogorsk, Moscow Oblast on March 22, 2024"
WRONG = "quote: Krasnogorsk, Moscow Oblast on 22 March 2024"  # not in the source: D401


@contextmanager
def serving(project: Path, log: Path, *options: str) -> Iterator[None]:
    """`dossier serve` on a free port, its standard error written to `log`."""
    with log.open("wb") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(project), "serve",
             "--dev-addr", f"127.0.0.1:{free_port()}", *options],
            stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_in(log, "dossier: serving on", 1, 90)
        yield
    finally:
        server.terminate()
        server.wait(10)


def wait_in(log: Path, needle: str, count: int, seconds: float) -> None:
    start = time.monotonic()
    while log.read_text("utf-8").count(needle) < count:
        assert time.monotonic() - start < seconds, f"{needle!r} not logged: {log.read_text()}"
        time.sleep(0.2)


def findings_in(log: Path) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: D\d+: .*$", log.read_text("utf-8"), re.MULTILINE)


@pytest.mark.parametrize("options", [(), ("--poll",)], ids=["events", "poll"])
def test_a_dossier_with_an_error_is_reported_once(project: Path, tmp_path: Path,
                                                   options: tuple[str, ...]) -> None:
    """The build reads every file; those reads are no change, and neither is the rebuild
    that catches up with saves made while the first build ran: the findings of an unchanged
    dossier are printed once, not again and again until the error scrolls away."""
    replace_in(project / EVENT, QUOTE, WRONG)
    log = tmp_path / "serve.log"
    with serving(project, log, *options):
        time.sleep(5)
        printed = findings_in(log)
    assert any(": D401: " in line for line in printed), log.read_text()
    assert len(printed) == len(set(printed)), log.read_text()


def test_an_error_added_and_fixed_is_reported_once_each(project: Path,
                                                        tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with serving(project, log):
        time.sleep(1)
        before = findings_in(log)  # the real dossier's warnings, once
        replace_in(project / EVENT, QUOTE, WRONG)
        wait_in(log, ": D401: ", 1, 30)
        time.sleep(3)
        replace_in(project / EVENT, WRONG, QUOTE)
        wait_in(log, "pages regenerated", 2, 30)
        time.sleep(3)
        text = log.read_text("utf-8")
    assert text.count(": D401: ") == 1, text
    assert text.count("pages regenerated") == 2, text  # at the start, and once fixed
    assert len(before) == len(set(before)), text
