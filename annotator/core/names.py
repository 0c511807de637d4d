"""When two spellings of a coder's name are one coder: the rule every layer shares.

Pure (no SQL), so that the agreement engine in ``core`` can leave out the consensus coder
by the same rule the store uses to find a coder: a consensus coder stored as "Consensus"
is the project's "consensus" everywhere, not only where the store looks.
"""

from __future__ import annotations

from collections.abc import Iterable


def coder_key(name: str) -> str:
    """What two spellings of one coder's name have in common: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def same_coder(a: str, b: str) -> bool:
    """Coder names match ignoring case and spacing, as the store matches them."""
    return coder_key(a) == coder_key(b)


def default_coders(worked: Iterable[str], consensus: str | None) -> list[str]:
    """Whom agreement compares unless told otherwise, by name, sorted.

    ``worked``: the coders who worked on a selected document (coded in it, or marked it
    done; the caller decides whether auto-codings count, and by default they do not). The
    consensus coder is left out in any spelling: the consensus is what the coders are
    compared to make, not one of them. One rule for the command line, the dashboard and
    Compare Coders, so that their default figures agree.
    """
    skip = coder_key(consensus) if consensus else None
    return sorted(coder for coder in set(worked) if coder_key(coder) != skip)
