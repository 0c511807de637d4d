"""Foundation figures: import, store throughput, CSV export against sqlite3 -csv.

Usage: python benchmarks/store.py [--articles 1000] [--codings 100000]
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import article, stopwatch  # noqa: E402

from annotator.core.csvformat import write_csv  # noqa: E402
from annotator.core.model import NewCoding  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.exports import ExportFilter, coding_export  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(1)
    figures: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for n in range(args.articles):
            (folder / f"article_{n:05d}.txt").write_text(article(rng, 5000), encoding="utf-8")
        path = Path(tmp) / "bench.annotator"
        with Project.create(path) as project:
            with stopwatch() as took:
                results = project.documents.import_paths([folder])
            assert all(r.ok for r in results)
            figures["import_articles"] = args.articles
            figures["import_s"] = round(took[0], 3)
            docs = project.documents.all()
            codes = [project.codes.ensure_path(f"Group {i % 5}/Code {i}")[0].id for i in range(30)]
            coders = [project.coders.ensure(name).id for name in ("alice", "bob", "carol")]
            batch: list[NewCoding] = []
            seen: set[tuple[int, int, int, int, int]] = set()
            while len(batch) < args.codings:
                doc = rng.choice(docs)
                start = rng.randrange(doc.length - 1)
                end = min(doc.length, start + rng.randint(1, 300))
                key = (doc.id, rng.choice(codes), rng.choice(coders), start, end)
                if key not in seen:
                    seen.add(key)
                    batch.append(NewCoding(*key))
            with stopwatch() as took:
                project.codings.add_many(batch)
            figures["batch_codings"] = len(batch)
            figures["batch_s"] = round(took[0], 3)
            figures["batch_per_s"] = round(len(batch) / took[0])
            alice = coders[0]
            added: list[int] = []
            with stopwatch() as took:
                for n in range(args.single):
                    doc = docs[n % len(docs)]
                    added.append(
                        project.codings.add(doc.id, codes[0], alice, 0, 1 + n // len(docs)).added[0]
                    )
            figures["single_transactions"] = args.single
            figures["single_per_s"] = round(args.single / took[0])
            for coding_id in added:
                project.codings.remove(coding_id)
            out = Path(tmp) / "export.csv"
            with stopwatch() as took:
                header, rows = coding_export(project, ExportFilter())
                count = write_csv(out, header, rows)
            figures["export_rows"] = count
            figures["export_s"] = round(took[0], 3)
        sqlite3 = shutil.which("sqlite3")
        if sqlite3:
            query = (
                "SELECT c.id, d.name, d.id, d.sha256, k.name, k.name, r.name, c.span_start, "
                "c.span_end, substr(d.text, c.span_start + 1, c.span_end - c.span_start), c.memo, "
                "c.created_at FROM codings c JOIN documents d ON d.id = c.document_id "
                "JOIN codes k ON k.id = c.code_id JOIN coders r ON r.id = c.coder_id "
                "ORDER BY d.name, c.span_start, c.span_end, k.name, r.name;"
            )
            with stopwatch() as took, (Path(tmp) / "sqlite.csv").open("wb") as sink:
                subprocess.run(
                    [sqlite3, "-csv", "-header", str(path), query], stdout=sink, check=True
                )
            figures["sqlite3_csv_s"] = round(took[0], 3)
            figures["export_vs_sqlite3"] = round(figures["export_s"] / took[0], 2)  # type: ignore[operator]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
