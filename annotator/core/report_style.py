"""A Pygments style made from the codebook's colours, one token type per set of codes.

A report cuts each document at every coding boundary (the coverage index); every piece is
covered by one set of codes, and every distinct set becomes one token type
``Token.Coded.C<id>_<id>...``. Its format is the codes' colours blended into a light
background; a piece under two or more codes is also underlined and bold, so overlaps show in
HTML, RTF and LaTeX alike. The token-to-format table is built once per report (when the last
set is known) and kept, as Frescobaldi's highlighter does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pygments.style import Style
from pygments.token import Token, _TokenType

CODED = Token.Coded
PLAIN = Token.Text
HEADING = Token.Generic.Heading
SUBHEADING = Token.Generic.Subheading
NOTE = Token.Comment
MARKER = Token.Comment.Special


def blend(colours: Iterable[str], strength: float = 0.45) -> str:
    """The average of ``#RRGGBB`` colours, mixed with white so black text stays readable."""
    rgb = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colours]
    if not rgb:
        return "#ffffff"
    mean = [sum(channel) / len(rgb) for channel in zip(*rgb, strict=True)]
    mixed = [round(255 - (255 - value) * strength) for value in mean]
    return "#" + "".join(f"{value:02x}" for value in mixed)


class ReportTheme:
    """Hands out one token type per set of code ids and builds the matching Pygments style."""

    def __init__(self, colours: Mapping[int, str]) -> None:
        self._colours = dict(colours)
        self._tokens: dict[tuple[int, ...], _TokenType] = {}
        self._style: type[Style] | None = None

    def token(self, code_ids: Iterable[int]) -> _TokenType:
        key = tuple(sorted(set(code_ids)))
        found = self._tokens.get(key)
        if found is None:
            if self._style is not None:
                raise RuntimeError("the report style was built before every code set was known")
            found = self._tokens[key] = getattr(CODED, "C" + "_".join(map(str, key)))
        return found

    def code_sets(self) -> dict[tuple[int, ...], _TokenType]:
        return dict(self._tokens)

    def style(self) -> type[Style]:
        """The Pygments style (built on first call, then cached)."""
        if self._style is None:
            styles: dict[_TokenType, str] = {
                HEADING: "bold #222222",
                SUBHEADING: "bold #444444",
                NOTE: "italic #555555",
                MARKER: "bold #aa3377",
            }
            for key, token in self._tokens.items():
                look = f"bg:{blend(self._colours.get(i, '#bbbbbb') for i in key)}"
                if len(key) > 1:
                    look += " bold underline"
                styles[token] = look
            self._style = type("AnnotatorReportStyle", (Style,), {
                "styles": styles, "background_color": "#ffffff",
            })  # fmt: skip
        return self._style
