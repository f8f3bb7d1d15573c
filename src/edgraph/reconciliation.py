"""The W3C Reconciliation Service API, version 0.2 (what OpenRefine 3.x speaks), over the
store: the service manifest, batches of reconciliation queries matched by the curation matcher
(:class:`edgraph.curation.match.Matcher`), suggest services for entities, types and
properties, entity previews, and data extension. The web adapter is ``web/reconcile.py``.

Entities are named by their IRIs, types by the IRIs of their classes (or a broad kind's key,
"organization"), properties by the short keys of :data:`PROPERTIES`.

>>> from edgraph.catalog import Entity, Name
>>> catalog = Catalog([Entity("http://x/tide", "organization", [EDGO + "Foundation"],
...                           [Name("Tide Foundation", "en", False)])], {})
>>> service = Reconciler(catalog, Matcher.from_catalog(catalog), {})
>>> batch = service.parse_queries('{"q0": {"query": "tide fundation"}}')
>>> [(c["id"], c["score"], c["match"]) for c in service.reconcile(batch)["q0"]["result"]]
[('http://x/tide', 80.0, False)]
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from edgraph.catalog import KIND_BY_KEY, Catalog, fold, local_name
from edgraph.curation.match import KnownEntity, Match, Matcher
from edgraph.errors import ParameterError
from edgraph.namespaces import EDGO, RDFS, SCHEMA, XSD
from edgraph.query.results import QueryResult, lexical
from edgraph.store import Store

#: The versions of the API this service speaks.
VERSIONS = ("0.2",)
#: The broad kinds offered as the manifest's default types, in OpenRefine's menu order.
DEFAULT_KINDS = ("organization", "network", "event", "person", "place")
#: The kinds a query may ask for (the curation matcher's entities).
MATCHED_KINDS = ("organization", "network", "event", "person", "place", "project", "topic")
#: The batch size OpenRefine is told to send (it sends 10 unless told otherwise).
BATCH_SIZE = 10
#: Longest query text, property value or type id read: names are far shorter.
TEXT_MAX_CHARS = 1000
#: Property constraints one query may give, and values one constraint may list.
CONSTRAINTS_MAX = 20
VALUES_MAX = 20
#: Values of one property of one entity that data extension gives (the first by name).
EXTEND_VALUES_MAX = 200
#: How a matcher's score in [0, 1] becomes a candidate's score: what each property constraint
#: that agrees (its values meet the candidate's) adds, and what one that disagrees takes away.
AGREES, DISAGREES = 5.0, 25.0

#: Runs one SELECT within limits: a query worker in the viewer, a store's own query in tests.
Run = Callable[[str], QueryResult]


@dataclass(frozen=True)
class Property:
    """A property of the service: matched in queries and given by data extension."""

    key: str  # its id for OpenRefine
    name: str
    description: str
    kinds: tuple[str, ...]  # the kinds of entity it is proposed for
    value_kind: str | None  # the catalog kind of its values; None: literal values
    predicate: str | None = None  # read from the store with this pattern (None: the catalog's)


#: In the order data extension proposes them.
PROPERTIES: tuple[Property, ...] = (
    Property("country", "Country", "where it is, or its member countries (networks)",
             ("organization", "network", "event", "person", "place", "project"), "place"),
    Property("parent", "Parent organization", "the organization or network it is a unit of",
             ("organization", "network"), "organization", f"?s <{EDGO}unitOf> ?o"),
    Property("network", "Networks", "networks it belongs to or acts in",
             ("organization", "network", "event", "person", "project"), "network"),
    Property("funder", "Funders", "who funds it", ("network", "event", "project", "organization"),
             "organization", f"?s <{EDGO}funder> ?o"),
    Property("event", "Events", "events it takes part in in any role, or that are its events",
             ("organization", "network", "person", "project"), "event",
             f"{{ ?o <{EDGO}involvedAgent> ?s }} UNION {{ ?o <{EDGO}eventOf> ?s }}"),
    Property("founded", "Founding date", "when it was founded", ("organization", "network"),
             None, f"?s <{SCHEMA}foundingDate> ?o"),
)  # fmt: skip
PROPERTY_BY_KEY = {p.key: p for p in PROPERTIES}
#: The type data extension announces for a property's values, where all of them have it.
_VALUE_TYPES = {"country": EDGO + "Country", "network": EDGO + "Network", "event": EDGO + "Event"}


@dataclass(frozen=True)
class Limits:
    """How much one request may ask (settings ``reconcile_*``)."""

    batch_max: int = 1000  # queries in one batch, or entities in one extension request
    limit_max: int = 100  # candidates one query may ask for
    default_limit: int = 5  # candidates when a query names no limit

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        return cls(batch_max=settings.reconcile_batch_max, limit_max=settings.reconcile_limit_max)


@dataclass(frozen=True)
class Constraint:
    """One of a query's property constraints: the candidate should have one of ``values``
    (entity IRIs given as ``{"id": ...}``, or texts: names, dates, numbers)."""

    pid: str
    ids: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    key: str
    text: str
    types: tuple[str, ...]  # type ids as given
    type_strict: str  # "any", "should" or "all"
    limit: int
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class TypeInfo:
    id: str
    name: str
    kind: str  # the catalog kind of its entities
    root: bool  # the kind's own class: matched by kind, networks near organizations


class Value(NamedTuple):
    """A property value read from the store: an entity IRI, or a literal with its datatype."""

    text: str
    entity: bool
    datatype: str = ""


@dataclass
class Reconciler:
    """The service over one store generation's catalog and matcher (made once, shared)."""

    catalog: Catalog
    matcher: Matcher
    class_parents: Mapping[str, set[str]]
    base_iri: str = "https://w3id.org/edgraph/id/"
    limits: Limits = Limits()
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    types: dict[str, TypeInfo] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        roots = {KIND_BY_KEY[k].classes[0]: k for k in MATCHED_KINDS}
        classes = set(self.class_parents) | set(roots)
        for entity in self.catalog.entities.values():
            classes.update(entity.classes)
        for cls in sorted(classes):
            ancestors = self.ancestors(cls)
            kind = roots.get(cls) or next((roots[r] for r in roots if r in ancestors), None)
            if kind is None or not cls.startswith(EDGO):
                continue
            if kind == "organization" and EDGO + "Network" in ancestors:
                kind = "network"
            label = self.catalog.label(cls)
            self.types[cls] = TypeInfo(cls, label[:1].upper() + label[1:], kind, cls in roots)

    @classmethod
    def for_store(
        cls, store: Store, *, catalog: Catalog | None = None, base_iri: str | None = None,
        limits: Limits | None = None,
    ) -> Reconciler:  # fmt: skip
        """The service over ``store`` (``catalog``: the one read from it already)."""
        from edgraph.namespaces import DEFAULT_BASE

        base = base_iri or DEFAULT_BASE
        catalog = catalog if catalog is not None else Catalog.load(store)
        matcher = Matcher.for_store(store, base=base, catalog=catalog)
        parents: dict[str, set[str]] = {}
        query = f"SELECT ?a ?b WHERE {{ ?a <{RDFS}subClassOf> ?b FILTER(isIRI(?a) && isIRI(?b)) }}"
        for sub, sup in store.query(query).rows:
            parents.setdefault(lexical(sub), set()).add(lexical(sup))  # type: ignore[arg-type]
        return cls(catalog, matcher, parents, base, limits or Limits())

    # -- the manifest ----------------------------------------------------------------------

    def manifest(self, *, root: str, view: str, name: str, version: str) -> dict[str, Any]:
        """The service manifest; ``root`` is the service's absolute URL (``.../reconcile``),
        ``view`` a template of entity pages with ``{{id}}`` where the entity's IRI goes."""
        return {
            "versions": list(VERSIONS),
            "name": name,
            "identifierSpace": self.base_iri,
            "schemaSpace": EDGO,
            "serviceVersion": version,
            "batchSize": min(BATCH_SIZE, self.limits.batch_max),
            "view": {"url": view},
            "defaultTypes": [self._type(KIND_BY_KEY[k].classes[0]) for k in DEFAULT_KINDS],
            "preview": {"url": root + "/preview?id={{id}}", "width": 430, "height": 160},
            "suggest": {
                what: {"service_url": root, "service_path": f"/suggest/{what}"}
                for what in ("entity", "type", "property")
            },
            "extend": {
                "propose_properties": {"service_url": root, "service_path": "/properties"},
                "property_settings": [],
            },
        }

    # -- reconciliation queries ------------------------------------------------------------

    def parse_queries(self, text: str) -> dict[str, Query]:
        """A batch as sent in ``queries=``: each query checked, every mistake a
        :class:`~edgraph.errors.ParameterError` that names the query and what is wrong.

        >>> Reconciler(Catalog([], {}), Matcher([]), {}).parse_queries('{"q0": {}}')
        Traceback (most recent call last):
        ...
        edgraph.errors.ParameterError: query 'q0' has no text to match: give it as "query"
        """
        data = _json(text, "queries")
        if not isinstance(data, dict):
            raise ParameterError(
                "queries must be a JSON object of queries by key, like "
                f'{{"q0": {{"query": "UNESCO"}}}}; this is {_a(data)}'
            )
        if len(data) > self.limits.batch_max:
            raise ParameterError(
                f"a batch takes at most {self.limits.batch_max:,} queries (setting "
                f"reconcile_batch_max); this one has {len(data):,}"
            )
        return {str(key): self._query(str(key), query) for key, query in data.items()}

    def _query(self, key: str, data: Any) -> Query:
        where = f"query {key[:50]!r}"
        if not isinstance(data, dict):
            raise ParameterError(f"{where} must be an object like {{\"query\": \"UNESCO\"}}, "
                                 f"not {_a(data)}")  # fmt: skip
        unknown = sorted(set(data) - {"query", "type", "type_strict", "limit", "properties"})
        if unknown:
            raise ParameterError(f"{where}: unknown field {unknown[0][:50]!r}; a query has "
                                 "query, type, type_strict, limit and properties")  # fmt: skip
        text = data.get("query")
        if text is None or (isinstance(text, str) and not text.strip()):
            raise ParameterError(f'{where} has no text to match: give it as "query"')
        text = _text(text, f"{where}, its query")
        types = data.get("type")
        if types is None:
            type_ids: tuple[str, ...] = ()
        elif isinstance(types, str):
            type_ids = (types,) if types.strip() else ()
        elif isinstance(types, list) and all(isinstance(t, str) for t in types):
            type_ids = tuple(t for t in types[:VALUES_MAX] if t.strip())
        else:
            raise ParameterError(f"{where}: type must be a type id or a list of them")
        for type_id in type_ids:
            self.resolve_type(type_id, where)
        strict = data.get("type_strict", "should")
        if strict not in ("any", "should", "all"):
            raise ParameterError(f'{where}: type_strict must be "any", "should" or "all"')
        return Query(key, text, type_ids, strict, self._limit(data.get("limit"), where),
                     self._constraints(data.get("properties"), where))  # fmt: skip

    def _limit(self, value: Any, where: str) -> int:
        if value is None:
            return self.limits.default_limit
        # NaN and Infinity too: Python's json reads them, and int() of them raises
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value) or value != int(value)):  # fmt: skip
            raise ParameterError(f"{where}: limit must be a whole number")
        if value < 1:
            raise ParameterError(f"{where}: limit must be at least 1")
        return min(int(value), self.limits.limit_max)

    def _constraints(self, value: Any, where: str) -> tuple[Constraint, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or len(value) > CONSTRAINTS_MAX:
            raise ParameterError(f"{where}: properties must be a list of at most "
                                 f'{CONSTRAINTS_MAX} {{"pid": ..., "v": ...}}')  # fmt: skip
        found = []
        for item in value:
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("pid"), str)
                or "v" not in item
            ):
                raise ParameterError(f'{where}: each property is {{"pid": ..., "v": ...}}')
            pid = item["pid"]
            if pid not in PROPERTY_BY_KEY:
                raise ParameterError(f"{where}: unknown property {pid[:50]!r}; the properties "
                                     f"are {', '.join(PROPERTY_BY_KEY)}")  # fmt: skip
            values = item["v"] if isinstance(item["v"], list) else [item["v"]]
            if len(values) > VALUES_MAX:
                raise ParameterError(f"{where}: a property takes at most {VALUES_MAX} values")
            ids, texts = [], []
            for v in values:
                if isinstance(v, dict) and isinstance(v.get("id"), str):
                    ids.append(_text(v["id"], f"{where}, property {pid}"))
                elif isinstance(v, str | int | float) and not isinstance(v, bool):
                    texts.append(_text(str(v), f"{where}, property {pid}"))
                else:
                    raise ParameterError(f"{where}: property {pid}: a value is a text, a "
                                         'number or an entity {"id": ...}')  # fmt: skip
            found.append(Constraint(pid, tuple(ids), tuple(t for t in texts if t.strip())))
        return tuple(found)

    def resolve_type(self, type_id: str, where: str = "type") -> TypeInfo:
        """A type id (a class IRI, or a broad kind's key) as the service knows it."""
        if type_id in KIND_BY_KEY and type_id in MATCHED_KINDS:
            type_id = KIND_BY_KEY[type_id].classes[0]
        found = self.types.get(type_id)
        if found is None:
            raise ParameterError(
                f"{where}: unknown type {type_id[:100]!r}; the service's types are the classes "
                f"/reconcile/suggest/type offers, such as {EDGO}Organization"
            )
        return found

    def reconcile(self, batch: Mapping[str, Query], run: Run | None = None) -> dict[str, Any]:
        """The result batch: for each query, its candidates best first, with their types, a
        score from 0 to 100 and ``match`` where the match is certain. ``run`` reads the
        properties that are not in the catalog (parent, funders, events, founding date)."""
        found = {key: self._candidates(query) for key, query in batch.items()}
        asked = {c.pid for q in batch.values() for c in q.constraints}
        iris = sorted({m.iri for matches in found.values() for m in matches})
        facts = self.facts(iris, asked, run) if asked else {}
        return {key: {"result": self._scored(batch[key], found[key], facts)} for key in batch}

    def _candidates(self, query: Query) -> list[Match]:
        kinds, accept = self._type_filter(query)
        kind = kinds[0] if len(kinds) == 1 else None
        # more than asked: a second exact namesake makes none of them certain, and property
        # constraints may reorder them
        wanted = query.limit + 5 if not query.constraints else max(query.limit * 3, 20)
        matches = self.matcher.match(query.text, kind=kind, accept=accept, limit=wanted)
        entity = self.matcher.get(query.text.strip())
        if entity is not None and (accept is None or accept(entity)):
            matches = [m for m in matches if m.iri != entity.iri]
            matches.insert(0, Match(entity.iri, entity.display, entity.kind, 1.0,
                                    ("its identifier",), entity.iri, True))  # fmt: skip
        return matches

    def _type_filter(self, query: Query) -> tuple[list[str], Callable[[KnownEntity], bool] | None]:
        if not query.types:
            return [], None
        infos = [self.resolve_type(t) for t in query.types]
        kinds = sorted({i.kind for i in infos})
        if all(i.root for i in infos) and len(kinds) == 1:
            return kinds, None  # the matcher's own kind filter
        wanted = [i for i in infos if not i.root]
        roots = {i.kind for i in infos if i.root}

        def of_type(info: TypeInfo, entity: KnownEntity) -> bool:
            if info.root:
                return entity.kind == info.kind
            return any(info.id in self.ancestors(c) for c in entity.classes)

        def accept(entity: KnownEntity) -> bool:
            if query.type_strict == "all":
                return all(of_type(i, entity) for i in infos)
            return entity.kind in roots or any(of_type(i, entity) for i in wanted)

        return kinds, accept

    def _scored(
        self, query: Query, matches: list[Match], facts: Mapping[str, Mapping[str, list[Value]]]
    ) -> list[dict[str, Any]]:
        rows = []
        for found in matches:
            score = found.score * 100
            features: list[dict[str, Any]] = [{"id": "name", "value": found.score}]
            disagrees = False
            for constraint in query.constraints:
                verdict = self._agrees(constraint, facts.get(found.iri, {}).get(constraint.pid, []))
                if verdict is None:
                    continue
                features.append({"id": f"property:{constraint.pid}", "value": verdict})
                score += AGREES if verdict else -DISAGREES
                disagrees = disagrees or not verdict
            rows.append((max(0.0, min(100.0, round(score, 1))), found, features, disagrees))
        rows.sort(key=lambda r: (-r[0], r[1].label, r[1].iri))
        exact = [r for r in rows if r[1].exact and not r[3]]
        out = []
        for score, found, features, _ in rows[: query.limit]:
            entity = self.catalog.entities.get(found.iri)
            out.append({
                "id": found.iri, "name": found.label, "score": score,
                "match": len(exact) == 1 and exact[0][1] is found,
                "type": self._types_of(found.iri),
                "description": self.description(found.iri) if entity is not None else "",
                "features": features,
            })  # fmt: skip
        return out

    def _agrees(self, constraint: Constraint, values: list[Value]) -> bool | None:
        """Whether a candidate's values of a property meet a constraint's; None when the
        candidate has none (the graph does not say, which is no disagreement)."""
        if not values:
            return None
        have = {v.text for v in values}
        if any(i in have for i in constraint.ids):
            return True
        prop = PROPERTY_BY_KEY[constraint.pid]
        for text in constraint.texts:
            if prop.value_kind is None:
                if any(v.text.startswith(text.strip()) or text.strip().startswith(v.text)
                       for v in values):  # fmt: skip
                    return True
                continue
            if text.strip() in have:
                return True
            if any(m.iri in have for m in self.matcher.match(text, limit=5) if m.score >= 0.8):
                return True
        return False

    # -- what is known of an entity --------------------------------------------------------

    def facts(
        self, iris: Sequence[str], pids: Iterable[str], run: Run | None
    ) -> dict[str, dict[str, list[Value]]]:
        """Property values of the entities ``iris`` (unknown ones have none): country and
        networks from the catalog, the rest read by ``run`` in one query per 400 entities."""
        pids = [p for p in PROPERTY_BY_KEY if p in set(pids)]
        known = [i for i in dict.fromkeys(iris) if i in self.catalog.entities]
        out: dict[str, dict[str, list[Value]]] = {i: {p: [] for p in pids} for i in known}
        for iri in known:
            entity = self.catalog.entities[iri]
            if "country" in out[iri]:
                out[iri]["country"] = [Value(c, True) for c in sorted(entity.countries)]
            if "network" in out[iri]:
                out[iri]["network"] = [Value(n, True) for n in sorted(entity.networks)]
        read = [PROPERTY_BY_KEY[p] for p in pids if PROPERTY_BY_KEY[p].predicate]
        if not read or not known:
            return out
        if run is None:
            raise ValueError("reading parents, funders, events or founding dates needs run")
        branches = " UNION ".join(f'{{ {p.predicate} BIND("{p.key}" AS ?p) }}' for p in read)
        for chunk in _chunks(known, 400):
            values = " ".join(f"<{iri}>" for iri in chunk)
            result = run(
                f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} {branches} }}"
            )
            for s, p, o in result.rows:
                if s is None or p is None or o is None:
                    continue
                prop = PROPERTY_BY_KEY[lexical(p)]
                if prop.value_kind is None:
                    datatype = getattr(getattr(o, "datatype", None), "value", "")
                    out[lexical(s)][prop.key].append(Value(lexical(o), False, datatype))
                    continue
                target = self.catalog.entities.get(lexical(o))
                if target is not None and (prop.key != "event" or target.kind == "event"):
                    out[lexical(s)][prop.key].append(Value(target.iri, True))
        for row in out.values():
            for pid, got in row.items():
                row[pid] = sorted(
                    set(got),
                    key=lambda v: (
                        fold(self.catalog.label(v.text)) if v.entity else v.text,
                        v.text,
                    ),
                )
        return out

    def description(self, iri: str) -> str:
        """One line to tell namesakes apart: its classes and countries.

        >>> from edgraph.catalog import Entity, Name
        >>> c = Catalog([Entity("http://x/a", "organization", [EDGO + "University"],
        ...              [Name("A", "en", False)], countries={"http://x/PT"})], {})
        >>> Reconciler(c, Matcher([]), {}).description("http://x/a")
        'University · PT'
        """
        entity = self.catalog.entities.get(iri)
        if entity is None:
            return ""
        parts = [self._type_name(c) for c in entity.classes[:2]] or [KIND_BY_KEY[entity.kind].label]
        parts += sorted(self.catalog.label(c) for c in entity.countries)[:3]
        return " · ".join(parts)

    def _types_of(self, iri: str) -> list[dict[str, str]]:
        entity = self.catalog.entities.get(iri)
        if entity is None:
            return []
        classes = [c for c in entity.classes if c in self.types]
        root = KIND_BY_KEY[entity.kind].classes[0]
        return [self._type(c) for c in dict.fromkeys([*classes, root])]

    def _type(self, cls: str) -> dict[str, str]:
        return {"id": cls, "name": self._type_name(cls)}

    def _type_name(self, cls: str) -> str:
        info = self.types.get(cls)
        return info.name if info is not None else local_name(cls)

    def ancestors(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it."""
        known = self._ancestors.get(cls)
        if known is None:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.class_parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            known = self._ancestors[cls] = frozenset(seen)
        return known

    # -- suggest, preview ------------------------------------------------------------------

    def suggest_entities(
        self, prefix: str, *, type_id: str | None = None, cursor: int = 0, limit: int = 10
    ) -> dict[str, Any]:
        """Entities whose names start with (or contain a word starting with) ``prefix``, for
        OpenRefine's autocomplete; an entity's IRI finds it too."""
        prefix = _text(prefix, "prefix")
        info = self.resolve_type(type_id) if type_id else None
        picked: list[str] = []
        if prefix.strip() in self.catalog.entities:
            picked.append(prefix.strip())
        for found in self.catalog.search(prefix, limit=(cursor + limit) * 4 + 20,
                                         kind=info.kind if info else None):  # fmt: skip
            entity = self.catalog.entities[found.iri]
            if entity.kind not in MATCHED_KINDS or found.iri in picked:
                continue
            if (info is not None and not info.root
                    and not any(info.id in self.ancestors(c) for c in entity.classes)):  # fmt: skip
                continue
            picked.append(found.iri)
        return {"result": [
            {"id": iri, "name": self.catalog.label(iri), "description": self.description(iri),
             "notable": self._types_of(iri)}
            for iri in picked[cursor : cursor + limit]
        ]}  # fmt: skip

    def suggest_types(self, prefix: str, *, cursor: int = 0, limit: int = 10) -> dict[str, Any]:
        """The classes whose names start with, or have a word starting with, ``prefix``."""
        wanted = fold(_text(prefix, "prefix"))
        ranked = sorted(
            (rank, info.name, info.id)
            for info in self.types.values()
            if (rank := _rank(wanted, [info.name, local_name(info.id)])) is not None
        )
        result = []
        for _, _, cls in ranked[cursor : cursor + limit]:
            item: dict[str, Any] = self._type(cls)
            broader = [p for p in sorted(self.class_parents.get(cls, ())) if p in self.types]
            if broader:
                item["broader"] = [self._type(p) for p in broader]
            result.append(item)
        return {"result": result}

    def suggest_properties(
        self, prefix: str, *, cursor: int = 0, limit: int = 10
    ) -> dict[str, Any]:
        """The properties whose key or name starts with, or has a word starting with, ``prefix``.

        >>> r = Reconciler(Catalog([], {}), Matcher([]), {})
        >>> [p["id"] for p in r.suggest_properties("f")["result"]]
        ['founded', 'funder']
        """
        wanted = fold(_text(prefix, "prefix"))
        ranked = sorted(
            (rank, p.key)
            for p in PROPERTIES
            if (rank := _rank(wanted, [p.key, p.name])) is not None
        )
        return {"result": [
            {"id": key, "name": PROPERTY_BY_KEY[key].name,
             "description": PROPERTY_BY_KEY[key].description}
            for _, key in ranked[cursor : cursor + limit]
        ]}  # fmt: skip

    def propose_properties(
        self, type_id: str | None, *, limit: int | None = None
    ) -> dict[str, Any]:
        """The properties data extension offers for entities of a type (all of them when no
        type is given)."""
        info = self.resolve_type(type_id) if type_id else None
        chosen = [p for p in PROPERTIES if info is None or info.kind in p.kinds]
        answer: dict[str, Any] = {
            "properties": [{"id": p.key, "name": p.name, "description": p.description}
                           for p in chosen[:limit]],
        }  # fmt: skip
        if type_id:
            answer["type"] = type_id
        if limit is not None:
            answer["limit"] = limit
        return answer

    def preview(self, iri: str) -> Preview | None:
        """What a preview card shows of an entity; None when the catalog does not know it."""
        entity = self.catalog.entities.get(iri)
        if entity is None:
            return None
        label = entity.label
        others = sorted({n.text for n in entity.names if n.text != label}, key=fold)
        return Preview(
            iri=iri, label=label, kind=KIND_BY_KEY[entity.kind].label,
            classes=[self._type_name(c) for c in entity.classes],
            other_names=others[:6],
            countries=sorted((self.catalog.label(c) for c in entity.countries), key=fold),
            networks=sorted((self.catalog.label(n) for n in entity.networks), key=fold)[:6],
        )  # fmt: skip

    # -- data extension --------------------------------------------------------------------

    def parse_extension(self, text: str) -> tuple[list[str], list[str]]:
        """A data extension query (``extend=``): the entity ids and the property keys."""
        data = _json(text, "extend")
        if not isinstance(data, dict):
            raise ParameterError(
                'extend must be a JSON object like {"ids": [...], "properties": [{"id": '
                f'"country"}}]}}; this is {_a(data)}'
            )
        ids, props = data.get("ids"), data.get("properties")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ParameterError('extend: "ids" must be a list of entity ids')
        if len(ids) > self.limits.batch_max:
            raise ParameterError(
                f"extend takes at most {self.limits.batch_max:,} ids (setting "
                f"reconcile_batch_max); this one has {len(ids):,}"
            )
        if not isinstance(props, list) or not props or len(props) > CONSTRAINTS_MAX:
            raise ParameterError(f'extend: "properties" must be a list of 1 to {CONSTRAINTS_MAX}'
                                 ' properties like {"id": "country"}')  # fmt: skip
        keys = []
        for prop in props:
            key = prop.get("id") if isinstance(prop, dict) else None
            if not isinstance(key, str) or key not in PROPERTY_BY_KEY:
                shown = repr(key[:50]) if isinstance(key, str) else "a property without an id"
                raise ParameterError(f"extend: unknown property {shown}; the properties are "
                                     f"{', '.join(PROPERTY_BY_KEY)}")  # fmt: skip
            keys.append(key)
        return [_text(i, "extend, an id") for i in ids], list(dict.fromkeys(keys))

    def extend(self, ids: Sequence[str], pids: Sequence[str], run: Run | None) -> dict[str, Any]:
        """The data extension response: each entity's values of each property, entities as
        ``{"id", "name"}``, dates as dates, other literals as text."""
        facts = self.facts(ids, pids, run)
        meta = []
        for pid in pids:
            item: dict[str, Any] = {"id": pid, "name": PROPERTY_BY_KEY[pid].name}
            if pid in _VALUE_TYPES:
                item["type"] = self._type(_VALUE_TYPES[pid])
            meta.append(item)
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for iri in ids:
            got = facts.get(iri, {})
            rows[iri] = {pid: [self._cell(v) for v in got.get(pid, [])[:EXTEND_VALUES_MAX]]
                         for pid in pids}  # fmt: skip
        return {"meta": meta, "rows": rows}

    def _cell(self, value: Value) -> dict[str, Any]:
        if value.entity:
            return {"id": value.text, "name": self.catalog.label(value.text)}
        if value.datatype == XSD + "date" and len(value.text) == 10:
            return {"date": value.text + "T00:00:00Z"}
        return {"str": value.text}


@dataclass(frozen=True)
class Preview:
    iri: str
    label: str
    kind: str
    classes: list[str]
    other_names: list[str]
    countries: list[str]
    networks: list[str]


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParameterError(
            f"{what}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ParameterError(f"{what}: JSON nested too deep") from None


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ParameterError(f"{where} must be a text, not {_a(value)}")
    if len(value) > TEXT_MAX_CHARS:
        raise ParameterError(f"{where} is {len(value):,} characters long; at most "
                             f"{TEXT_MAX_CHARS:,} are read")  # fmt: skip
    return value


def _a(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "true or false",
            type(None): "null"}.get(type(value), "a number")  # fmt: skip


def _rank(wanted: str, names: Iterable[str]) -> int | None:
    """0 for a name that is ``wanted``, 1 for one starting with it, 2 for a word starting with
    it; None when none does (an empty ``wanted`` ranks every name 1)."""
    best = None
    for name in names:
        folded = fold(name)
        rank = 0 if folded == wanted else 1 if folded.startswith(wanted) else (
            2 if any(w.startswith(wanted) for w in folded.replace("-", " ").split()) else None
        )  # fmt: skip
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
