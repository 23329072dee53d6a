"""Zero broken links, checked by a real crawler over HTTP with anchor checking on."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build
from tests.conftest import copy_project
from tests.linkcheck import crawl


def test_the_crawler_does_check_anchors(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="b/#there">ok</a> <a href="b/#nowhere">x</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b/index.html").write_text('<p id="there">here</p>')
    result = crawl(tmp_path)
    assert result.returncode == 1
    assert "nowhere" in result.stdout and "1 warning found" in result.stdout


@pytest.mark.slow
def test_the_real_dossier_has_no_broken_link_or_anchor(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "dossier")
    assert build.build(root).ok
    result = crawl(root / "site")
    assert "0 warnings found. 0 errors found." in result.stdout, result.stdout[-3000:]
    assert result.returncode == 0
