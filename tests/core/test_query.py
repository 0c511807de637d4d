"""The query parser: precedence, quoting, coders, and errors that name their column."""

from __future__ import annotations

import pytest

from annotator.core.query import (
    CodeTerm,
    Operation,
    QuerySyntaxError,
    code_terms,
    format_query,
    parse_query,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("A", '"A"'),
        ("A AND B", '("A" AND "B")'),
        ("A OR B AND C", '("A" OR ("B" AND "C"))'),
        ("A AND B NOT C", '(("A" AND "B") NOT "C")'),
        ("A NOT B OR C", '(("A" NOT "B") OR "C")'),
        ("A NEAR/5 B AND C", '(("A" NEAR/5 "B") AND "C")'),
        ("A FOLLOWED BY B", '("A" FOLLOWED BY "B")'),
        ("A FOLLOWED BY/12 B", '("A" FOLLOWED BY/12 "B")'),
        ("(A OR B) AND C", '(("A" OR "B") AND "C")'),
        ("Group 0/Code 1 AND Stance", '("Group 0/Code 1" AND "Stance")'),
        ('"Actors/Russia AND co" OR B', '("Actors/Russia AND co" OR "B")'),
        ('A@alice AND B@"Bob Smith"', '("A"@"alice" AND "B"@"Bob Smith")'),
        ('"say \\"no\\""', '"say \\"no\\""'),
        ("Café 😀 NEAR/0 Лавров", '("Café 😀" NEAR/0 "Лавров")'),
        ("a and b", '"a and b"'),
    ],
)
def test_parse_and_format(query: str, expected: str) -> None:
    assert format_query(parse_query(query)) == expected


def test_terms_keep_their_columns_and_coders() -> None:
    node = parse_query('Stance AND  "Actors/Russia"@alice')
    assert isinstance(node, Operation)
    assert code_terms(node) == [
        CodeTerm("Stance", None, 1),
        CodeTerm("Actors/Russia", "alice", 13),
    ]


@pytest.mark.parametrize(
    ("query", "column", "words"),
    [
        ("", 1, "empty"),
        ("A AND", 6, "ends"),
        ("A AND (B OR C", 14, "never closed"),
        ("A) OR B", 2, "closes nothing"),
        ("NOT A", 1, "left side"),
        ("A NEAR B", 3, "distance"),
        ("A NEAR/ B", 3, "distance"),
        ('A AND "B', 7, "never closed"),
        ("A FOLLOWED B", 12, "BY"),
        ("A BY B", 3, "without FOLLOWED"),
        ("A@ AND B", 3, "coder"),
        ("A (B)", 3, "expected AND"),
        ("A AND OR B", 7, "expected a code"),
    ],
)
def test_syntax_errors_name_the_column(query: str, column: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert caught.value.column == column
    assert words in str(caught.value)
    assert f"column {column}" in str(caught.value)
