"""Reading a SPARQL query before it runs: its form, its graphs, its services, its mistakes.

:func:`inspect_query` reads a query's tokens (comments, strings and IRIs as the SPARQL grammar
defines them) to learn what it is and what it reaches for: its form, the graphs its ``FROM``
and ``FROM NAMED`` clauses name, the endpoints its ``SERVICE`` clauses call. It runs in time
linear in the query's length, so every request is checked before a worker sees it.

It is the first of two walls against ``SERVICE``, and it fails closed. Tokens can be read two
ways only where ``<`` may open an IRI or be the operator "less than" (``FILTER(?a <'x>#')``): a
query in which that happens and which names ``SERVICE`` or ``FROM`` anywhere is refused rather
than guessed at; so is a word that only contains those keywords (``trueSERVICE`` is
``true SERVICE`` to the engine). The second wall is the query workers' own: without an
allow-list they have no network at all (:mod:`edgraph.query.worker`).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from urllib.parse import urljoin

from edgraph.errors import QueryRefusedError, QueryTooLongError

Form = Literal["select", "ask", "construct", "describe"]

# Every repetition is possessive and no alternative can match inside what another skipped, so
# a scan never goes back over text it has passed: reading is linear in the query's length.
_TOKEN = re.compile(
    r"""
    (?P<space>\s++)
  | (?P<comment>\#[^\n\r]*+)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*+'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*+\"\"\"
               |'(?:[^'\\\n\r]|\\.)*+'|"(?:[^"\\\n\r]|\\.)*+")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>)
  | (?P<var>[?$]\w++)
  | (?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)
  | (?P<name>[^\W\d_][\w.\-]*+)
  | (?P<local>:(?:[\w\-.:%]|\\\S)*+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
#: A run of name characters not followed by ':' is words and punctuation, as the engine reads it.
_WORDS = re.compile(r"[^\W\d]\w*+|.", re.DOTALL)

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
#: Keywords whose hiding would reach outside the store. Python folds case more widely than the
#: engine (long s, U+017F, for 's'; the Kelvin sign for 'k'): a disguise is refused, not missed.
_REACHING = re.compile(r"service|from", re.IGNORECASE)
_OPERAND_END = {"var", "string", "iri", "pname", "lang"}
#: How deep brackets and prefix operators may nest: the engine's parser recurses on each, and
#: a few thousand overflow its stack (5,000 '{' or 20,000 '!' crash it).
MAX_NESTING = 256
_OPEN, _CLOSE = "{([", "})]"
_PREFIX_OPERATORS = set("!^+-")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token(NamedTuple):
    kind: str  # comment, string, iri, var, lang, pname, word or other (one character)
    text: str
    start: int  # offset in the query text; :func:`position` gives its line and column


@dataclass(frozen=True)
class QueryPlan:
    """What a query is and which graphs and services it names (IRIs resolved)."""

    form: Form | None  # None when the text does not start like any query; the engine will say why
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    services: tuple[str, ...] = field(default=())

    @property
    def result_kind(self) -> Literal["results", "graph"]:
        return "graph" if self.form in ("construct", "describe") else "results"


def strip_bom(text: str) -> str:
    """``text`` without the byte order mark some editors write first.

    >>> strip_bom("\ufeffASK {}")
    'ASK {}'
    """
    return text[1:] if text.startswith("\ufeff") else text


def scan(text: str) -> Iterator[Token]:
    """Every token of ``text`` but spaces, comments included, in order.

    >>> [t.text for t in scan('ex:a-b true.SERVICE # x')]
    ['ex:a-b', 'true', '.', 'SERVICE', '# x']
    """
    end = len(text)
    prefix_start = -1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space" or kind is None:  # None never comes: every match is one group
            continue
        value, start = match.group(), match.start()
        if kind == "name":
            if match.end() < end and text[match.end()] == ":":
                prefix_start = start  # a prefix: the 'local' token that follows takes it in
                continue
            if value.isidentifier():  # the common case: one word
                yield Token("word", value, start)
                continue
            for word in _WORDS.finditer(value):
                part = word.group()
                kind = "word" if part[0].isalpha() or part[0] == "_" else "other"
                yield Token(kind, part, start + word.start())
            continue
        if kind == "local":
            if prefix_start >= 0 and prefix_start < start:
                start = prefix_start
            value = text[start : match.end()].rstrip(".")  # a final '.' ends a triple
            kind = "pname"
        prefix_start = -1
        yield Token(kind, value, start)


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text``: no spaces, no comments.

    >>> [t.text for t in tokens('SELECT ?s # SERVICE\\nWHERE { ?s a "SERVICE" }')]
    ['SELECT', '?s', 'WHERE', '{', '?s', 'a', '"SERVICE"', '}']
    """
    return (token for token in scan(text) if token.kind != "comment")


def position(text: str, start: int) -> tuple[int, int]:
    """Line and column (both from 1) of offset ``start`` in ``text``.

    >>> position("SELECT *\\n{ ?s ?p ?o }", 11)
    (2, 3)
    """
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1


def substitute(text: str, terms: dict[str, str]) -> str:
    """``text`` with every ``?name`` / ``$name`` variable token in ``terms`` replaced by its
    term; strings, IRIs and comments are left alone.

    >>> substitute('SELECT ?s { ?s ?p ?year FILTER(?y != "?year") } # ?year', {"year": "2020"})
    'SELECT ?s { ?s ?p 2020 FILTER(?y != "?year") } # ?year'
    """
    pieces: list[str] = []
    done = 0
    for token in tokens(text):
        if token.kind == "var" and token.text[1:] in terms:
            pieces += [text[done : token.start], terms[token.text[1:]]]
            done = token.start + len(token.text)
    return "".join(pieces) + text[done:]


def inspect_query(
    text: str, *, max_chars: int | None = None, service_allow: Sequence[str] | None = ()
) -> QueryPlan:
    """Classify ``text``; refuse updates, and ``SERVICE`` calls off ``service_allow`` (None:
    list them, refuse none).

    >>> inspect_query("PREFIX g: <http://ex/g/> SELECT * FROM g:one { ?s ?p ?o }")
    QueryPlan(form='select', from_graphs=('http://ex/g/one',), from_named=(), services=())
    >>> inspect_query("SELECT * { SERVICE <http://ex/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    edgraph.errors.QueryRefusedError: line 1, column 12: SERVICE <http://ex/sparql> is not...
    >>> inspect_query("DROP ALL")
    Traceback (most recent call last):
    ...
    edgraph.errors.QueryRefusedError: line 1, column 1: this endpoint runs queries only...
    """
    text = strip_bom(text)
    if max_chars is not None and len(text) > max_chars:
        raise QueryTooLongError(
            f"the query is {len(text):,} characters long; the limit is {max_chars:,}"
        )
    every = list(scan(text))
    items = [token for token in every if token.kind != "comment"]
    _check_nesting(text, items)
    if service_allow is not None:
        _check_hidden_keywords(text, every)
    prefixes: dict[str, str] = {}
    base = ""
    form: Form | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    services: list[str] = []
    i = 0

    def iri_at(index: int) -> str | None:
        if index >= len(items):
            return None
        token = items[index]
        if token.kind == "iri":
            return urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix in prefixes:
                return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    while i < len(items):
        token = items[i]
        word = _keyword(token)
        if word == "PREFIX" and i + 2 < len(items) and items[i + 1].kind == "pname":
            target = iri_at(i + 2)
            if target is not None:
                prefixes[items[i + 1].text.rstrip(":").split(":")[0]] = target
            i += 3
            continue
        if word == "BASE" and form is None:
            base = iri_at(i + 1) or base
            i += 2
            continue
        if form is None and word:
            if word in _FORMS:
                form = word.lower()  # type: ignore[assignment]
            elif word in _UPDATES:
                raise _refused(
                    text, token, "this endpoint runs queries only (SELECT, ASK, CONSTRUCT, "
                    f"DESCRIBE); {word} is an update and is refused",
                )  # fmt: skip
        if word == "FROM":
            named = i + 1 < len(items) and _keyword(items[i + 1]) == "NAMED"
            target = iri_at(i + 2 if named else i + 1)
            if target is not None:
                (from_named if named else from_graphs).append(target)
        elif word == "SERVICE":
            j = i + 1
            if j < len(items) and _keyword(items[j]) == "SILENT":
                j += 1
            target = iri_at(j)
            if service_allow is None:
                services.append(target or "")
            elif target is None or target not in service_allow:
                called = items[j].text if j < len(items) else "(nothing)"
                allowed = ", ".join(service_allow) or "none"
                raise _refused(
                    text, token, f"SERVICE {called} is not allowed here; endpoints allowed by "
                    f"the service_allow setting: {allowed}",
                )  # fmt: skip
            else:
                services.append(target)
        i += 1
    return QueryPlan(form, tuple(from_graphs), tuple(from_named), tuple(services))


def _keyword(token: Token) -> str:
    """The keyword a word token can be, in capitals ('' for any other token). Only ASCII
    letters fold, as in the engine: 'service' spelt with a long s (U+017F) is no keyword to it."""
    if token.kind != "word" or not token.text.isascii():
        return ""
    return token.text.upper()


def _refused(text: str, token: Token, message: str) -> QueryRefusedError:
    line, column = position(text, token.start)
    return QueryRefusedError(f"line {line}, column {column}: {message}")


def _check_hidden_keywords(text: str, every: list[Token]) -> None:
    """Refuse a query in which the engine may read SERVICE or FROM where the tokens show none.

    The tokens and the engine read strings, comments and IRIs alike but for one case: an IRI
    token with a quote or '#' in it, after an operand and inside parentheses, may be the
    operator '<' to the engine, which then reads a string or comment that starts inside it
    and goes on past its '>'. With such a token in the query, no mention of the keywords in a
    string, comment or IRI can be trusted to be inert.
    """
    if "\\u" in text or "\\U" in text:
        decoded = _ESCAPE.sub(_unescape, text)
        if len(_REACHING.findall(decoded)) > len(_REACHING.findall(text)):
            raise QueryRefusedError(
                "the query spells SERVICE or FROM with \\u escapes; write the keyword plainly"
            )
    starts: list[int] = []
    ambiguous: Token | None = None
    for match in _REACHING.finditer(text):
        if not starts:  # only queries that mention the keywords are read this closely
            starts = [token.start for token in every]
            ambiguous = _ambiguous_iri(every)
        token = every[bisect.bisect_right(starts, match.start()) - 1]
        if token.kind == "word":
            if _keyword(token) in ("SERVICE", "FROM"):
                continue  # the keyword itself, which inspect_query judges
            raise _refused(
                text, token, f"'{token.text}' holds the keyword {match.group().upper()} inside "
                "a longer word; separate the words with a space",
            )  # fmt: skip
        if ambiguous is not None and token.kind in ("string", "comment", "iri"):
            raise _refused(
                text, ambiguous, f"{ambiguous.text} can be read as an IRI or as the operator "
                "'<' followed by more of the query, and the query names SERVICE or FROM; write "
                "'< ' (with a space) for less-than, or give the IRI without quotes or '#'",
            )  # fmt: skip


def _ambiguous_iri(every: list[Token]) -> Token | None:
    """The first IRI token that the engine may read as the operator '<' instead."""
    depth = 0
    previous: Token | None = None
    for token in every:
        if token.kind == "comment":
            continue
        if token.kind == "other":
            depth += (token.text == "(") - (token.text == ")")
        elif (
            token.kind == "iri"
            and depth > 0
            and previous is not None
            and _ends_operand(previous)
            and ("'" in token.text or "#" in token.text)
        ):
            return token
        previous = token
    return None


def _ends_operand(token: Token) -> bool:
    """Whether '<' after ``token`` could be the operator "less than"."""
    if token.kind in _OPERAND_END:
        return True
    if token.kind == "word":
        return _keyword(token) in ("TRUE", "FALSE")
    return token.text in ")]." or token.text.isdigit()


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code < 0x110000 else match.group()


def _check_nesting(text: str, items: list[Token]) -> None:
    """Refuse brackets or prefix operators nested deeper than :data:`MAX_NESTING`."""
    depth = 0
    run = 0  # prefix operators in a row: '!!!!x' nests as deep as '((((x'
    for token in items:
        symbol = token.text if token.kind == "other" else ""
        if symbol and symbol in _OPEN:
            depth += 1
        elif symbol and symbol in _CLOSE:
            depth = max(depth - 1, 0)
        run = run + 1 if symbol and symbol in _PREFIX_OPERATORS else 0
        if depth + run > MAX_NESTING:
            raise _refused(
                text, token, f"brackets or operators nest more than {MAX_NESTING} deep here, "
                "more than the query engine can take; write the query flatter",
            )  # fmt: skip


# -- syntax errors in words -----------------------------------------------------------------

#: SPARQL 1.1's keywords and built-in functions: a word outside them is a misspelling or a
#: name that needs a prefix.
KEYWORDS = frozenset((
    "BASE", "PREFIX", "SELECT", "DISTINCT", "REDUCED", "AS", "CONSTRUCT", "DESCRIBE", "ASK",
    "FROM", "NAMED", "WHERE", "ORDER", "BY", "ASC", "DESC", "LIMIT", "OFFSET", "GROUP",
    "HAVING", "VALUES", "UNDEF", "OPTIONAL", "GRAPH", "SERVICE", "SILENT", "BIND", "MINUS",
    "UNION", "FILTER", "EXISTS", "NOT", "IN", "A", "TRUE", "FALSE", "STR", "LANG",
    "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR",
    "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS",
    "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS",
    "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512",
    "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL",
    "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
    "GROUP_CONCAT", "SEPARATOR", "LATERAL", "TRIPLE", "SUBJECT", "PREDICATE", "OBJECT",
    "ISTRIPLE", "LANGDIR", "STRLANGDIR", "HASLANG", "HASLANGDIR",
))  # fmt: skip
_TERMS = {"var", "iri", "pname", "string"}


def explain_syntax_error(text: str, raw: str) -> str:
    """A syntax error of the engine (``raw``, "error at L:C: expected ...") said in words for
    the mistakes people make most: an undeclared prefix, a misspelt keyword, an unclosed
    string or bracket, a missing '.'; otherwise the engine's own, shortened.

    >>> explain_syntax_error("SELECT * WHERE { ?s y:p ?o }", "error at 1:26: expected OPTIONAL")
    "line 1, column 21: the prefix 'y:' is not declared; add PREFIX y: <...> before the query"
    >>> explain_syntax_error("SELEC * { }", "error at 1:10: expected CONSTRUCT")
    "line 1, column 1: 'SELEC' is not a SPARQL keyword; did you mean SELECT?"
    """
    from edgraph.namespaces import PREFIXES

    text = strip_bom(text)
    every = list(tokens(text))
    declared: set[str] = set()
    brackets: list[Token] = []
    for index, token in enumerate(every):
        word = _keyword(token)
        if token.kind == "other" and token.text in "'\"":
            return _said(text, token, "this string is never closed: a quote is missing")
        if word == "PREFIX" and index + 1 < len(every) and every[index + 1].kind == "pname":
            declared.add(every[index + 1].text.split(":")[0])
        elif token.kind == "pname" and (index == 0 or _keyword(every[index - 1]) != "PREFIX"):
            prefix = token.text.split(":")[0]
            if prefix not in declared and prefix != "_":
                known = PREFIXES.get(prefix)
                iri = f"<{known}>" if known else "<...>"
                return _said(
                    text, token, f"the prefix '{prefix}:' is not declared; add PREFIX "
                    f"{prefix}: {iri} before the query",
                )  # fmt: skip
        elif token.kind == "word" and word not in KEYWORDS and token.text.isascii():
            close = difflib.get_close_matches(word, KEYWORDS, n=1, cutoff=0.7)
            hint = f"; did you mean {close[0]}?" if close else ""
            return _said(text, token, f"'{token.text}' is not a SPARQL keyword{hint}")
        elif token.kind == "other" and token.text in _OPEN:
            brackets.append(token)
        elif token.kind == "other" and token.text in _CLOSE:
            expected = _CLOSE[_OPEN.index(brackets[-1].text)] if brackets else None
            if expected != token.text:
                return _said(
                    text, token, f"this '{token.text}' closes nothing"
                    if expected is None else f"'{expected}' expected before this '{token.text}'",
                )  # fmt: skip
            brackets.pop()
    if brackets:
        return _said(text, brackets[-1], f"this '{brackets[-1].text}' is never closed")
    match = re.match(r"error at (\d+):(\d+): (.*)", raw, re.S | re.I)
    if not match:
        return raw
    line, column, rest = int(match.group(1)), int(match.group(2)), match.group(3)
    missing = _missing_dot(text, every, line, column)
    if missing is not None:
        return _said(text, missing, "a '.' is missing before this: it starts a new triple")
    return f"line {line}, column {column}: {_shorter(rest)}"


def _said(text: str, token: Token, message: str) -> str:
    line, column = position(text, token.start)
    return f"line {line}, column {column}: {message}"


def _shorter(expected: str) -> str:
    """The engine's list of what it expected, without character classes and cut short."""
    expected = re.sub(r"\['A' \.\.= 'Z'.*?\](?=,|$)", "a name", expected, flags=re.S)
    expected = re.sub(r"\['0'\.\.='9'\]", "a digit", expected)
    items = [item for item in expected.split(", ") if item != "[_]"]
    if len(items) > 8:
        return ", ".join(items[:8]) + ", ..."
    return ", ".join(items) or "the query ends too early"


def _missing_dot(text: str, every: list[Token], line: int, column: int) -> Token | None:
    """The term at which a triple pattern has one term too many, up to where the engine
    stopped: where a '.' was left out."""
    lines = text.split("\n")
    stop = sum(len(part) + 1 for part in lines[: line - 1]) + column - 1
    run, expected = 0, 3
    for token in every:
        if token.start > stop:
            break
        if token.kind in _TERMS or _keyword(token) == "A":
            run += 1
            if run > expected:
                return token
        elif token.kind == "lang":
            continue
        else:
            run = 0
            expected = {";": 2, ",": 1}.get(token.text, 3)
    return None
