"""One coder-name rule for store and engine (``annotator.core.names``)."""

from __future__ import annotations

from annotator.core.names import coder_key, default_coders, same_coder
from annotator.store import coders


def test_case_and_spacing_do_not_matter() -> None:
    assert same_coder("  Lena   LEAD ", "lena lead")
    assert coder_key("Straße") == coder_key("STRASSE")  # casefold, not lower
    assert not same_coder("ann", "anne")


def test_the_store_uses_the_core_rule() -> None:
    assert coders.coder_key is coder_key
    assert coders.same_coder is same_coder


def test_default_coders_leave_out_the_consensus_coder_in_any_spelling() -> None:
    worked = ["bob", "Consensus", "alice", "bob", " CONSENSUS "]
    assert default_coders(worked, "consensus") == ["alice", "bob"]
    assert default_coders(worked, None) == [" CONSENSUS ", "Consensus", "alice", "bob"]
