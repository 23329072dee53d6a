"""Live preview: editing a fact file changes the served page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import replace_in


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
