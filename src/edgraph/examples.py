"""The gallery of example research questions, and the canned queries that take parameters.

Each example is a ``.rq`` file in ``edgraph/queries/``: plain SPARQL that runs anywhere, with a
header of comments that the workbench reads::

    # title: Units of an organization, at any depth
    # about: One or two sentences saying what the question is and how to read the answer.
    # param: organization iri schema:Organization default=org/unesco Organization or network
    # param: from year 2019 From year

A parameter is a variable of the query that only appears in its patterns and filters (never
projected or bound). Before the query runs, each occurrence of the variable is replaced by the
checked value written as a SPARQL term (:func:`bind`), so the query that ran can be read, shared
and run anywhere. ``iri CLASS [default=PATH]`` takes an instance of the class (``iri *``: any
named entity; the default is a path under the base IRI), ``year DEFAULT`` a whole number,
``text DEFAULT`` a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal, NamedTuple

from edgraph.errors import QueryRefusedError
from edgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from edgraph.catalog import Catalog
    from edgraph.query.results import QueryResult

ParamKind = Literal["iri", "year", "text"]


@dataclass(frozen=True)
class Param:
    name: str
    kind: ParamKind
    label: str
    default: str = ""  # the value used when none is given; for iri, relative to the base IRI
    of_class: str = ""  # iri: the class whose instances are offered; empty: any named entity

    def term(self, raw: str) -> str:
        """What a user typed, checked, as a SPARQL term to put in place of the variable.

        >>> Param("from", "year", "From").term("2019")
        '2019'
        >>> print(Param("q", "text", "Text").term('say "hi"'))
        "say \\"hi\\""
        >>> Param("from", "year", "From").term("soon")
        Traceback (most recent call last):
        ...
        edgraph.errors.QueryRefusedError: From: 'soon' is not a year
        """
        raw = raw.strip() or self.default
        if self.kind == "iri":
            if not re.fullmatch(r"https?://[^\s<>\"{}|^`\\]+", raw):
                raise QueryRefusedError(f"{self.label}: {raw!r} is not an http(s) IRI")
            return f"<{raw}>"
        if self.kind == "year":
            if not re.fullmatch(r"-?\d{1,4}", raw):
                raise QueryRefusedError(f"{self.label}: {raw!r} is not a year")
            return str(int(raw))
        escaped = raw.translate(_STRING_ESCAPES)
        return f'"{escaped}"'


_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


@dataclass(frozen=True)
class Example:
    name: str  # the file name without .rq: a stable identifier for URLs
    title: str
    about: str
    query: str
    params: tuple[Param, ...]


@cache
def examples() -> tuple[Example, ...]:
    """Every example, in file-name order.

    >>> len(examples()) >= 12
    True
    """
    folder = resources.files("edgraph") / "queries"
    found = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".rq"):
            found.append(_read(item.name[:-3], item.read_text(encoding="utf-8")))
    return tuple(found)


def bind(example: Example, values: dict[str, str]) -> str:
    """The example's query with each parameter replaced by its value (or default).

    >>> e = _read("t", "# param: from year 2019 From\\nSELECT ?e { ?e <http://x/y> ?from }")
    >>> bind(e, {})
    '# param: from year 2019 From\\nSELECT ?e { ?e <http://x/y> 2019 }'
    """
    from edgraph.query.plan import substitute

    terms = {p.name: p.term(values.get(p.name, "")) for p in example.params}
    return substitute(example.query, terms)


class Choice(NamedTuple):
    """One value offered for an ``iri`` parameter."""

    iri: str
    name: str


#: The kinds an ``iri *`` parameter ("any entity") offers: what research questions are about,
#: not the claims, records, places and topics that describe them.
SUBJECT_KINDS = ("network", "organization", "person", "event", "project")


def choices(
    param: Param,
    run: Callable[[str], QueryResult],
    *,
    catalog: Catalog | None = None,
    language: str = "en",
) -> list[Choice]:
    """What an ``iri`` parameter offers: every named instance of its class (of any class when
    it names none), by name, each with its English name when it has one; nothing for the other
    kinds. ``run`` runs the query (the viewer's query service, a store's ``query`` in tests).

    With a ``catalog``, the instances fit the question: reference data (countries, goals) is
    left out, ``iri *`` offers only the entities of :data:`SUBJECT_KINDS`, and each is named
    in ``language``.

    >>> from edgraph.store import EmbeddedStore
    >>> choices(Param("org", "iri", "Organization"), EmbeddedStore.in_memory().query)
    []
    """
    from edgraph.query.results import lexical

    if param.kind != "iri":
        return []
    cls = f"?entity a/rdfs:subClassOf* <{param.of_class}> ." if param.of_class else ""
    query = f"""
        PREFIX schema: <http://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?entity (SAMPLE(?label) AS ?name) WHERE {{
          {cls}
          ?entity schema:name ?any .
          OPTIONAL {{ ?entity schema:name ?english FILTER(LANGMATCHES(LANG(?english), "en")) }}
          BIND(COALESCE(?english, ?any) AS ?label)
          FILTER(ISIRI(?entity))
        }} GROUP BY ?entity ORDER BY LCASE(STR(?name))"""
    found = [
        Choice(lexical(entity), lexical(name))
        for entity, name in run(query).rows
        if entity is not None and name is not None
    ]
    if catalog is None:
        return found
    kept = []
    for choice in found:
        entity = catalog.get(choice.iri)
        if entity is None or entity.reference:
            continue
        if not param.of_class and entity.kind not in SUBJECT_KINDS:
            continue
        kept.append(Choice(choice.iri, catalog.label(choice.iri, language)))
    return sorted(kept, key=lambda c: (c.name.casefold(), c.iri))


def example(name: str) -> Example | None:
    return next((e for e in examples() if e.name == name), None)


def _read(name: str, text: str) -> Example:
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        match = re.match(r"#\s*(\w+):\s*(.*)", line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_param(name, value))
        else:
            fields[key] = value.strip()
    return Example(name, fields.get("title", name), fields.get("about", ""), text, tuple(params))


def _param(example_name: str, spec: str) -> Param:
    variable, kind, detail, label = [*spec.split(None, 3), "", "", ""][:4]
    if kind == "iri":
        default = ""
        if label.startswith("default="):
            default, _, label = label.partition(" ")
            default = default.removeprefix("default=")
        if detail == "*":
            return Param(variable, "iri", label or variable, default=default)
        prefix, _, local = detail.partition(":")
        if prefix not in PREFIXES:
            raise ValueError(f"{example_name}: unknown prefix in {detail!r}")
        return Param(
            variable, "iri", label or variable, default=default, of_class=PREFIXES[prefix] + local
        )
    if kind in ("year", "text"):
        return Param(variable, kind, label or variable, default=detail)  # type: ignore[arg-type]
    raise ValueError(f"{example_name}: unknown parameter kind {kind!r}")
