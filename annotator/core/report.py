"""Reports of coded documents: the text cut into pieces by the coverage index, each piece a
Pygments token for its set of codes, formatted as RTF or LaTeX by Pygments' own formatters
(and as HTML by :mod:`annotator.core.report_html`, which adds title attributes and links).

A report holds: a legend, each document with its codes highlighted (overlaps visible) and the
memos of its codings as numbered notes, a codebook section (definitions and counts), and for
the codes asked for, every segment of that code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pygments import format as pygments_format
from pygments.formatter import Formatter
from pygments.formatters import LatexFormatter, RtfFormatter
from pygments.token import _TokenType

from annotator.core.coverage import Coverage
from annotator.core.model import Coding
from annotator.core.report_style import HEADING, MARKER, NOTE, PLAIN, SUBHEADING, ReportTheme
from annotator.core.wording import plural

Token = tuple[_TokenType, str]
_RTF_BACKGROUND = re.compile(r"\\cb(\d+)")


@dataclass(frozen=True)
class ReportCode:
    id: int
    path: str
    colour: str
    description: str = ""
    codings: int = 0


@dataclass(frozen=True)
class ReportDocument:
    id: int
    name: str
    text: str
    codings: tuple[Coding, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows, read from the project in bulk."""

    title: str
    codes: tuple[ReportCode, ...]
    coders: dict[int, str]
    documents: tuple[ReportDocument, ...]
    focus: tuple[int, ...] = ()  # codes whose segments get a section of their own
    _by_id: dict[int, ReportCode] = field(init=False, repr=False, compare=False)
    _titles: dict[tuple[tuple[int, int], ...], str] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {code.id: code for code in self.codes})

    def code(self, code_id: int) -> ReportCode:
        return self._by_id[code_id]


@dataclass(frozen=True)
class Piece:
    """A stretch of a document under one set of codings (none: plain text)."""

    start: int
    end: int
    codings: tuple[Coding, ...]
    notes: tuple[int, ...] = ()  # footnote numbers whose codings end here


@dataclass
class DocumentPieces:
    document: ReportDocument
    pieces: list[Piece] = field(default_factory=list)
    notes: list[tuple[int, Coding]] = field(default_factory=list)


def cut_document(document: ReportDocument) -> DocumentPieces:
    """The whole text as pieces (plain ones included) and the numbered memos."""
    by_id = {coding.id: coding for coding in document.codings}
    numbered = [c for c in sorted(document.codings, key=lambda c: (c.end, c.start, c.id)) if c.memo]
    number = {coding.id: index + 1 for index, coding in enumerate(numbered)}
    result = DocumentPieces(document, notes=[(number[c.id], c) for c in numbered])
    position = 0
    coverage = Coverage(document.codings)
    for piece in coverage.between(0, len(document.text)):
        if piece.start > position:
            result.pieces.append(Piece(position, piece.start, ()))
        codings = tuple(by_id[i] for i in piece.codings)
        notes = tuple(number[c.id] for c in codings if c.id in number and c.end == piece.end)
        result.pieces.append(Piece(piece.start, piece.end, codings, notes))
        position = piece.end
    if position < len(document.text):
        result.pieces.append(Piece(position, len(document.text), ()))
    return result


def describe(codings: tuple[Coding, ...], data: ReportData) -> str:
    """``Code (coder, coder); Code (coder)``: what a title attribute or a note says.

    Pieces repeat the same codes and coders many times over, so the text is kept per set of
    (code, coder) pairs.
    """
    key = tuple(sorted({(coding.code_id, coding.coder_id) for coding in codings}))
    found = data._titles.get(key)
    if found is None:
        coders: dict[int, list[str]] = {}
        for code_id, coder_id in key:
            coders.setdefault(code_id, []).append(data.coders.get(coder_id, "?"))
        found = data._titles[key] = "; ".join(
            f"{data.code(code_id).path} ({', '.join(sorted(names))})"
            for code_id, names in coders.items()
        )
    return found


