"""The dashboard starts with the command line's default coders, so its first figures are its.

The audit's F2: the dashboard checked "coders who have codings" (auto-codings included), the
command line compares "every coder who worked on a selected document" (coded it, auto-codings
not counted, or marked it done), without the consensus coder in any spelling. One rule now
(``CoderStore.active``, built on ``core.names.default_coders``) for both and for Compare Coders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.cli import cli
from annotator.store import Project
from tests.cli.test_agreement_audit import build_hard
from tests.ui.conftest import make_window, open_dashboard, settled


def test_the_dashboard_checks_the_command_lines_coders_and_shows_its_figures(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = build_hard(tmp_path)
    runner = CliRunner()
    # dave marked a and b done without coding ("nothing to code here"): he worked there.
    with Project.open(path) as project:
        dave = project.coders.ensure("dave").id
        for name in ("a", "b"):
            project.status.set(project.documents.by_name(name).id, dave, "done")
    # robot only auto-coded: a search rule's hits, left out by default, so robot worked nowhere.
    result = runner.invoke(
        cli, ["autocode", str(path), "--code", "Y", "--coder", "robot", "--match", "world"]
    )
    assert result.exit_code == 0, result.output
    # The consensus coder, stored as "Consensus" by an import, is never compared by default.
    csv = tmp_path / "cc.csv"
    csv.write_text("document,code_path,coder,start,end\nb,X,Consensus,0,5\n")
    assert runner.invoke(cli, ["import-codings", str(path), str(csv)]).exit_code == 0
    cli_rows = json.loads(
        runner.invoke(cli, ["agreement", str(path), "--pooled-only", "--format", "json"]).stdout
    )
    assert cli_rows[-1]["coders"] == ["alice", "bob", "carol", "dave"]

    window = make_window(qtbot, tmp_path, path)
    dashboard = open_dashboard(qtbot, window)
    assert dashboard._checked(dashboard.coders) == ["alice", "bob", "carol", "dave"]
    shown = [row.as_dict() for row in dashboard.model.rows() if row.document is None]
    assert shown == [{k: v for k, v in row.items() if k != "title"} for row in cli_rows]
    assert "rows for coders alice, bob, carol, dave." in dashboard.status.text()


def test_unchecking_a_code_brings_no_unused_code_into_the_all_codes_rows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """F1 in the dashboard: with Y unchecked, X and the unused Z are an explicit selection;
    the all-codes rows must then be X's own figures, not X's pooled with Z's empty text."""
    path = build_hard(tmp_path)
    assert CliRunner().invoke(cli, ["codes", "add", str(path), "Z"]).exit_code == 0
    window = make_window(qtbot, tmp_path, path)
    dashboard = open_dashboard(qtbot, window)
    for i in range(dashboard.coders.count()):  # alice and bob
        item = dashboard.coders.item(i)
        checked = item.text() in ("alice", "bob")
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    (y,) = dashboard.codes.findItems("Y", Qt.MatchFlag.MatchExactly)
    dashboard.codes.setFocus()
    dashboard.codes.setCurrentItem(y)
    qtbot.keyClick(dashboard.codes, Qt.Key.Key_Space)
    assert y.checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: settled(dashboard) and "rows for coders alice, bob." in dashboard.status.text(),
        timeout=20_000,
    )
    pooled = {(r.code, r.pooling): r for r in dashboard.model.rows() if r.document is None}
    x = pooled[("X", None)]
    assert x.cohen_kappa == pytest.approx(0.6250, abs=5e-5)
    assert pooled[("Z", None)].percent_agreement is None
    for pooling in ("pairs", "mean", "codes"):
        assert pooled[(None, pooling)].cohen_kappa == pytest.approx(x.cohen_kappa, abs=1e-12)
    assert pooled[(None, "mean")].gwet_ac1 == x.gwet_ac1
