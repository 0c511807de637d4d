"""Document attributes: their types (text, number, date), checking values, and filters.

Values are stored as text; the type says how to check and compare them. A number is any
decimal (``1,5`` is refused rather than guessed), a date is ISO 8601 (``2024``, ``2024-03`` or
``2024-03-05``), so that dates sort and compare as text; in a filter a year or a month stands
for its first day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError

TYPES = ("text", "number", "date")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FILTER = re.compile(r"^\s*([^=<>!~]+?)\s*(>=|<=|!=|=|<|>|~)\s*(.*)$", re.DOTALL)
# Importers' metadata that are dates by nature; the others default to text.
METADATA_TYPES = {"date": "date"}


def check_value(value: str, kind: str, name: str = "value") -> str:
    """``value`` normalised for an attribute of type ``kind``, or an error saying why not."""
    value = value.strip()
    if kind == "number" and value:
        try:
            number = float(value)
        except ValueError as err:
            raise AnnotatorError(f"{name}: {value!r} is not a number") from err
        if number != number or number in (float("inf"), float("-inf")):
            raise AnnotatorError(f"{name}: {value!r} is not a finite number")
    elif kind == "date" and value:
        value = normalise_date(value, name)
    elif kind not in TYPES:
        raise AnnotatorError(f"unknown attribute type {kind!r} (use text, number or date)")
    return value


def normalise_date(value: str, name: str = "value") -> str:
    """An ISO date (``2024``, ``2024-03``, ``2024-03-05``), or a timestamp's date part."""
    candidate = value.strip()
    if "T" in candidate and len(candidate) > 10:
        candidate = candidate[:10]
    match = _DATE.match(candidate)
    if match is None:
        raise AnnotatorError(f"{name}: {value!r} is not a date (write 2024-03-05)")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise AnnotatorError(f"{name}: {value!r} is not a valid date") from err
    return candidate


@dataclass(frozen=True)
class AttributeFilter:
    """``name OP value``: OP is ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` or ``~`` (contains)."""

    name: str
    op: str
    value: str

    def matches(self, attributes: Mapping[str, str], kind: str = "text") -> bool:
        have = attributes.get(self.name)
        if have is None or have == "":
            return self.op == "!=" and self.value != ""
        if self.op == "~":
            return self.value.casefold() in have.casefold()
        left, right = _comparable(have, kind), _comparable(self.value, kind)
        if type(left) is not type(right):
            return False
        return _COMPARE[self.op](left, right)


def _comparable(value: str, kind: str) -> float | str:
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "date":
        # A year or a month compares as its first day: 2015-10 is not before 2015-10-01.
        return value + ("-01-01" if len(value) == 4 else "-01" if len(value) == 7 else "")
    return value.casefold()


_COMPARE = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def parse_filters(items: Iterable[str]) -> list[AttributeFilter]:
    """Parse ``outlet=Ledger``, ``date>=2024-01``, ``words<500``, ``title~vote``."""
    filters: list[AttributeFilter] = []
    for item in items:
        match = _FILTER.match(item)
        bad_value = match is not None and (
            match.group(3).startswith(("<", ">", "=", "!"))
            or (not match.group(3).strip() and match.group(2) not in ("=", "!="))
        )
        if match is None or not match.group(1).strip() or bad_value:
            raise AnnotatorError(
                f"--where needs ATTRIBUTE=VALUE (or !=, <, <=, >, >=, ~), not {item!r}"
            )
        filters.append(AttributeFilter(match.group(1).strip(), match.group(2), match.group(3)))
    return filters


def all_match(
    filters: Iterable[AttributeFilter], attributes: Mapping[str, str], types: Mapping[str, str]
) -> bool:
    return all(f.matches(attributes, types.get(f.name, "text")) for f in filters)
