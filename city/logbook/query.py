"""Filter expressions across buildings, compiled to SQL over the current-state tables.

Grammar (keywords are case-insensitive)::

    expression := term ("or" term)*
    term       := factor ("and" factor)*
    factor     := "not" factor | "(" expression ")" | predicate
    predicate  := FIELD OP value                     construction_year < 1948
                | FIELD ["not"] "in" "(" value ("," value)* ")"
                                                     dpe_class in (F, G)
                | FIELD "is" ["not"] "null"          dpe_date is null  (no known value)
                | "inspection_overdue" "(" [arg ("," arg)*] ")"
                                                     inspection_overdue(), inspection_overdue(lift, 2026-01-01)
                | "inspection_due_before" "(" DATE ["," KIND] ")"
    OP         := "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
    value      := NUMBER | DATE (YYYY-MM-DD) | WORD | 'quoted text' | "quoted text"

FIELD is a key of :data:`~city.logbook.fields.FIELDS` or ``next_inspection_due``
(the earliest next-due date of a building's inspections). Values are checked
against the field: ``dpe_class in (F, H)`` is an error naming ``H``.

Comparisons only match buildings that have a value for the field:
``construction_year != 1900`` does not match a building whose year is
unknown; ``not construction_year = 1900`` does (``not`` complements within
every building that has a logbook). ``inspection_overdue()`` matches buildings
whose latest inspection of some kind has a next-due date before today.

Each predicate is one range scan of the ``(field, value, building_id)``
index; ``and``/``or``/``not`` are ``INTERSECT``/``UNION``/``EXCEPT``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from city.logbook.fields import EVENT_FIELDS, FIELDS, FieldSpec, FieldType, FieldValueError
from city.logbook.messages import message

__all__ = ["DERIVED_COLUMNS", "FilterError", "compile_filter", "parse_filter"]


class FilterError(ValueError):
    """A filter expression cannot be understood; the message shows where.

    Its message (``args[0]``) is a :class:`~city.logbook.messages.LogbookMessage`,
    so the application can say it in the user's language.
    """


DERIVED_COLUMNS: dict[str, str] = {
    "next_inspection_due": (
        "SELECT building_id, min(next_due) AS value FROM inspection_due WHERE next_due IS NOT NULL GROUP BY building_id"
    ),
}
"""Columns computed from events rather than stored as fields: name -> SQL giving (building_id, value)."""

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<lparen>\() | (?P<rparen>\)) | (?P<comma>,) |
        (?P<op><=|>=|!=|<>|==|=|<|>) |
        (?P<string>'[^']*'|"[^"]*") |
        (?P<date>\d{4}-\d{2}-\d{2}(?![\w.])) |
        (?P<number>[+-]?\d+(?:\.\d+)?(?![\w.])) |
        (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "is", "null"}
_EXPECTED = {  # what the parser was looking for (the kinds given to _Parser.take) -> message code
    ("number", "date", "word", "string"): "filter_want_value",
    ("word",): "filter_want_field",
    ("lparen",): "filter_want_open",
    ("rparen",): "filter_want_close",
    ("in",): "filter_want_in",
    ("null",): "filter_want_null",
    ("end",): "filter_want_end",
}
_FUNCTIONS = {"inspection_overdue", "inspection_due_before"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokenize(expression: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    end = len(expression.rstrip())
    while position < end:
        match = _TOKEN.match(expression, position)
        if match is None or match.end() == position:
            rest = expression[position:]
            at = position + len(rest) - len(rest.lstrip())  # where the unreadable text starts, not the spaces before it
            raise FilterError(message("filter_unreadable", text=rest.strip()[:20], position=at))
        kind = match.lastgroup or ""
        text = match.group(kind)
        start = match.start(kind)
        if kind == "word" and text.lower() in _KEYWORDS:
            kind, text = text.lower(), text.lower()
        tokens.append(_Token(kind, text, start))
        position = match.end()
    tokens.append(_Token("end", "", len(expression)))
    return tokens


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = _tokenize(expression)
        self.i = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self, *kinds: str) -> _Token:
        token = self.tokens[self.i]
        if token.kind not in kinds:
            expected = message(_EXPECTED[kinds])
            if token.kind == "end":
                raise FilterError(message("filter_expected_at_end", expected=expected, position=token.position))
            raise FilterError(message("filter_expected", expected=expected, position=token.position, found=token.text))
        self.i += 1
        return token

    def parse(self) -> tuple:
        node = self.expression_()
        self.take("end")
        return node

    def expression_(self) -> tuple:
        node = self.term()
        while self.peek().kind == "or":
            self.take("or")
            node = ("or", node, self.term())
        return node

    def term(self) -> tuple:
        node = self.factor()
        while self.peek().kind == "and":
            self.take("and")
            node = ("and", node, self.factor())
        return node

    def factor(self) -> tuple:
        token = self.peek()
        if token.kind == "not":
            self.take("not")
            return ("not", self.factor())
        if token.kind == "lparen":
            self.take("lparen")
            node = self.expression_()
            self.take("rparen")
            return node
        return self.predicate()

    def value(self) -> _Token:
        return self.take("number", "date", "word", "string")

    def predicate(self) -> tuple:
        name = self.take("word")
        key = name.text.lower()  # field keys are lower case; "DPE_CLASS" means the same
        if key in _FUNCTIONS:
            self.take("lparen")
            args: list[_Token] = []
            if self.peek().kind != "rparen":
                args.append(self.value())
                while self.peek().kind == "comma":
                    self.take("comma")
                    args.append(self.value())
            self.take("rparen")
            return ("func", key, args, name.position)
        if key not in FIELDS and key not in DERIVED_COLUMNS:
            raise FilterError(
                message("filter_unknown_field", word=key, position=name.position, fields=", ".join([*FIELDS, *DERIVED_COLUMNS]))
            )
        token = self.peek()
        if token.kind == "op":
            self.take("op")
            return ("cmp", key, token.text, self.value())
        if token.kind in ("in", "not"):
            negate = token.kind == "not"
            if negate:
                self.take("not")
            self.take("in")
            self.take("lparen")
            values = [self.value()]
            while self.peek().kind == "comma":
                self.take("comma")
                values.append(self.value())
            self.take("rparen")
            return ("in", key, values, negate)
        if token.kind == "is":
            self.take("is")
            negate = self.peek().kind == "not"
            if negate:
                self.take("not")
            self.take("null")
            return ("null", key, negate)
        raise FilterError(message("filter_want_operator", word=key, position=token.position))


def parse_filter(expression: str) -> tuple:
    """Parse a filter into a small tuple tree (for tests and error reporting)."""
    if not isinstance(expression, str) or not expression.strip():
        raise FilterError(message("filter_empty"))
    return _Parser(expression).parse()


def _literal(token: _Token) -> str:
    return token.text[1:-1] if token.kind == "string" else token.text


def _coerce(key: str, spec: FieldSpec | None, token: _Token) -> Any:
    """A filter constant as the stored type of the field (no range check: ``year > 0`` is a fine filter)."""
    text = _literal(token)
    if spec is None or spec.type is FieldType.DATE:  # derived columns are dates
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldValueError(key, text, message("not_date")) from None
    if spec.type is FieldType.INTEGER or spec.type is FieldType.REAL:
        try:
            number = float(text)
        except ValueError:
            raise FieldValueError(key, text, message("not_number")) from None
        return int(number) if number.is_integer() and spec.type is FieldType.INTEGER else number
    if spec.type is FieldType.BOOL:
        return int(spec.validate(text))
    if spec.type is FieldType.ENUM:
        return spec.validate(text)
    return text


_SQL_OPS = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_INSPECTION_KINDS = EVENT_FIELDS["inspection"]["inspection_kind"]


def _compile(node: tuple, today: dt.date, params: list[Any]) -> str:
    op = node[0]
    if op in ("and", "or"):
        left = _compile(node[1], today, params)
        right = _compile(node[2], today, params)
        word = "INTERSECT" if op == "and" else "UNION"
        return f"SELECT building_id FROM ({left}) {word} SELECT building_id FROM ({right})"
    if op == "not":
        inner = _compile(node[1], today, params)
        return f"SELECT building_id FROM buildings EXCEPT SELECT building_id FROM ({inner})"
    if op == "func":
        _, name, args, position = node
        day, kind = (today.isoformat(), None) if name == "inspection_overdue" else (None, None)
        for token in args:
            text = _literal(token)
            if token.kind == "date" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = _coerce("date", None, token)
            else:
                kind = _INSPECTION_KINDS.validate(text)
        if day is None:
            raise FilterError(message("filter_needs_date", function=name, position=position))
        compare = "<" if name == "inspection_overdue" else "<="
        sql = f"SELECT building_id FROM inspection_due WHERE next_due {compare} ?"
        params.append(day)
        if kind is not None:
            sql += " AND inspection_kind = ?"
            params.append(kind)
        return sql
    key = node[1]
    spec = FIELDS.get(key)
    if spec is None:  # a derived column: its (building_id, value) rows come from a query
        source, where = f"({DERIVED_COLUMNS[key]})", "1"
    else:
        source, where = "field_current", "field = ?"
        params.append(key)
    if op == "cmp":
        params.append(_coerce(key, spec, node[3]))
        return f"SELECT building_id FROM {source} WHERE {where} AND value {_SQL_OPS[node[2]]} ?"
    if op == "in":
        values = [_coerce(key, spec, t) for t in node[2]]
        params.extend(values)
        negate = "NOT " if node[3] else ""
        return f"SELECT building_id FROM {source} WHERE {where} AND value {negate}IN ({', '.join('?' * len(values))})"
    if op == "null":
        known = f"SELECT building_id FROM {source} WHERE {where}"
        return known if node[2] else f"SELECT building_id FROM buildings EXCEPT {known}"
    raise FilterError(f"filter: cannot compile {node!r}")  # pragma: no cover


def compile_filter(expression: str, *, today: dt.date) -> tuple[str, list[Any]]:
    """SQL returning the sorted, distinct ids of the buildings matching ``expression``, and its parameters."""
    tree = parse_filter(expression)
    params: list[Any] = []
    sql = _compile(tree, today, params)
    return f"SELECT DISTINCT building_id FROM ({sql}) ORDER BY building_id", params
