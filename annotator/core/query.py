"""Code queries: a small language over codes, parsed by recursive descent.

Grammar (keywords are upper case; a bare code path may hold single spaces between words)::

    query     := or_expr
    or_expr   := and_expr ("OR" and_expr)*
    and_expr  := proximity (("AND" | "NOT") proximity)*
    proximity := primary (("NEAR/" n | "FOLLOWED BY" ["/" n]) primary)*
    primary   := "(" or_expr ")" | code ["@" coder]
    code      := "quoted path" | word+
    coder     := "quoted name" | word

``AND``, ``OR`` and ``NOT`` work on the characters coded (intersection, union, difference);
``NEAR`` and ``FOLLOWED BY`` keep the segments of their left side that have a segment of the
right side close by. A syntax error names the column (1-based) where it was found, so a long
query typed on the command line can be fixed without guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError


class QuerySyntaxError(AnnotatorError):
    """The query does not follow the grammar; ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"query syntax error at column {column}: {message}")
        self.column = column


@dataclass(frozen=True)
class CodeTerm:
    """One code (with its children) as written in the query, optionally of one coder."""

    path: str
    coder: str | None = None
    column: int = 1


@dataclass(frozen=True)
class Operation:
    """``left OP right``; ``distance`` is the ``n`` of ``NEAR/n`` and ``FOLLOWED BY/n``."""

    operator: str  # "AND", "OR", "NOT", "NEAR", "FOLLOWED BY"
    left: Node
    right: Node
    distance: int | None = None


Node = CodeTerm | Operation

SET_OPERATORS = ("AND", "OR", "NOT")
PROXIMITY_OPERATORS = ("NEAR", "FOLLOWED BY")


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "@", "quoted", "word", "AND", "OR", "NOT", "NEAR", "FOLLOWED BY", "end"
    text: str
    column: int
    distance: int | None = None


_SPECIAL = '()@"'
_NEAR = re.compile(r"NEAR(?:/(\d*))?$")
_BY = re.compile(r"BY(?:/(\d*))?$")


def tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        char = query[position]
        if char.isspace():
            position += 1
        elif char in "()@":
            tokens.append(_Token(char, char, position + 1))
            position += 1
        elif char == '"':
            position = _quoted(query, position, tokens)
        else:
            end = position
            while end < len(query) and not query[end].isspace() and query[end] not in _SPECIAL:
                end += 1
            tokens.append(_word(query[position:end], position + 1))
            position = end
    tokens.append(_Token("end", "", len(query) + 1))
    return _join_followed_by(tokens)


def _quoted(query: str, position: int, tokens: list[_Token]) -> int:
    """Read a quoted string starting at ``position``; ``\\"`` and ``\\\\`` are escapes."""
    text: list[str] = []
    index = position + 1
    while index < len(query):
        char = query[index]
        if char == "\\" and index + 1 < len(query) and query[index + 1] in '"\\':
            text.append(query[index + 1])
            index += 2
        elif char == '"':
            tokens.append(_Token("quoted", "".join(text), position + 1))
            return index + 1
        else:
            text.append(char)
            index += 1
    raise QuerySyntaxError("the quote opened here is never closed", position + 1)


def _word(word: str, column: int) -> _Token:
    if word in ("AND", "OR", "NOT", "FOLLOWED"):
        return _Token(word, word, column)
    near = _NEAR.match(word)
    if near:
        return _Token("NEAR", word, column, _distance(near.group(1), "NEAR", column))
    by = _BY.match(word)
    if by and by.group(1) is not None:
        return _Token("BY", word, column, _distance(by.group(1), "FOLLOWED BY", column))
    if word == "BY":
        return _Token("BY", word, column)
    return _Token("word", word, column)


def _distance(digits: str | None, operator: str, column: int) -> int:
    if not digits:
        raise QuerySyntaxError(
            f"{operator} needs a distance in characters, e.g. {operator}/20", column
        )
    return int(digits)


