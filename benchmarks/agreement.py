"""Agreement engine figures on generated projects.

Case 1: 1,000 documents of 5,000 characters, 3 coders, 40 codes, 60,000 codings; every
measure for every code, document and pool; then 1,000 bootstrap resamples of its documents
(the pooled parts and the resampling timed apart). Case 2: one document of 1,000,000 characters with
20,000 codings. Both are built as real project files, read back through the store, and timed
from the loaded data to the finished rows. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import article, stopwatch  # noqa: E402

from annotator.core.agreement import AgreementOptions, compute_agreement  # noqa: E402
from annotator.core.agreement.bootstrap import BootstrapOptions, bootstrap  # noqa: E402
from annotator.core.agreement.engine import tabulate  # noqa: E402
from annotator.core.decoding import decode_bytes  # noqa: E402
from annotator.core.model import NewCoding  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.agreement_source import agreement_input  # noqa: E402


def build(path: Path, documents: int, chars: int, codes: int, coders: int, codings: int) -> None:
    rng = random.Random(7)
    with Project.create(path) as project:
        with project.transaction():
            doc_ids = [
                project.documents.add(decode_bytes(article(rng, chars).encode()), f"doc{n:05d}",
                                      allow_duplicate=True).added[0]
                for n in range(documents)
            ]  # fmt: skip
            code_ids = [
                project.codes.ensure_path(f"Group {i % 8}/Code {i}")[0].id for i in range(codes)
            ]
            coder_ids = [project.coders.ensure(f"coder{i}").id for i in range(coders)]
        batch: list[NewCoding] = []
        seen: set[tuple[int, ...]] = set()
        while len(batch) < codings:
            doc = rng.choice(doc_ids)
            start = rng.randrange(chars - 1)
            end = min(chars, start + rng.randint(5, 400))
            key = (doc, rng.choice(code_ids), rng.choice(coder_ids), start, end)
            if key not in seen:
                seen.add(key)
                batch.append(NewCoding(*key))
        project.codings.add_many(batch)


def measure(path: Path, ignore_whitespace: bool = False) -> tuple[float, float, int, float]:
    """Load time, the median of three computations (this machine's timings vary), the rows,
    and the median CPU seconds (on a shared machine wall time includes others' work)."""
    with Project.open(path) as project, stopwatch() as load:
        data = agreement_input(project, with_texts=ignore_whitespace)
    times = []
    cpu_seconds = []
    for _ in range(3):
        cpu = time.process_time()
        with stopwatch() as took:
            rows = compute_agreement(data, AgreementOptions(ignore_whitespace=ignore_whitespace))
        times.append(took[0])
        cpu_seconds.append(time.process_time() - cpu)
    return load[0], statistics.median(times), len(rows), statistics.median(cpu_seconds)


def bootstrap_figures(path: Path) -> dict[str, float]:
    """1,000 bootstrap resamples of documents: the pooled parts, then the resampling."""
    with Project.open(path) as project:
        data = agreement_input(project)
    with stopwatch() as parts:
        tables = tabulate(data, AgreementOptions(per_document=False))
    steps: list[int] = []

    def progress(done: int, total: int) -> bool:
        steps.append(done)
        return True

    cpu = time.process_time()
    with stopwatch() as took:
        bootstrap(tables, BootstrapOptions(0.95, 1000, seed=1), progress)
    return {
        "bootstrap_parts_s": round(parts[0], 3), "bootstrap_1000_s": round(took[0], 3),
        # CPU seconds of this process: on a shared machine, wall time includes others' work.
        "bootstrap_1000_cpu_s": round(time.process_time() - cpu, 3),
        "bootstrap_progress_steps": len(steps),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=60_000)
    args = parser.parse_args()
    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.annotator"
        build(corpus, args.documents, 5000, 40, 3, args.codings)
        load, took, rows, cpu = measure(corpus)
        figures.update(
            corpus_load_s=round(load, 3),
            corpus_compute_s=round(took, 3),
            corpus_rows=rows,
            corpus_compute_cpu_s=round(cpu, 3),
        )
        _, took_ws, _, _ = measure(corpus, ignore_whitespace=True)
        figures["corpus_ignore_whitespace_s"] = round(took_ws, 3)
        figures.update(bootstrap_figures(corpus))
        single = Path(tmp) / "single.annotator"
        build(single, 1, 1_000_000, 40, 3, 20_000)
        load, took, rows, _ = measure(single)
        figures.update(long_load_s=round(load, 3), long_compute_s=round(took, 3), long_rows=rows)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
