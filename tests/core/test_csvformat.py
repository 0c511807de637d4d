from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.csvformat import neutralise_formula, read_csv_dicts, write_csv


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_formula_prefixes_are_neutralised(cell: str) -> None:
    assert neutralise_formula(cell) == "'" + cell


def test_other_cells_stay() -> None:
    assert neutralise_formula("Russia") == "Russia"
    assert neutralise_formula(-3) == -3
    assert neutralise_formula(None) is None


def test_plain_csv_keeps_newlines_inside_cells(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    write_csv(out, ["a", "b"], [["line1\nline2", "=x"]])
    assert out.read_bytes() == b'a,b\n"line1\nline2",=x\n'
    header, rows = read_csv_dicts(out)
    assert rows == [{"a": "line1\nline2", "b": "=x"}]


def test_excel_csv_has_bom_crlf_and_escapes(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    write_csv(out, ["a"], [["=1+1"], ["ok"]], excel=True)
    assert out.read_bytes() == b"\xef\xbb\xbfa\r\n'=1+1\r\nok\r\n"


def test_interrupted_write_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"

    def rows() -> object:
        yield ["fine"]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_csv(out, ["a"], rows())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
