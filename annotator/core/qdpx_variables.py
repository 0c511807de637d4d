"""Attribute types (text, number, date) as REFI-QDA variable types, both ways.

REFI-QDA types a variable (``typeOfVariable``: Text, Boolean, Integer, Float, Date, DateTime)
and each value (``TextValue``, ``IntegerValue``, …, checked by the schema: ``IntegerValue`` an
``xsd:integer``, ``FloatValue`` an ``xsd:decimal``, ``DateValue`` an ``xsd:date``). Written:

- text → Text;
- number → Integer when every value is a whole number, else Float when every value is a plain
  decimal; a number such as ``1e5`` (not an ``xsd:decimal``) makes the variable Text;
- date → Date when every value is a full date (``2015-09-30``); a year or a month alone
  (``2015-10``), which Annotator allows and ``xsd:date`` does not, makes the variable Text.

A variable written as Text for an attribute that is not text carries the type in its
``Description`` (``Annotator attribute type: date``), which other tools show as the variable's
description and the reader takes back. Read: Integer and Float → number, Date → date, Text,
Boolean and DateTime → text (DateTime values keep their time, which a date would drop), unless
the description says otherwise. A value that does not fit the type read (a Date variable holding
``soon``) leaves the attribute text, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_FULL_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_MARKER = "Annotator attribute type: "
_MARKED = re.compile(re.escape(_MARKER) + r"(text|number|date)\b")
READ_TYPES = {"Integer": "number", "Float": "number", "Date": "date"}


@dataclass(frozen=True)
class VariableType:
    """How one attribute is written: the variable's type, its values' element, a description."""

    type_of_variable: str
    value_element: str
    description: str = ""


def variable_type(kind: str, values: Iterable[str]) -> VariableType:
    """The REFI-QDA type for an attribute of type ``kind`` holding ``values``."""
    filled = [v for v in values if v]
    if kind == "number":
        if all(_INTEGER.match(v) for v in filled):
            return VariableType("Integer", "IntegerValue")
        if all(_DECIMAL.match(v) for v in filled):
            return VariableType("Float", "FloatValue")
    if kind == "date" and all(_FULL_DATE.match(v) for v in filled):
        return VariableType("Date", "DateValue")
    if kind in ("number", "date"):
        return VariableType("Text", "TextValue", f"{_MARKER}{kind}")
    return VariableType("Text", "TextValue")


def attribute_type(type_of_variable: str, description: str) -> str:
    """The attribute type for a variable read: text, number or date."""
    marked = _MARKED.search(description or "")
    if type_of_variable == "Text" and marked:
        return marked.group(1)
    return READ_TYPES.get(type_of_variable, "text")
