"""The HTML report: one self-contained, escaped page styled by the report's Pygments style.

Pygments' HtmlFormatter writes the CSS of the style (one class per token type); the pieces are
written here rather than by the formatter, because each piece also carries a ``title`` (codes
and coders), its code-point offsets (``data-start``, ``data-end``) and links to its notes.
Nothing is loaded from the network: no scripts, fonts or images.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from pygments.formatters import HtmlFormatter
from pygments.token import _TokenType

from annotator.core.report import (
    DocumentPieces,
    ReportData,
    code_key,
    cut_document,
    describe,
    segments_of,
    used_codes,
)
from annotator.core.report_style import ReportTheme

LAYOUT = """
body.report { font-family: "DejaVu Sans", "Noto Sans", sans-serif; margin: 2em auto;
  max-width: 60em; line-height: 1.5; color: #222; }
.report .text { white-space: pre-wrap; border-left: 3px solid #ddd; padding-left: 1em; }
.report .swatch { display: inline-block; min-width: 2.5em; }
.report sup a { color: #aa3377; text-decoration: none; }
.report table { border-collapse: collapse; }
.report td, .report th { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left;
  vertical-align: top; }
.report .notes { font-size: 0.9em; color: #444; }
"""


class _Writer:
    def __init__(self, data: ReportData, theme: ReportTheme) -> None:
        self.data = data
        self.theme = theme
        self.parts: list[str] = []
        self._classes: dict[tuple[int, ...], str] = {}

    def css_class(self, token: _TokenType) -> str:
        """The class HtmlFormatter's CSS gives a token outside its standard set:
        ``Token.Coded.C3_7`` is ``-Coded-C3_7``."""
        return "-" + "-".join(token)

    def document(self, cut: DocumentPieces) -> None:
        text = cut.document.text
        out = self.parts
        out.append(f'<section class="document" id="doc-{cut.document.id}">'
                   f"<h2>{escape(cut.document.name)}</h2><div class=\"text\">")  # fmt: skip
        for piece in cut.pieces:
            chunk = escape(text[piece.start : piece.end])
            if not piece.codings:
                out.append(chunk)
            else:
                key = code_key(piece.codings)
                css = self._classes.get(key)
                if css is None:
                    css = self._classes[key] = self.css_class(self.theme.token_for(key))
                title = escape(describe(piece.codings, self.data))
                out.append(
                    f'<span class="{css}" title="{title}" '
                    f'data-start="{piece.start}" data-end="{piece.end}">{chunk}</span>'
                )
            for number in piece.notes:
                anchor = f"{cut.document.id}-{number}"
                out.append(f'<sup><a id="ref-{anchor}" href="#note-{anchor}">[{number}]</a></sup>')
        out.append("</div>")
        if cut.notes:
            out.append('<ol class="notes">')
            for number, coding in cut.notes:
                anchor = f"{cut.document.id}-{number}"
                out.append(f'<li id="note-{anchor}" value="{number}">{escape(coding.memo)} '
                           f"<em>({escape(describe((coding,), self.data))})</em> "
                           f'<a href="#ref-{anchor}">↩</a></li>')  # fmt: skip
            out.append("</ol>")
        out.append("</section>")

    def legend(self) -> None:
        self.parts.append('<section id="legend"><h2>Legend</h2><ul>')
        for code in used_codes(self.data):
            token = self.theme.token([code.id])
            swatch = "&#160;" * 4
            self.parts.append(f'<li><span class="swatch {self.css_class(token)}">{swatch}</span> '
                              f"{escape(code.path)}</li>")  # fmt: skip
        self.parts.append("<li><b><u>Bold and underlined</u></b>: two or more codes overlap "
                          "(hover over any highlight for its codes and coders).</li>"
                          "<li><sup>[n]</sup>: a coding's memo, listed below the text.</li>"
                          "</ul></section>")  # fmt: skip

    def codebook(self) -> None:
        self.parts.append('<section id="codebook"><h2>Codebook</h2><table><tr><th>Code</th>'
                          "<th>Definition</th><th>Codings</th></tr>")  # fmt: skip
        for code in self.data.codes:
            token = self.theme.token([code.id])
            self.parts.append(f'<tr><td><span class="{self.css_class(token)}">{escape(code.path)}'
                              f"</span></td><td>{escape(code.description)}</td>"
                              f"<td>{code.codings}</td></tr>")  # fmt: skip
        self.parts.append("</table></section>")

    def segments(self, code_id: int) -> None:
        code = self.data.code(code_id)
        token = self.theme.token([code_id])
        self.parts.append(f'<section class="segments" id="segments-{code_id}">'
                          f"<h2>Segments of {escape(code.path)}</h2><ol>")  # fmt: skip
        for document, coding in segments_of(code_id, self.data):
            coder = escape(self.data.coders.get(coding.coder_id, "?"))
            text = escape(document.text[coding.start : coding.end])
            self.parts.append(
                f"<li>{escape(document.name)} [{coding.start}–{coding.end}] {coder}: "
                f'<mark class="{self.css_class(token)}" data-document="{escape(document.name)}" '
                f'data-start="{coding.start}" data-end="{coding.end}">{text}</mark></li>'
            )
        self.parts.append("</ol></section>")


def render_html(data: ReportData, progress: Callable[[int, int], None] | None = None) -> str:
    """The whole report as one HTML page (the CSS comes last, once every code set is known)."""
    theme = ReportTheme({code.id: code.colour for code in data.codes})
    writer = _Writer(data, theme)
    writer.legend()
    for index, document in enumerate(data.documents):
        writer.document(cut_document(document))
        if progress is not None:
            progress(index + 1, len(data.documents))
    writer.codebook()
    for code_id in data.focus:
        writer.segments(code_id)
    css = HtmlFormatter(style=theme.style()).get_style_defs(".report")
    head = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(data.title)}</title><style>{LAYOUT}{css}</style></head>"
        f'<body class="report"><h1>{escape(data.title)}</h1>'
    )
    return head + "".join(writer.parts) + "</body></html>\n"
