"""Team-work and exchange figures: merge a coder copy, import-codings, .qdpx out and in.

Each step reports wall-clock seconds (``_s``) and the CPU seconds of this process (``_cpu``):
on a shared machine the two differ by how much the other processes take.

Usage: python benchmarks/exchange.py [--documents 1000] [--codings 60000] [--rows 100000]
Builds its own data (generated articles with emoji, Cyrillic, Arabic) and prints one JSON line.
Targets: merge of 60,000 into 60,000 at most 5 s (also a second merge withdrawing 6,000 of
them); import-codings of 100,000 rows at most 2 s;
.qdpx export and import of 1,000 sources and 60,000 codings at most 5 s each.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import article  # noqa: E402

from annotator.core.decoding import decode_bytes  # noqa: E402
from annotator.core.model import NewCoding  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.bulk import import_codings_csv  # noqa: E402
from annotator.store.coder_copy import copy_for  # noqa: E402
from annotator.store.merge import merge_files  # noqa: E402
from annotator.store.qdpx_io import export_qdpx, import_qdpx  # noqa: E402


@contextmanager
def measured(figures: dict[str, float | int], name: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    figures[f"{name}_s"] = round(time.perf_counter() - wall, 3)
    figures[f"{name}_cpu"] = round(time.process_time() - cpu, 3)


def random_codings(
    rng: random.Random, project: Project, coder_id: int, count: int
) -> list[NewCoding]:
    docs = project.documents.all()
    codes = [code.id for code in project.codes.all()]
    seen: set[tuple[int, int, int, int, int]] = set()
    out: list[NewCoding] = []
    while len(out) < count:
        doc = rng.choice(docs)
        start = rng.randrange(doc.length - 1)
        end = min(doc.length, start + rng.randint(1, 300))
        key = (doc.id, rng.choice(codes), coder_id, start, end)
        if key not in seen:
            seen.add(key)
            out.append(NewCoding(*key, memo="a memo 😀" if len(out) % 50 == 0 else ""))
    return out


def build_lead(path: Path, rng: random.Random, documents: int, codings: int) -> None:
    with Project.create(path) as project:
        with project.transaction():
            for n in range(documents):
                text = article(rng, 5000)
                project.documents.add(decode_bytes(text.encode("utf-8")), f"article_{n:05d}")
            for i in range(40):
                project.codes.ensure_path(f"Group {i % 5}/Code {i}")
        lead = project.coders.ensure("lead").id
        project.codings.add_many(random_codings(rng, project, lead, codings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=60_000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lead = folder / "lead.annotator"
        build_lead(lead, rng, args.documents, args.codings)
        with Project.open(lead) as project:
            copy_for(project, "alice", folder / "alice.annotator", without_other_coders=True)
        with Project.open(folder / "alice.annotator") as copy:
            alice = copy.coders.by_name("alice").id
            copy.codings.add_many(random_codings(rng, copy, alice, args.codings))
        with Project.open(lead) as project, measured(figures, "merge"):
            [report] = merge_files(project, [folder / "alice.annotator"])
        assert report.counts["codings"].added == args.codings
        figures["merge_codings"] = args.codings
        figures["merge_into"] = args.codings

        rows = folder / "codings.csv"
        with Project.open(lead) as project:
            docs = {doc.id: doc for doc in project.documents.all()}
            paths = {code.id: code.path for code in project.codes.all()}
            # A new coder, so every row is new: import-codings must add them all.
            new = random_codings(rng, project, -1, args.rows)
        with rows.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["document", "code_path", "coder", "start", "end"])
            for c in new:
                writer.writerow([docs[c.document_id].name, paths[c.code_id], "bob", c.start, c.end])
        with Project.open(lead) as project, measured(figures, "import_codings"):
            result = import_codings_csv(project, rows)
        assert result.added == args.rows
        figures["import_codings_rows"] = args.rows

        out = folder / "lead.qdpx"
        with Project.open(folder / "alice.annotator") as project, measured(figures, "qdpx_export"):
            written = export_qdpx(project, out)
        figures["qdpx_sources"] = args.documents
        figures["qdpx_codings"] = written
        with measured(figures, "qdpx_import"):
            imported = import_qdpx(folder / "imported.annotator", out)
        assert imported.report.counts["codings"].added == written

        # Alice withdraws a tenth of her codings (one statement; the triggers record each) and
        # merges again: the lead's copies of those go, everything else is already present.
        withdrawn = args.codings // 10
        with Project.open(folder / "alice.annotator") as copy, copy.transaction():
            copy.db.execute(
                "DELETE FROM codings WHERE id IN (SELECT id FROM codings WHERE coder_id = ? "
                "ORDER BY id LIMIT ?)", [alice, withdrawn],
            )  # fmt: skip
        with Project.open(lead) as project, measured(figures, "merge_withdraw"):
            [report] = merge_files(project, [folder / "alice.annotator"])
        assert report.counts["codings"].withdrawn == withdrawn
        figures["merge_withdrawn"] = withdrawn
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