def code_key(codings: tuple[Coding, ...]) -> tuple[int, ...]:
    """The sorted, distinct code ids of some codings: which token a piece gets."""
    if len(codings) == 1:
        return (codings[0].code_id,)
    return tuple(sorted({coding.code_id for coding in codings}))


def used_codes(data: ReportData) -> list[ReportCode]:
    used = {c.code_id for d in data.documents for c in d.codings}
    return [code for code in data.codes if code.id in used]


def report_tokens(
    data: ReportData, theme: ReportTheme, progress: Callable[[int, int], None] | None = None
) -> Iterator[Token]:
    """The report as one Pygments token stream (what the RTF and LaTeX formatters take)."""
    yield HEADING, f"{data.title}\n\n"
    yield SUBHEADING, "Legend\n"
    for code in used_codes(data):
        yield theme.token([code.id]), f" {code.path} "
        yield PLAIN, "\n"
    yield NOTE, "Bold and underlined: two or more codes overlap. [n]: a memo, below the text.\n\n"
    for index, document in enumerate(data.documents):
        yield from _document_tokens(cut_document(document), data, theme)
        if progress is not None:
            progress(index + 1, len(data.documents))
    yield SUBHEADING, "Codebook\n"
    for code in data.codes:
        yield theme.token([code.id]), f" {code.path} "
        yield PLAIN, f"  {plural(code.codings, 'coding')}"
        yield NOTE, f"  {code.description}\n" if code.description else "\n"
    for code_id in data.focus:
        yield from _segment_tokens(code_id, data, theme)


def _document_tokens(cut: DocumentPieces, data: ReportData, theme: ReportTheme) -> Iterator[Token]:
    text = cut.document.text
    yield SUBHEADING, f"\n{cut.document.name}\n"
    for piece in cut.pieces:
        token = theme.token_for(code_key(piece.codings)) if piece.codings else PLAIN
        yield token, text[piece.start : piece.end]
        for number in piece.notes:
            yield MARKER, f"[{number}]"
    yield PLAIN, "\n"
    for number, coding in cut.notes:
        yield NOTE, f"[{number}] {coding.memo} ({describe((coding,), data)})\n"
    yield PLAIN, "\n"


def segments_of(code_id: int, data: ReportData) -> Iterator[tuple[ReportDocument, Coding]]:
    for document in data.documents:
        for coding in sorted(document.codings, key=lambda c: (c.start, c.end, c.id)):
            if coding.code_id == code_id:
                yield document, coding


def _segment_tokens(code_id: int, data: ReportData, theme: ReportTheme) -> Iterator[Token]:
    yield SUBHEADING, f"\nSegments of {data.code(code_id).path}\n"
    for document, coding in segments_of(code_id, data):
        coder = data.coders.get(coding.coder_id, "?")
        yield PLAIN, f"{document.name} [{coding.start}–{coding.end}] {coder}: "
        yield theme.token([code_id]), document.text[coding.start : coding.end]
        yield PLAIN, "\n"


def render_rtf(data: ReportData, progress: Callable[[int, int], None] | None = None) -> str:
    return _render(data, "rtf", progress)


def render_latex(data: ReportData, progress: Callable[[int, int], None] | None = None) -> str:
    return _render(data, "latex", progress)


def _render(data: ReportData, kind: str, progress: Callable[[int, int], None] | None) -> str:
    theme = ReportTheme({code.id: code.colour for code in data.codes})
    tokens = list(report_tokens(data, theme, progress))  # every code set now has its token
    style = theme.style()
    formatter: Formatter[str]
    if kind == "rtf":
        formatter = RtfFormatter(style=style, fontface="DejaVu Sans")
    else:
        formatter = LatexFormatter(style=style, full=True, title=data.title, encoding="utf-8")
    result = pygments_format(tokens, formatter)
    text = result if isinstance(result, str) else result.decode("utf-8")
    if kind == "rtf":
        # Pygments marks backgrounds with \cb, which Word and LibreOffice ignore; they read
        # character shading (\chcbpat) with the same colour table index.
        text = _RTF_BACKGROUND.sub(r"\\chcbpat\1\\cb\1", text)
    return text
