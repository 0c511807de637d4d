"""The column-at-a-time parse of a codings CSV gives exactly what the row-by-row parse gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.coded_csv import coding_rows_from_table, parse_coding_rows
from annotator.core.csvformat import read_csv_dicts, read_csv_table

HEADER = "document,document_sha256,code_path,coder,start,end,text,memo,auto_rule"
ROWS = [
    " a.txt ,,Actors / Russia,alice,0,2,😀x,a memo 😀,",
    ",ABCDEF,Actors/Russia, bob ,3,7,👩‍👩‍👧,,rule: word",
    'a.txt,,Тема/Подтема,alice, 5 ,9,"line\r\nnext",,',
    "b.txt,,موضوع,carol,1,4,e\u0301é,,",
]


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "codings.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def test_column_parse_matches_row_parse(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, *ROWS])
    header, table = read_csv_table(path)
    fast = coding_rows_from_table(header, table)
    dict_header, dicts = read_csv_dicts(path)
    slow = parse_coding_rows(dict_header, dicts, path.name)
    assert fast == slow
    assert fast is not None
    assert fast[1].document_sha256 == "abcdef"
    assert fast[0].code_path == "Actors/Russia"
    assert fast[1].coder == "bob"
    assert fast[2].text == "line\r\nnext"
    assert fast[0].auto_rule is None


def test_column_parse_of_only_the_needed_columns(tmp_path: Path) -> None:
    path = write(tmp_path, ["document,code_path,coder,start,end", "a.txt,A,alice,0,1"])
    header, table = read_csv_table(path)
    fast = coding_rows_from_table(header, table)
    assert fast == parse_coding_rows(*read_csv_dicts(path), path.name)


@pytest.mark.parametrize(
    "lines",
    [
        ["document,code_path,coder,start", "a.txt,A,alice,0"],  # no end column
        [HEADER, "a.txt,,A,alice,0,2,,"],  # a short row
        [HEADER, "a.txt,,A,alice,0,2,,,,extra"],  # a long row
        [HEADER, "a.txt,,A,alice,zero,2,,,"],  # not a number
        [HEADER, "a.txt,,A, ,0,2,,,"],  # no coder
        [HEADER, ",,A,alice,0,2,,,"],  # no document
        [HEADER, "a.txt,,A//B,alice,0,2,,,"],  # an empty code name
    ],
)
def test_irregular_files_are_left_to_the_row_parse(tmp_path: Path, lines: list[str]) -> None:
    header, table = read_csv_table(write(tmp_path, lines))
    assert coding_rows_from_table(header, table) is None
