"""Charts from a project: the bars, heat map and codeline the Analysis windows and CLI draw."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from annotator.core.spans import Span
from annotator.store.analysis import SegmentFilter
from annotator.store.tables import EVERYTHING, cooccurrence_table, frequency_table
from annotator.ui.charts import BarChart, Codeline, HeatMap

if TYPE_CHECKING:
    from annotator.store.project import Project


def frequency_bars(
    project: Project, measure: str = "codings", chosen: SegmentFilter = EVERYTHING
) -> BarChart:
    """Each code's total (codes without codings left out), in codebook order."""
    table = frequency_table(project, measure=measure, chosen=chosen)
    colours = {code.id: code.color for code in project.codes.all()}
    rows = [(path, cells[-1], colours[code_id])
            for path, cells, code_id in zip(table.rows, table.cells, table.row_ids, strict=True)
            if cells and cells[-1]]  # fmt: skip
    return BarChart(f"Code frequencies ({measure})", [r[0] for r in rows], [r[1] for r in rows],
                    [r[2] for r in rows])  # fmt: skip


def cooccurrence_heatmap(
    project: Project, count: str = "segments", distance: int = 0, chosen: SegmentFilter = EVERYTHING
) -> HeatMap:
    """Codes × codes, codes that co-occur with nothing left out."""
    table = cooccurrence_table(project, count=count, distance=distance, chosen=chosen).table()
    keep = [i for i, row in enumerate(table.cells) if any(v for j, v in enumerate(row) if j != i)]
    labels = [table.rows[i] for i in keep]
    cells = [[table.cells[i][j] for j in keep] for i in keep]
    within = "overlapping" if distance == 0 else f"within {distance} characters"
    return HeatMap(f"Co-occurrence ({count}, {within})", labels, cells)


def codeline(project: Project, document: str, coders: tuple[str, ...] = ()) -> Codeline:
    """One row per code used in the document, its segments along the text."""
    doc = project.documents.by_name(document)
    coder_ids = [project.coders.by_name(name).id for name in coders] or None
    spans: dict[int, list[Span]] = defaultdict(list)
    for coding in project.codings.for_document(doc.id, coder_ids=coder_ids):
        spans[coding.code_id].append((coding.start, coding.end))
    rows = [(code.path, code.color, spans[code.id]) for code in project.codes.all()
            if code.id in spans]  # fmt: skip
    return Codeline(f"Codeline: {doc.name}", doc.length, rows)