def _join_followed_by(tokens: list[_Token]) -> list[_Token]:
    joined: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "FOLLOWED":
            after = tokens[index + 1]
            if after.kind != "BY":
                raise QuerySyntaxError("FOLLOWED must be followed by BY", after.column)
            joined.append(_Token("FOLLOWED BY", "FOLLOWED BY", token.column, after.distance))
            index += 2
        elif token.kind == "BY":
            raise QuerySyntaxError("BY without FOLLOWED", token.column)
        else:
            joined.append(token)
            index += 1
    return joined


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._index = 0

    def _peek(self) -> _Token:
        return self._tokens[self._index]

    def _take(self) -> _Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    def parse(self) -> Node:
        if self._peek().kind == "end":
            raise QuerySyntaxError("the query is empty", 1)
        node = self._or()
        token = self._peek()
        if token.kind == ")":
            raise QuerySyntaxError("this ')' closes nothing", token.column)
        if token.kind != "end":
            raise QuerySyntaxError(
                f"expected AND, OR, NOT, NEAR/n or FOLLOWED BY, not {token.text!r}", token.column
            )
        return node

    def _or(self) -> Node:
        node = self._and()
        while self._peek().kind == "OR":
            self._take()
            node = Operation("OR", node, self._and())
        return node

    def _and(self) -> Node:
        node = self._proximity()
        while self._peek().kind in ("AND", "NOT"):
            operator = self._take().kind
            node = Operation(operator, node, self._proximity())
        return node

    def _proximity(self) -> Node:
        node = self._primary()
        while self._peek().kind in PROXIMITY_OPERATORS:
            token = self._take()
            node = Operation(token.kind, node, self._primary(), token.distance)
        return node

    def _primary(self) -> Node:
        token = self._peek()
        if token.kind == "(":
            self._take()
            node = self._or()
            closing = self._peek()
            if closing.kind != ")":
                raise QuerySyntaxError(
                    f"the '(' at column {token.column} is never closed", closing.column
                )
            self._take()
            return node
        if token.kind == "quoted":
            self._take()
            path = token.text
        elif token.kind == "word":
            words = [self._take().text]
            while self._peek().kind == "word":
                words.append(self._take().text)
            path = " ".join(words)
        else:
            raise QuerySyntaxError(_expected_code(token), token.column)
        if not path.strip():
            raise QuerySyntaxError("empty code path", token.column)
        return CodeTerm(path, self._coder(), token.column)

    def _coder(self) -> str | None:
        if self._peek().kind != "@":
            return None
        at = self._take()
        token = self._peek()
        if token.kind not in ("word", "quoted") or not token.text.strip():
            raise QuerySyntaxError("expected a coder name after '@'", at.column + 1)
        return self._take().text


def _expected_code(token: _Token) -> str:
    if token.kind == "end":
        return "the query ends where a code was expected"
    if token.kind == "NOT":
        return "NOT needs a left side: write 'A NOT B' for A without B"
    return f"expected a code or '(', not {token.text!r}"


def parse_query(query: str) -> Node:
    """Parse ``query`` into a tree of :class:`Operation` and :class:`CodeTerm`."""
    return _Parser(tokenize(query)).parse()


def code_terms(node: Node) -> list[CodeTerm]:
    """Every code term of the query, left to right."""
    if isinstance(node, CodeTerm):
        return [node]
    return [*code_terms(node.left), *code_terms(node.right)]


def format_query(node: Node) -> str:
    """The query written back with full parentheses and quoted paths (for titles and tests)."""
    if isinstance(node, CodeTerm):
        text = _quote(node.path)
        return f"{text}@{_quote(node.coder)}" if node.coder is not None else text
    operator = node.operator
    if node.distance is not None:
        operator += f"/{node.distance}"
    return f"({format_query(node.left)} {operator} {format_query(node.right)})"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
