"""Default code colours: clearly distinguishable, also for the common colour-vision deficiencies.

The first eight are Okabe and Ito's palette (2008); the rest extend it with Paul Tol's "muted"
scheme, so a codebook of up to twenty codes needs no colour twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

PALETTE: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933",
    "#AA4499", "#DDDDDD", "#6699CC", "#EE8866",
)  # fmt: skip

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def palette_colour(index: int) -> str:
    """The ``index``-th default colour, cycling through the palette."""
    return PALETTE[index % len(PALETTE)]


def fresh_colour(in_use: Iterable[str]) -> str:
    """The first palette colour no code uses yet; when all are taken, the least used one.

    Numbering colours by how many codes exist gave a new code the colour of one still in use
    once codes had been deleted or imported with their own colours.
    """
    counts = Counter(colour.upper() for colour in in_use)
    return min(PALETTE, key=lambda colour: (counts[colour.upper()], PALETTE.index(colour)))


def normalise_colour(value: str) -> str:
    """``#RRGGBB`` in upper case from ``RRGGBB``, ``#rgb`` or ``#rrggbb``; ValueError otherwise."""
    match = _HEX.match(value.strip())
    if not match:
        raise ValueError(f"not a colour: {value!r} (use #RRGGBB)")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()
