"""Reviewing disagreement: dashboard, comparison, adjudication, blind coding."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.cli import cli, main  # noqa: F401
from annotator.store import Project
from annotator.ui.bulk_review import BulkPreview
from annotator.ui.comparison import ComparisonView
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import SEED, code, make_window, open_comparison, open_dashboard


@pytest.fixture
def seeded(demo_path: Path) -> Path:
    with Project.open(demo_path) as project:
        code(project, SEED, "Actors/Russia", "alice", "Russian military operations")
        code(project, SEED, "Actors/Russia", "bob", "Russian military")
        code(project, SEED, "Actors/United States", "alice", "White House")
        code(project, SEED, "Actors/United States", "bob", "White House")  # agreement
        code(project, SEED, "Stance/Accusation", "bob", "alleged that Russian airstrikes")
    return demo_path


@pytest.fixture
def review(qtbot: QtBot, tmp_path: Path, seeded: Path) -> MainWindow:
    window, _ = open_comparison(qtbot, tmp_path, seeded, "alice", "bob")
    return window


def consensus(path: Path) -> list[tuple[str, str]]:
    with Project.open(path) as project:
        doc = project.documents.by_name(SEED)
        text = project.documents.text(doc.id)
        try:
            who = project.coders.by_name("consensus").id
        except Exception:  # noqa: BLE001 - no consensus coder yet
            return []
        return [
            (project.codes.get(c.code_id).path, text[c.start : c.end])
            for c in project.codings.for_document(doc.id, coder_ids=[who])
        ]


def version_preview(qtbot: QtBot, view: ComparisonView, coder: str) -> BulkPreview:
    """Choose ``coder`` and press Ctrl+7 (that coder's version of the document): the preview."""
    view.accept_coder.setCurrentIndex(view.accept_coder.findText(coder))
    qtbot.keyClick(view.list, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    preview = view.preview
    assert preview is not None
    return preview


def audit(path: Path) -> list[tuple[str, str | None]]:
    with Project.open(path) as project:
        return [(a.action, a.accepted_coder) for a in project.adjudications.all()]


def test_seeded_disagreements_are_listed(review: MainWindow) -> None:
    view = review.comparison
    assert view is not None
    assert view.list.count() == 2
    first = view.list.item(0).text()
    assert "Actors/Russia" in first
    assert "1 alice: " in first
    assert "2 bob: " in first
    assert "Stance/Accusation" in view.list.item(1).text()
    assert "2 disagreements, 2 not yet decided" in view.count.text()


def test_navigation_moves_the_text_to_the_disagreement(qtbot: QtBot, review: MainWindow) -> None:
    view = review.comparison
    assert view is not None
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert view.list.currentRow() == 1
    item = view.items[1]
    assert view.text.selection() == (item.start, item.start)
    assert view.text.text()[item.start : item.end] == "alleged that Russian airstrikes"
    assert view.text.viewport().rect().contains(view.text.cursorRect())
    start16, end16 = view.text.utf16_span(item.start, item.end)
    inside = [ids for s, e, ids in view.text.highlighted_spans() if s < end16 and start16 < e]
    assert inside
    assert all(len(ids) == 1 for ids in inside)  # only bob coded it: one colour, no underline
    qtbot.keyClick(view.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.text.selection()[0] == view.items[0].start


def test_accept_a_then_undo_removes_coding_and_record(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert consensus(seeded) == [("Actors/Russia", "Russian military operations")]
    assert audit(seeded) == [("accept", "alice")]
    assert view.list.item(0).text().startswith("✓ accept alice")
    qtbot.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert consensus(seeded) == []
    assert audit(seeded) == []


def test_redo_in_the_comparison_brings_an_undone_decision_back(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    view = review.comparison
    assert view is not None
    view.list.setFocus()
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert audit(seeded) == []
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.list, Qt.Key.Key_Z, shift_ctrl)
    assert consensus(seeded) == [("Actors/Russia", "Russian military operations")]
    assert audit(seeded) == [("accept", "alice")]
    assert "Ctrl+Shift+Z" in view.buttons["redo"].text()


def test_use_selection_leaves_the_spaces_of_a_dragged_selection_off(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(1)
    item = view.items[1]
    # "alleged that " with the space a drag takes, and a leading one.
    view.text.select_codepoints(item.start - 1, item.start + len("alleged that "))
    qtbot.keyClick(view.text, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert consensus(seeded) == [("Stance/Accusation", "alleged that")]
    view.list.setCurrentRow(0)
    only = view.items[0].start
    view.text.select_codepoints(only - 1, only)  # white space only: nothing to use
    assert not view.decide("adjust")
    assert "Select the text" in view.count.text()


def test_union_intersection_and_adjusted_boundaries(review: MainWindow, seeded: Path) -> None:
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    assert view.decide("intersection")
    view.list.setCurrentRow(1)
    assert view.decide("union")
    item = view.items[1]
    view.text.select_codepoints(item.start, item.start + 7)
    assert view.decide("adjust")
    assert sorted(consensus(seeded)) == [
        ("Actors/Russia", "Russian military"),
        ("Stance/Accusation", "alleged"),
        ("Stance/Accusation", "alleged that Russian airstrikes"),
    ]
    assert [a for a, _ in audit(seeded)] == ["intersection", "union", "adjust"]


def test_audit_trail_exports(review: MainWindow, seeded: Path, tmp_path: Path) -> None:
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    view.decide("accept", "b")
    review.close()
    out = tmp_path / "trail.csv"
    result = CliRunner().invoke(cli, ["export", str(seeded), "--adjudications-csv", str(out)])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["action"] == "accept"
    assert row["accepted_coder"] == "bob"
    assert row["decided_by"] == "carol"
    assert row["consensus_coder"] == "consensus"
    assert row["code_path"] == "Actors/Russia"
    assert ":alice:" in row["source_codings"]
    assert ":bob:" in row["source_codings"]


def test_blind_mode_hides_others_until_done(qtbot: QtBot, tmp_path: Path, seeded: Path) -> None:
    window = make_window(qtbot, tmp_path, seeded, coder="alice")
    window.review.act_blind.trigger()
    assert window.review.act_blind.isChecked()
    coders = {c.coder_id for c in window.text.codings()}
    assert coders == {window.session.coder.id}  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.documents.model.index(0, 2).data() == "● done"
    assert len({c.coder_id for c in window.text.codings()}) == 2
    window.open_comparison()
    assert window.comparison is not None
    assert window.comparison.banner.isVisible()


def test_dashboard_computes_off_the_gui_thread(qtbot: QtBot, tmp_path: Path, seeded: Path) -> None:
    window = make_window(qtbot, tmp_path, seeded, coder="carol")
    dashboard = open_dashboard(qtbot, window)
    rows = {(r.document, r.code): r for r in dashboard.model.rows()}
    russia = rows[(None, "Actors/Russia")]
    assert russia.coders == ["alice", "bob"]
    assert russia.coded_by == {"alice": 27, "bob": 16}
    assert rows[(None, "Actors/United States")].alpha_u == 1.0
    # Pooled rows only by default; one row per code plus the three overall rows.
    assert dashboard.proxy.rowCount() == 6
    labels = [dashboard.proxy.index(r, 0).data() for r in range(3, 6)]
    assert labels == ["(all codes: pooled pairs)", "(all codes: mean of codes)",
                      "(all codes: pooled over codes, De Vries)"]  # fmt: skip
    cell = dashboard.proxy.index(0, 8)  # alpha_U
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    ac1 = dashboard.proxy.index(0, 7)  # Krippendorff's thresholds are not AC1's
    assert ac1.data(Qt.ItemDataRole.BackgroundRole) is None
    dashboard.export_csv(tmp_path / "agreement.csv")
    assert "Kripp. α" in (tmp_path / "agreement.csv").read_text(encoding="utf-8")
    russia_row = next(
        r for r in range(dashboard.proxy.rowCount())
        if dashboard.proxy.index(r, 0).data() == "Actors/Russia"
    )  # fmt: skip
    table = dashboard.table
    point = table.visualRect(dashboard.proxy.index(russia_row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    shown = [
        (dashboard.proxy.index(r, 0).data(), dashboard.proxy.index(r, 1).data())
        for r in range(dashboard.proxy.rowCount())
    ]
    with Project.open(seeded) as project:
        title = project.documents.by_name(SEED).title
    assert title  # the demo's documents have titles, which the table shows
    assert shown == [("Actors/Russia", title)]
    assert dashboard.proxy.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == SEED
    # "Show" says what is shown, and choosing "Pooled" there goes back.
    assert dashboard.view.currentText() == "Code: Actors/Russia, every document"
    dashboard.view.setCurrentIndex(dashboard.view.findText("Pooled over documents"))
    assert dashboard.proxy.rowCount() == 6


def test_dashboard_leaves_the_consensus_coder_out_after_adjudication(
    qtbot: QtBot, review: MainWindow
) -> None:
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    assert view.decide("accept", "a")
    dashboard = open_dashboard(qtbot, review)
    assert dashboard.options().coders == ["alice", "bob"]
    assert all(row.coders == ["alice", "bob"] for row in dashboard.model.rows()
               if row.document is None)  # fmt: skip


def test_agreements_reach_the_consensus_in_one_recorded_undoable_step(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    view = review.comparison
    assert view is not None
    qtbot.keyClick(view.list, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    preview = view.preview
    assert preview is not None
    assert preview.list.count() == 1
    assert "Actors/United States" in preview.list.item(0).text()
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert consensus(seeded) == [("Actors/United States", "White House")]
    assert audit(seeded) == [("agreed", None)]
    # Taking them again plans nothing: the consensus already holds them. No empty dialog
    # (tryout2 N7): the count line says so.
    qtbot.keyClick(view.list, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert view.preview is None
    assert view.count.text() == (
        "No agreements left to take here (regions already decided are skipped)."
    )
    assert audit(seeded) == [("agreed", None)]
    qtbot.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert consensus(seeded) == []
    assert audit(seeded) == []


def test_every_code_at_once_and_filterable(qtbot: QtBot, review: MainWindow) -> None:
    view = review.comparison
    assert view is not None
    assert len(view.text.codings()) == 5  # every code of both coders is painted
    qtbot.keyClicks(view.code_filter, "Actors/Russia")
    view.select_code("Actors/Russia")
    assert view.code_filter.currentText() == "Actors/Russia"
    assert view.list.count() == 1
    assert len(view.text.codings()) == 2
    view.select_code(None)
    assert view.list.count() == 2


def test_a_decision_advances_to_the_next_undecided(qtbot: QtBot, review: MainWindow) -> None:
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.list.currentRow() == 1
    assert view.decided == [True, False]
    qtbot.keyClick(view.list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert view.decided == [True, True]
    assert "0 not yet decided" in view.count.text()


@pytest.fixture
def three(qtbot: QtBot, tmp_path: Path, seeded: Path) -> MainWindow:
    with Project.open(seeded) as project:
        code(project, SEED, "Actors/Russia", "dana", "Russian military operations")
        code(project, SEED, "Actors/United States", "dana", "White House")
    window, _ = open_comparison(qtbot, tmp_path, seeded, "alice", "bob", "dana")
    return window


def batches(path: Path) -> list[tuple[str, str | None, str | None]]:
    with Project.open(path) as project:
        return [(a.action, a.accepted_coder, a.batch) for a in project.adjudications.all()]


def test_three_coders_get_a_stripe_column_each(three: MainWindow) -> None:
    view = three.comparison
    assert view is not None
    assert len(view.compared()) == 3
    assert {view._lane(c) for c in view.text.codings()} == {0, 1, 2}
    assert all(name in view.legend.text() for name in ("alice", "bob", "dana"))
    first = view.list.item(0).text()
    assert "3 dana: " in first
    assert view.text.margin_width() > 0


def test_one_coders_version_of_a_document_in_one_recorded_step(
    qtbot: QtBot, three: MainWindow, seeded: Path
) -> None:
    view = three.comparison
    assert view is not None
    preview = version_preview(qtbot, view, "bob")
    assert preview.list.count() == 3
    assert consensus(seeded) == []  # nothing written before Apply
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert sorted(consensus(seeded)) == [
        ("Actors/Russia", "Russian military"),
        ("Actors/United States", "White House"),
        ("Stance/Accusation", "alleged that Russian airstrikes"),
    ]
    trail = batches(seeded)
    assert sorted((a, c) for a, c, _ in trail) == [
        ("accept", "bob"), ("accept", "bob"), ("agreed", None),
    ]  # fmt: skip
    assert all(batch and "bob's version" in batch for _, _, batch in trail)
    qtbot.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert consensus(seeded) == []
    assert batches(seeded) == []


def test_chosen_coder_wherever_alpha_u_is_above_a_threshold(
    qtbot: QtBot, three: MainWindow, seeded: Path
) -> None:
    view = three.comparison
    assert view is not None
    view.accept_coder.setCurrentIndex(view.accept_coder.findText("dana"))
    view.take_above_threshold()
    assert "Choose one code" in view.count.text()
    view.threshold.setValue(0.95)
    view.select_code("Actors/Russia")  # bob stops 11 characters early: alpha_U 0.929
    view.take_above_threshold()
    assert view.preview is None  # nothing to take: said in the count line, no empty dialog
    assert "Nothing left to take from dana for Actors/Russia" in view.count.text()
    view.select_code("Actors/United States")  # all three agree: alpha_U = 1
    view.take_above_threshold()
    assert view.preview is not None
    assert view.preview.list.count() == 1
    qtbot.mouseClick(view.preview.apply_button, Qt.MouseButton.LeftButton)
    assert consensus(seeded) == [("Actors/United States", "White House")]
    [(action, _, batch)] = batches(seeded)
    assert action == "agreed"
    assert batch is not None
    assert "alpha_U > 0.950" in batch


def test_dashboard_intervals_progress_reproduce_and_cancel(
    qtbot: QtBot, tmp_path: Path, seeded: Path
) -> None:
    from annotator.core.agreement import AgreementOptions
    from annotator.core.agreement.bootstrap import BootstrapOptions, attach_intervals, bootstrap
    from annotator.core.agreement.engine import compute_with_tables
    from annotator.store.agreement_source import agreement_input

    window = make_window(qtbot, tmp_path, seeded, coder="carol")
    dashboard = open_dashboard(qtbot, window)
    panel = dashboard.intervals
    panel.resamples.setValue(120)
    panel.seed.setValue(11)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert panel.is_busy()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30_000)
    assert panel.progress.value() == 120
    assert "seed 11" in panel.status.text()
    header = dashboard.model.header()
    column = header.index("α_U CI")
    russia = next(r for r in range(dashboard.model.rowCount())
                  if dashboard.model.index(r, 0).data() == "Actors/Russia"
                  and dashboard.model.index(r, 1).data() == "(pooled)")  # fmt: skip
    shown = dashboard.model.index(russia, column).data()
    with Project.open(seeded) as project:
        data = agreement_input(project)
    rows, tables = compute_with_tables(data, AgreementOptions(coders=["alice", "bob"]))
    attach_intervals(rows, bootstrap(tables, BootstrapOptions(0.95, 120, 11)))
    expected = next(r.ci for r in rows if r.code == "Actors/Russia" and r.document is None)
    low, high = cast(tuple[float, float], expected["alpha_u"])
    assert shown == f"[{low:.3f}, {high:.3f}]"
    # A long run stops on Cancel, well before its end.
    panel.resamples.setValue(100_000)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=30_000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30_000)
    assert panel.status.text() == "Intervals cancelled."
    assert panel.progress.value() < 100_000


def test_the_document_version_preview_quotes_what_will_be_written(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    """F7: accepting a coder where they coded nothing writes nothing, and the preview says so."""
    view = review.comparison
    assert view is not None
    preview = version_preview(qtbot, view, "bob")
    lines = sorted(preview.list.item(i).text() for i in range(preview.list.count()))
    [russia, united, accusation] = lines
    assert "Stance/Accusation" in accusation
    assert accusation.endswith("accept bob: “alleged that Russian airstrikes”")
    assert "Actors/Russia" in russia
    assert "accept bob: “Russian military” [234–250)" in russia  # bob's span, not the region
    assert "“White House”" in united
    assert "3 regions in 1 document" in preview.summary.text()
    assert "no consensus coding" not in preview.summary.text()
    preview.reject()
    preview = version_preview(qtbot, view, "alice")
    lines = sorted(preview.list.item(i).text() for i in range(preview.list.count()))
    [russia, _, accusation] = lines
    # alice did not code the accusation: nothing is written there, and nothing is quoted.
    assert accusation.endswith("accept alice: nothing (no consensus coding here)")
    assert "alleged" not in accusation
    assert russia.endswith("accept alice: “Russian military operations”")
    assert "1 region gets no consensus coding" in preview.summary.text()
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert sorted(consensus(seeded)) == [
        ("Actors/Russia", "Russian military operations"),
        ("Actors/United States", "White House"),
    ]


# -- tryout2 N5, N6 --------------------------------------------------------------------------


def listed_codings(window: MainWindow, document: str) -> object:
    """The "Codings" column of the document list for ``document``, as shown."""
    assert window.session is not None
    document_id = window.session.project.documents.by_name(document).id
    model = window.documents.model
    return model.index(model.row_of(document_id), 1).data()


def stored_codings(path: Path, document: str) -> int:
    with Project.open(path) as project:
        return project.documents.by_name(document).codings


def test_the_document_list_counts_a_decision_where_it_was_made(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    """A decision adds a consensus coding to the decided document, shown or not (N5)."""
    assert review.session is not None
    other = review.session.project.documents.all()[-1].name
    assert other != SEED
    review.show_document(review.session.project.documents.by_name(other).id)
    assert listed_codings(review, SEED) == 5
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert stored_codings(seeded, SEED) == 6
    assert listed_codings(review, SEED) == 6
    assert listed_codings(review, other) == stored_codings(seeded, other)
    # A decision in the document shown counts there too; its undo takes the count back.
    qtbot.keyClick(view.list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert listed_codings(review, SEED) == stored_codings(seeded, SEED) == 7
    qtbot.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert listed_codings(review, SEED) == stored_codings(seeded, SEED) == 6


def test_a_region_decided_again_is_labelled_with_the_latest_decision(
    qtbot: QtBot, review: MainWindow, seeded: Path
) -> None:
    """N6: intersection, then Accept 2nd on the same region: the list says accept bob."""
    view = review.comparison
    assert view is not None
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert view.list.item(0).text().startswith("✓ intersection")
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert audit(seeded) == [("intersection", None), ("accept", "bob")]
    assert view.list.item(0).text().startswith("✓ accept bob")
