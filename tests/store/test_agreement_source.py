"""What the agreement engine reads from a project, and what leaving auto-codings out leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.agreement import AgreementOptions
from annotator.core.agreement.selection import CodedSpan, select
from annotator.store import Project
from annotator.store.agreement_source import agreement_input, auto_coding_count

SCOPES = [
    AgreementOptions(),
    AgreementOptions(documents=["one"]),
    AgreementOptions(codes=["Fruit/Apple"]),
    AgreementOptions(codes=["Fruit/Apple"], documents=["two"]),
    AgreementOptions(codes=["Fruit", "Fruit/Pear", "Fruit/Pear"]),
    AgreementOptions(coders=["alice", "consensus"]),
    AgreementOptions(coders=["alice", "bob"], codes=["Fruit/Pear"], all_worked=True),
    AgreementOptions(coders=["carol", "bob"], documents=["one", "two"]),
    AgreementOptions(coders=[]),
    AgreementOptions(codes=[], documents=[]),  # empty selections restrict nothing, as in select
]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (AgreementOptions(), 8),  # every auto-coding but the consensus coder's 2
        (AgreementOptions(documents=["one"]), 3),
        (AgreementOptions(codes=["Fruit/Apple"]), 3),
        (AgreementOptions(codes=["Fruit/Apple"], documents=["two"]), 1),
        (AgreementOptions(coders=["alice", "consensus"]), 5),  # named: counted
        (AgreementOptions(coders=["alice", "bob"], codes=["Fruit/Pear"]), 3),
    ],
)
def test_left_out_counts_only_the_chosen_scope(
    auto_coded: Path, options: AgreementOptions, expected: int
) -> None:
    with Project.open(auto_coded) as project:
        assert auto_coding_count(project, options) == expected


@pytest.mark.parametrize("options", SCOPES)
def test_left_out_is_what_include_auto_brings_into_the_comparison(
    auto_coded: Path, options: AgreementOptions
) -> None:
    """The count equals the codings the engine's own selection takes in with them, less those
    it takes in without them."""
    with Project.open(auto_coded) as project:
        everything = agreement_input(project, include_auto=True)
        judged = agreement_input(project, include_auto=False)
        counted = auto_coding_count(project, options)
    selection = select(everything, options)
    documents, coders = set(selection.documents), set(selection.coders)

    def taken(codings: list[CodedSpan]) -> int:
        return sum(
            c.document in documents and c.coder in coders and c.code in selection.codes
            and (c.document, c.coder) in selection.worked
            for c in codings
        )  # fmt: skip

    assert counted == taken(list(everything.codings)) - taken(list(judged.codings))
