"""The measuring tools of issue 7 at a tiny size: the synthetic dossier is valid, every quote
is really in its source, and the benchmark produces every figure. No timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import benchmark, synth
from generator.build import check, render_all
from generator.format.findings import Severity
from generator.format.model import Event, Person

N = 40


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "dossier"
    synth.generate(N, root, seed=3)
    return root


def test_the_synthetic_dossier_passes_the_check(dossier: Path) -> None:
    checked = check(dossier)
    assert [f for f in checked.findings if f.severity is not Severity.INFO] == []
    assert len(checked.dossier.records) == N + len(list((dossier / "facts/sources").glob("*.txt")))
    assert all(checked.evidence.is_verified(s.statement) for s in checked.evidence.statements)


def test_every_quote_is_verbatim_in_its_source(dossier: Path) -> None:
    assert synth.missing_quotes(dossier) == []


def test_it_keeps_the_real_proportions_and_is_deterministic(dossier: Path,
                                                            tmp_path: Path) -> None:
    shares = synth.profile(dossier)
    for kind in synth.KINDS:
        assert abs(shares[f"share_{kind}"] - synth.KIND_COUNTS[kind] / 58) < 0.03
    assert 3 <= shares["citations_per_entity"] <= 8
    synth.generate(N, tmp_path / "again", seed=3)
    for path in sorted((dossier / "facts").rglob("*.*")):
        assert path.read_bytes() == (tmp_path / "again" / path.relative_to(dossier)).read_bytes()


def test_the_stages_measured_match_the_pipeline(dossier: Path) -> None:
    state, _ = benchmark.run_stages(dossier)
    assert set(state.seconds) == set(benchmark.STAGES)
    assert state.findings == check(dossier).findings


def test_the_synthetic_dossier_has_boxes_and_badges(dossier: Path) -> None:
    """The same templates give the synthetic dossier what they give the real one: a box at
    the top of every event, person in a case and organisation with something to show, the
    people index grouped by legal status, and a badge beside people wherever listed."""
    outcome, pages = render_all(dossier)
    assert outcome.ok
    checked = check(dossier)
    for record in checked.dossier.records.values():
        fact = record.fact
        boxed = '<div class="dossier-infobox" markdown>' in pages.get(record.page, "")
        if isinstance(fact, Event) and (fact.date or fact.place or fact.participants):
            assert boxed, record.id
        if isinstance(fact, Person) and fact.legal_status:
            status = fact.legal_status[-1].status.value
            assert boxed and f"dossier-badge--{status}" in pages[record.page], record.id
            assert f"{{: #status-{status} }}" in pages["people/index.md"]
    badges = sum(text.count('class="dossier-badge ') for text in pages.values())
    assert badges > sum(isinstance(r.fact, Person) and bool(r.fact.legal_status)
                        for r in checked.dossier.records.values()) * 2


REQUIRED = [
    ("synthetic", "seconds"), ("fact_files",), ("statements",), ("citations",), ("pages",),
    *(("stages_s", stage) for stage in benchmark.STAGES), ("generator_s",), ("mkdocs_s",),
    ("total_s",), ("html_bytes",), ("bytes_per_page",), ("mkdocs_s_per_page",),
    ("files_written",), ("peak_rss_mb_generator",), ("noop", "seconds"),
    ("noop", "files_written"), ("edit", "seconds"), ("edit", "pages_rewritten"),
    ("cli_check", "exit"), ("cli_noop", "seconds"), ("cli_edit", "seconds"),
    ("serve", "startup_s"), ("serve", "edit_to_preview_s"),
    ("search_index_s",), ("pagefind_bytes",), ("pagefind_files",), ("pagefind_peak_rss_mb",),
    ("first_search", "bytes"), ("first_search", "files"), ("mkdocs_search_plugin_s",),
    ("search_plugin_index_bytes",), ("baseline_total_s",), ("zensical", "seconds"),
]


def test_the_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert benchmark.main(["--sizes", str(N), "--out", str(out), "--workdir",
                           str(tmp_path), "--serve-timeout", "40"]) == 0
    document = json.loads(out.read_text("utf-8"))
    for key in ("cpu", "cores", "memory_gb", "python", "date"):
        assert document["machine"][key], key
    result = document["results"][str(N)]
    assert "error" not in result, result.get("error")
    for keys in REQUIRED:
        value = benchmark._get(result, *keys)
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (keys, value)
    assert result["cli_check"]["exit"] == 0
    assert result["synthetic"]["quotes_not_verbatim"] == 0
    assert result["noop"]["files_written"] == 0
    assert result["mkdocs_problems"] == [] and result["search_index_problems"] == []
    assert result["first_search"]["first_result_is_the_page"] is True
    assert result["zensical"]["exit"] == 0
    assert {t["measurement"] for t in document["targets"]} >= {
        "generator / MkDocs", "no-op rebuild, generator in a long-lived process",
        "peak memory, generator (RSS)", "Pagefind / MkDocs",
        "first search in Chromium: KB fetched", "total / baseline total"}
    table = out.with_suffix(".txt").read_text("utf-8")
    assert f"N={N}" in table and "generator / MkDocs" in table
    assert not list(tmp_path.glob("dossier-bench-*")), "the temporary dossier is removed"
