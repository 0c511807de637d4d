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


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def blend(colours: Iterable[str], strength: float = 0.45) -> str:
    """The average of ``#RRGGBB`` colours, mixed with white so black text stays readable."""
    return _blend_rgb([rgb(colour) for colour in colours], strength)


def _blend_rgb(values: list[tuple[int, int, int]], strength: float = 0.45) -> str:
    if not values:
        return "#ffffff"
    count = len(values)
    mean = (sum(v[0] for v in values) / count, sum(v[1] for v in values) / count,
            sum(v[2] for v in values) / count)  # fmt: skip
    r, g, b = (round(255 - (255 - value) * strength) for value in mean)
    return f"#{r:02x}{g:02x}{b:02x}"


class ReportTheme:
    """Hands out one token type per set of code ids and builds the matching Pygments style."""

    def __init__(self, colours: Mapping[int, str]) -> None:
        self._rgb = {code_id: rgb(colour) for code_id, colour in colours.items()}
        self._tokens: dict[tuple[int, ...], _TokenType] = {}
        self._style: type[Style] | None = None

    def token(self, code_ids: Iterable[int]) -> _TokenType:
        return self.token_for(tuple(sorted(set(code_ids))))

    def token_for(self, key: tuple[int, ...]) -> _TokenType:
        """The token of a sorted tuple of distinct code ids."""
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
            grey = (187, 187, 187)
            for key, token in self._tokens.items():
                look = f"bg:{_blend_rgb([self._rgb.get(i, grey) for i in key])}"
                if len(key) > 1:
                    look += " bold underline"
                styles[token] = look
            self._style = type("AnnotatorReportStyle", (Style,), {
                "styles": styles, "background_color": "#ffffff",
            })  # fmt: skip
        return self._style
