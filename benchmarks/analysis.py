"""Analysis figures on the 60,000-coding project of benchmarks/agreement.py.

1,000 documents of 5,000 characters, 3 coders, 40 codes (under 8 parents), 60,000 codings,
and a document attribute ``outlet`` with 5 values. Times, from an open project to the result:
all segments of one code; a two-code AND query; the co-occurrence matrix of every code;
frequencies by attribute value; auto-coding about 10,000 hits (plan and write); an HTML report
of all 1,000 documents. Medians of three runs (auto-coding and the report once each), in
wall-clock and CPU seconds. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import stopwatch  # noqa: E402
from agreement import build  # noqa: E402

from annotator.core.search import SearchSpec  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.analysis import SegmentFilter, coded_segments, query_segments  # noqa: E402
from annotator.store.autocode import apply_autocode, plan_autocode  # noqa: E402
from annotator.store.report_source import write_report  # noqa: E402
from annotator.store.tables import cooccurrence_table, frequency_table  # noqa: E402


def median_time(
    work: Callable[[], object], cpu_times: dict[str, float], name: str, runs: int = 3
) -> tuple[float, object]:
    """Median wall-clock seconds; the median CPU seconds go to ``cpu_times[name]`` (the machine
    is shared, so wall-clock time includes waiting for a core)."""
    times, cpu = [], []
    result: object = None
    for _ in range(runs):
        before = time.process_time()
        with stopwatch() as took:
            result = work()
        cpu.append(time.process_time() - before)
        times.append(took[0])
    cpu_times[name] = round(statistics.median(cpu), 3)
    return statistics.median(times), result


def add_outlets(path: Path) -> None:
    with Project.open(path) as project, project.transaction():
        for index, document in enumerate(project.documents.all()):
            project.documents.set_attribute(document.id, "outlet", f"outlet {index % 5}")


def measure(path: Path, tmp: Path) -> dict[str, float | int]:
    figures: dict[str, float | int] = {}
    cpu_times: dict[str, float] = {}
    with Project.open(path) as project:
        took, found = median_time(
            lambda: coded_segments(project, SegmentFilter(codes=("Group 0/Code 0",)), 40),
            cpu_times,
            "segments_one_code_cpu_s",
        )
        figures.update(segments_one_code_s=round(took, 3), segments_one_code=len(found))  # type: ignore[arg-type]
        query = '"Group 0/Code 0" AND "Group 1/Code 1"'
        took, found = median_time(
            lambda: query_segments(project, query, SegmentFilter()),
            cpu_times,
            "query_and_cpu_s",
        )
        figures.update(query_and_s=round(took, 3), query_and_spans=len(found))  # type: ignore[arg-type]
        took, matrix = median_time(
            lambda: cooccurrence_table(project).table(),
            cpu_times,
            "cooccurrence_cpu_s",
        )
        figures.update(cooccurrence_s=round(took, 3), cooccurrence_codes=len(matrix.rows))  # type: ignore[attr-defined]
        took, _ = median_time(
            lambda: frequency_table(project, by="attribute", attribute="outlet"),
            cpu_times,
            "frequencies_attribute_cpu_s",
        )
        figures["frequencies_attribute_s"] = round(took, 3)
        documents = frozenset(d.id for d in project.documents.all()[:480])
        project.coders.ensure("robot")
        before = time.process_time()
        with stopwatch() as took_auto:
            plan = plan_autocode(project, "Group 7/Code 39", "robot", SearchSpec("Kerry", "word"),
                                 document_ids=documents)  # fmt: skip
            change = apply_autocode(project, plan)
        cpu_times["autocode_cpu_s"] = round(time.process_time() - before, 3)
        figures.update(autocode_s=round(took_auto[0], 3), autocode_hits=len(plan.hits),
                       autocode_written=len(change.added))  # fmt: skip
        before = time.process_time()
        with stopwatch() as took_report:
            count = write_report(project, tmp / "report.html", "html", SegmentFilter())
        cpu_times["report_html_cpu_s"] = round(time.process_time() - before, 3)
        figures.update(report_html_s=round(took_report[0], 3), report_documents=count,
                       report_mb=round((tmp / "report.html").stat().st_size / 1e6, 1))  # fmt: skip
    figures.update(cpu_times)
    figures["load_average"] = round(os.getloadavg()[0], 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=60_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = tmp / "corpus.annotator"
        build(corpus, args.documents, 5000, 40, 3, args.codings)
        add_outlets(corpus)
        print(json.dumps(measure(corpus, tmp)))


if __name__ == "__main__":
    main()
