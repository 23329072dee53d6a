"""The generator's cost before and after a change, measured in turn on one machine.

    python -m bench.compare OLD_REVISION [--sizes 1000,10000] [--rounds 3]

A change that must not cost time (a restructuring) is judged against the code it replaces,
not against a table from another day: these machines vary by a third from run to run. For
each size, one synthetic dossier (`bench.synth`) is copied for each side; then, round after
round, the old code (`git archive OLD_REVISION` into a temporary folder) and the new (this
working tree) run the same editor commands in fresh processes, the order of the two sides
swapped every round:

- `dossier check`, with no receipt of an earlier build;
- `dossier generate`, the first (writes every page);
- `dossier generate` with nothing changed;
- `dossier generate` after one fact file is edited (the incremental path).

MkDocs is left out: both sides run the same MkDocs on the same pages (the golden site test
proves the pages are the same), so it cannot tell them apart and would drown the difference.
Prints a table of the median seconds of each side, of the processor (what is judged: on a
shared machine the clock also counts others' work) and of the clock, and the ratio new / old
of the processor's; writes it beside `--out`.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import synth
from bench.benchmark import ENV, fact_file_to_edit

REPO = Path(__file__).resolve().parent.parent
STEPS = ("check", "first generate", "no-op generate", "edit generate")
SIDES = ("old", "new")


def export(revision: str, target: Path) -> Path:
    """The generator and templates of `revision`, as committed, in `target`."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "generator",
                              "templates"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run(code: Path, root: Path, cache: Path, *args: str) -> tuple[float, float]:
    """Seconds of processor time (user and system) and of the clock that
    `python -m generator --root ROOT ARGS` takes with `code`'s generator. The processor
    time is what the comparison judges: on a shared machine the clock also counts the
    time other work held the processor."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "-q",
                           *args], capture_output=True, text=True, cwd=code,
                          env={**ENV, "PYTHONPATH": str(code), "XDG_CACHE_HOME": str(cache)})
    clock = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{code}: dossier {' '.join(args)} exited {done.returncode}:\n"
                         f"{done.stderr[-2000:]}")
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, clock


def one_round(code: Path, dossier: Path, folder: Path, which: int,
              ) -> dict[str, tuple[float, float]]:
    """The four steps on a fresh copy of `dossier` with `code`'s generator and templates."""
    root = folder / "dossier"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(dossier, root)
    shutil.rmtree(root / "templates")
    shutil.copytree(code / "templates", root / "templates")
    cache = folder / "cache"
    seconds = {"check": run(code, root, cache, "check"),
               "first generate": run(code, root, cache, "generate"),
               "no-op generate": run(code, root, cache, "generate")}
    synth.edit_summary(fact_file_to_edit(root, which), f"Edited for the comparison, {which}.")
    seconds["edit generate"] = run(code, root, cache, "generate")
    return seconds


def compare(revision: str, sizes: list[int], rounds: int, work: Path) -> dict[str, object]:
    sides = {"old": export(revision, work / "old-code"), "new": REPO}
    results: dict[str, object] = {"old": revision, "rounds": rounds, "sizes": {}}
    for n in sizes:
        dossier = work / f"synthetic-{n}"
        synth.generate(n, dossier)
        times: dict[str, dict[str, list[tuple[float, float]]]] = {
            s: {k: [] for k in STEPS} for s in sides}
        for turn in range(rounds):
            order = ("old", "new") if turn % 2 == 0 else ("new", "old")
            for side in order:
                measured = one_round(sides[side], dossier, work / f"{side}-{n}", turn + 1)
                for step, value in measured.items():
                    times[side][step].append(value)
                print(f"N={n} round {turn + 1} {side}: " + ", ".join(
                    f"{k} {cpu:.2f} s ({clock:.2f} s by the clock)"
                    for k, (cpu, clock) in measured.items()), file=sys.stderr, flush=True)
        shutil.rmtree(dossier)
        assert isinstance(results["sizes"], dict)
        results["sizes"][str(n)] = times
    return results


def table(results: dict[str, object]) -> str:
    sizes = results["sizes"]
    assert isinstance(sizes, dict)
    lines = [f"old: {results['old']}, new: the working tree; median of {results['rounds']} "
             "rounds, old and new in turn; processor seconds (user + system), and the",
             "clock's in brackets", "",
             f"{'N':>6}  {'step':<16} {'old s':>16} {'new s':>16} {'new/old':>8}"]
    for n, times in sizes.items():
        for step in STEPS:
            old, new = (statistics.median(cpu for cpu, _ in times[s][step]) for s in SIDES)
            old_clock, new_clock = (statistics.median(c for _, c in times[s][step])
                                    for s in SIDES)
            lines.append(f"{n:>6}  {step:<16} {old:>6.2f} ({old_clock:>6.2f}) "
                         f"{new:>6.2f} ({new_clock:>6.2f}) {new / old:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the git revision to compare against (e.g. main)")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "compare.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossier-compare-") as work:
        results = compare(args.old, [int(s) for s in args.sizes.split(",")], args.rounds,
                          Path(work))
    args.out.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    text = table(results)
    args.out.with_suffix(".txt").write_text(text + "\n", "utf-8")
    print(text)


if __name__ == "__main__":
    main()
