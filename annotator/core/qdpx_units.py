"""Which unit a REFI-QDA file counts positions in: decided per writer, then checked.

REFI-QDA 1.5 (section 10.2) and QualCoder count Unicode code points; NVivo (Windows 12.6, Mac
12.7) counts UTF-16 code units. ``Project@origin`` gives the first guess; the selections then
check it: in the right unit they fall on the text they name (when the writer put the text in
``name``), stay inside the text, do not cut a character in half and mostly begin and end at word
boundaries. When the other unit fits clearly better, it is taken, and the report says so.
"""

from __future__ import annotations

from typing import NamedTuple

from annotator.core.offsets import UNITS, RawTextOffsets

SAMPLE = 4000


class RawSelection(NamedTuple):
    """A selection as the file gives it, before any conversion (a tuple: there are many)."""

    start: int
    end: int
    name: str


def unit_for_origin(origin: str) -> str:
    lowered = origin.lower()
    if "nvivo" in lowered or "utf-16" in lowered:
        return "utf16"
    return "codepoints"


def choose_unit(
    origin: str, sources: list[tuple[RawTextOffsets, list[RawSelection]]]
) -> tuple[str, str]:
    """The unit to read positions in, and one line saying why."""
    guess = unit_for_origin(origin)
    scores = {unit: _score(sources, unit) for unit in UNITS}
    other = next(unit for unit in UNITS if unit != guess)
    writer = origin or "an unnamed writer"
    if scores[other] > scores[guess]:
        return other, (
            f"positions read as {_label(other)}: {writer} suggested {_label(guess)}, but the "
            f"selections fit {_label(other)} better"
        )
    return guess, f"positions read as {_label(guess)} (written by {writer}; checked)"


def forced_unit_warning(
    forced: str, sources: list[tuple[RawTextOffsets, list[RawSelection]]]
) -> str:
    """A warning when the unit the user forced fits the selections clearly worse than the other
    ("" when it fits as well, or when the two units put every selection in the same place).

    The import still obeys; the warning gives the counts, so the user can see the drift.
    """
    other = next(unit for unit in UNITS if unit != forced)
    if _score(sources, other) <= _score(sources, forced):
        return ""
    total = sum(len(selections) for _, selections in sources)
    moved = sum(
        1 for offsets, selections in sources for sel in selections if _moves(offsets, sel, forced)
    )
    if not moved:
        return ""
    fit = {unit: _fitting(sources, unit) for unit in UNITS}
    return (
        f"positions read as {_label(forced)} as asked, but the selections fit {_label(other)} "
        f"better: {fit[other]} of {total} selections begin and end cleanly in {_label(other)}, "
        f"{fit[forced]} in {_label(forced)}; {moved} of {total} codings are placed elsewhere "
        f"than {_label(other)} would place them (--offsets {other}, or no --offsets, reads them "
        f"as {_label(other)})"
    )


def _moves(offsets: RawTextOffsets, sel: RawSelection, unit: str) -> bool:
    """Whether the selection lands elsewhere (or nowhere) when read in the other unit."""
    other = next(u for u in UNITS if u != unit)
    places = []
    for each in (unit, other):
        if not 0 <= sel.start <= sel.end <= offsets.raw_length(each):
            return True
        places.append((offsets.to_stored(sel.start, each), offsets.to_stored(sel.end, each)))
    return places[0] != places[1]


def _fitting(sources: list[tuple[RawTextOffsets, list[RawSelection]]], unit: str) -> int:
    """Selections that lie inside the text, cut no character or word, and match their name."""
    count = 0
    for offsets, selections in sources:
        length, raw = offsets.raw_length(unit), offsets.raw
        for sel in selections:
            if not 0 <= sel.start < sel.end <= length or any(
                offsets.splits_character(p, unit) for p in (sel.start, sel.end)
            ):
                continue
            start = offsets.raw_codepoint(sel.start, unit)
            end = offsets.raw_codepoint(sel.end, unit)
            if sel.name.strip() and not _same(raw[start:end], sel.name):
                continue
            count += _clean(raw, start) and _clean(raw, end)
    return count


def _label(unit: str) -> str:
    return "UTF-16 code units" if unit == "utf16" else "Unicode code points"


def _score(sources: list[tuple[RawTextOffsets, list[RawSelection]]], unit: str) -> int:
    total = sum(len(selections) for _, selections in sources)
    # A check, not a proof: a few thousand selections spread over the file decide as well.
    step = max(1, total // SAMPLE)
    score = 0
    for offsets, every in sources:
        selections = every[::step]
        length = offsets.raw_length(unit)
        raw = offsets.raw
        for sel in selections:
            if not 0 <= sel.start < sel.end <= length:
                score -= 100
                continue
            if offsets.splits_character(sel.start, unit) or offsets.splits_character(sel.end, unit):
                score -= 20
                continue
            start = offsets.raw_codepoint(sel.start, unit)
            end = offsets.raw_codepoint(sel.end, unit)
            if sel.name.strip():
                score += 10 if _same(raw[start:end], sel.name) else -10
            score += _clean(raw, start) + _clean(raw, end)
    return score


def _same(found: str, name: str) -> bool:
    def squeeze(text: str) -> str:
        return " ".join(text.split())

    found_s, name_s = squeeze(found), squeeze(name)
    # Some writers shorten long selections in ``name``; a shared beginning is enough.
    return bool(name_s) and (found_s == name_s or found_s.startswith(name_s.rstrip(".… ")))


def _clean(raw: str, position: int) -> int:
    """1 if ``position`` does not cut a word in two."""
    if position <= 0 or position >= len(raw):
        return 1
    return 0 if raw[position - 1].isalnum() and raw[position].isalnum() else 1
