"""Which documents, coders and codes an agreement computation compares, and who worked where.

Kept apart from the arithmetic because the choices are where figures went wrong before:
whether a coder *worked on* a document must never depend on which codes are selected, a
selection of codes is a set (a parent and its child, or a code named twice, count once), a
coder named twice is an error, and the consensus coder is compared only when named.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.names import default_coders
from annotator.core.spans import Span, merge_overlapping

# Why a figure is undefined when the reason is the coders chosen, not what they coded: a
# table that shows such a dash names the coders compared beside the reason.
NOT_TWO_CODERS = "Cohen's kappa is defined for exactly two coders"
NO_SHARED_DOCUMENT = "no document on which every selected coder worked"
TOO_FEW_CODERS = "agreement needs at least two coders"
SELECTION_REASONS = frozenset({NOT_TWO_CODERS, NO_SHARED_DOCUMENT, TOO_FEW_CODERS})
# Why a selected code has no figures and stays out of the all-codes rows.
UNUSED_CODE = (
    "no coder compared used this code on a document two or more of them worked on; "
    "left out of the all-codes rows"
)


@dataclass(frozen=True)
class CodedSpan:
    document: str
    code: str
    coder: str
    start: int
    end: int


@dataclass(frozen=True)
class AgreementInput:
    """What the engine needs to know of a project.

    Attributes:
        lengths: each document's length in code points, in display order.
        codings: every coding of the project (of every code: who worked where is read from
            all of them, whatever codes are then compared).
        done: (document, coder) pairs the coder marked done.
        texts: the documents' texts; needed only to ignore whitespace.
        consensus: the consensus coder's name; left out of the default coder set (any
            spelling of it, case and spacing ignored, as the store matches coder names).
        fingerprints: each document's SHA-256 of its text: the order in which a bootstrap
            resamples documents, so that renaming a document does not change an interval.
    """

    lengths: Mapping[str, int]
    codings: Sequence[CodedSpan]
    done: frozenset[tuple[str, str]] = frozenset()
    texts: Mapping[str, str] | None = None
    consensus: str | None = None
    fingerprints: Mapping[str, str] | None = None


@dataclass(frozen=True)
class AgreementOptions:
    """What to compare.

    ``documents`` is the open door for filters (document attributes, auto-codings): any
    caller that can name the documents or drop codings before the engine sees them can
    narrow the computation without the engine knowing why.
    """

    coders: Sequence[str] | None = None
    codes: Sequence[str] | None = None
    documents: Sequence[str] | None = None
    ignore_whitespace: bool = False
    all_worked: bool = False
    per_document: bool = True  # False: only the pooled rows (much faster on large corpora)
    # Auto-codings (made by a search rule, not a coder's judgement) are left out unless asked:
    # the store drops them before the engine sees the codings.
    include_auto: bool = False


@dataclass(frozen=True)
class Selection:
    """The documents, coders and codes compared, who worked where, and each coder's units."""

    documents: list[str]
    coders: list[str]
    codes: list[str]
    worked: frozenset[tuple[str, str]]
    units: Mapping[tuple[str, str, str], list[Span]]  # (document, code, coder) -> merged units
    # The codes some selected coder used on a compared document (one two or more of the
    # selected coders worked on): only these enter the all-codes rows.
    used: frozenset[str]

    def present(self, document: str) -> list[str]:
        """The selected coders who worked on ``document``, in selection order."""
        return [coder for coder in self.coders if (document, coder) in self.worked]


def duplicates(names: Iterable[str]) -> list[str]:
    """Names given more than once, in first-repeat order."""
    seen: set[str] = set()
    repeated: list[str] = []
    for name in names:
        if name in seen and name not in repeated:
            repeated.append(name)
        seen.add(name)
    return repeated


def select(data: AgreementInput, options: AgreementOptions) -> Selection:
    """Resolve the options against the data.

    Raises:
        ValueError: a coder is named twice.
    """
    if options.coders is not None and (twice := duplicates(options.coders)):
        raise ValueError(f"coder {twice[0]!r} is named more than once")
    wanted = set(options.documents) if options.documents else None
    documents = [d for d in data.lengths if wanted is None or d in wanted]
    chosen = set(documents)
    # Worked on: marked done, or made a coding of any code, selected or not.
    worked = {(d, c) for d, c in data.done if d in chosen}
    worked.update((c.document, c.coder) for c in data.codings if c.document in chosen)
    if options.coders is not None:
        coders = list(options.coders)
    else:
        coders = default_coders((coder for _, coder in worked), data.consensus)
    if options.all_worked:
        worked = {(d, c) for d in documents for c in coders}
    coder_set = set(coders)
    codes_wanted = list(dict.fromkeys(options.codes)) if options.codes else None
    code_set = set(codes_wanted) if codes_wanted else None
    raw: dict[tuple[str, str, str], list[Span]] = defaultdict(list)
    for c in data.codings:
        if (
            c.document in chosen
            and c.coder in coder_set
            and (code_set is None or c.code in code_set)
            and (c.document, c.coder) in worked
        ):
            raw[(c.document, c.code, c.coder)].append((c.start, c.end))
    # Compared documents: two or more selected coders worked there. A code used only where
    # one of them worked is compared nowhere, as a code nobody used.
    present = Counter(d for d, coder in worked if coder in coder_set)
    used = frozenset(code for document, code, _ in raw if present[document] >= 2)
    codes = codes_wanted if codes_wanted is not None else sorted(used)
    units = {key: merge_overlapping(spans) for key, spans in raw.items()}
    return Selection(documents, coders, codes, frozenset(worked), units, used)
