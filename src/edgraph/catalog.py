"""What the dataset holds, for people: every entity's names, kind and facets, found by search
(accent- and case-insensitive, over names and aliases in any language) and by faceted browsing.

The catalog is read from the store in a handful of queries and kept in memory; it is rebuilt
when the store changes, never per request.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from edgraph.errors import ParameterError
from edgraph.namespaces import EDGO, ORG, OWL, PROV, RDFS, SCHEMA, SKOS, graph_iri
from edgraph.query.results import lexical
from edgraph.roles import ROLES, Words
from edgraph.store import Store


@dataclass(frozen=True)
class Kind:
    """A broad kind of entity: what browsing filters on and what the network colours by."""

    key: str
    label: str  # in English; ``words`` has it in each language
    classes: tuple[str, ...]  # an entity is of this kind when it has one of these types
    colour: str
    words: Words = field(default_factory=lambda: Words("", ""))

    def __call__(self, language: str = "en") -> str:
        """The kind in ``language``.

        >>> KIND_BY_KEY["organization"]("es")
        'Organización'
        """
        return self.words(language) or self.label


#: Broad kinds, most specific first: a unit that is also a research institute is an
#: organization; the first kind whose class an entity has wins.
KINDS: tuple[Kind, ...] = (
    Kind("network", "Network", (EDGO + "Network",), "#d9480f", Words("Network", "Red")),
    Kind("organization", "Organization", (EDGO + "Organization",), "#1c7ed6",
         Words("Organization", "Organización")),
    Kind("person", "Person", (EDGO + "Person",), "#ae3ec9", Words("Person", "Persona")),
    Kind("event", "Event", (EDGO + "Event", EDGO + "EventSeries"), "#2f9e44",
         Words("Event", "Evento")),
    Kind("project", "Project", (EDGO + "Project", EDGO + "Programme", EDGO + "Plan"), "#f08c00",
         Words("Project", "Proyecto")),
    Kind("place", "Place", (EDGO + "Place",), "#868e96", Words("Place", "Lugar")),
    Kind("topic", "Topic", (EDGO + "Topic", EDGO + "SDGGoal", EDGO + "SDGTarget"), "#0c8599",
         Words("Topic", "Tema")),
    Kind("membership", "Membership or position", (EDGO + "Membership", EDGO + "Position"),
         "#5c940d", Words("Membership or position", "Membresía o cargo")),
    Kind("claim", "Claim", (EDGO + "Claim",), "#e03131", Words("Claim", "Afirmación")),
    Kind("source", "Source document", (SCHEMA + "CreativeWork", SCHEMA + "NewsArticle"),
         "#495057", Words("Source document", "Documento fuente")),
)  # fmt: skip
KIND_BY_KEY = {kind.key: kind for kind in KINDS}

_NAME_PREDICATES = (SCHEMA + "name", SKOS + "prefLabel", RDFS + "label", SCHEMA + "headline")
_ALIAS_PREDICATES = (SKOS + "altLabel", SCHEMA + "alternateName")
_LANGUAGES = ("en", "es", "")  # the order in which a display name is chosen
#: The languages pages speak, the first the default (roles.Words has one phrase for each).
LANGUAGES = ("en", "es")
_CACHE_VERSION = 3  # of Catalog.to_json(); a copy of another version is read again from the store


def fold(text: str) -> str:
    """Text as search compares it: no accents, no case, single spaces.

    >>> fold("  Tecnológico de  MONTERREY ")
    'tecnologico de monterrey'
    """
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _ranks(language: str) -> dict[str, int]:
    """Language tag -> its place when choosing a name for a reader of ``language``."""
    order = (language, *(lang for lang in _LANGUAGES if lang != language))
    return {lang: i for i, lang in enumerate(order)}


_RANKS = {language: _ranks(language) for language in _LANGUAGES}


class Name(NamedTuple):  # a tuple: a catalog holds hundreds of thousands
    text: str
    lang: str  # "" when the literal has no language tag
    alias: bool


@dataclass(slots=True)
class Entity:
    """One resource of the dataset as people look for it."""

    iri: str
    kind: str  # a key of KINDS
    classes: list[str] = field(default_factory=list)  # most specific asserted classes
    names: list[Name] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    networks: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # source documents stating something
    reference: bool = False  # stated only by reference data (graph/reference/: countries...)
    ties: int = 0  # other entities it is tied to by a role, in either direction

    @property
    def label(self) -> str:
        """The display name: English, then Spanish, then untagged, then any name or alias."""
        return self.name_in("en")

    def name_in(self, language: str) -> str:
        """The display name in ``language``, else as :attr:`label` chooses.

        >>> Entity("http://x/a", "place", names=[Name("Spain", "en", False),
        ...        Name("España", "es", False)]).name_in("es")
        'España'
        """
        if not self.names:
            return local_name(self.iri)
        rank = _RANKS.get(language) or _ranks(language)
        return min(self.names, key=lambda n: (n.alias, rank.get(n.lang, 9))).text

    def facet_values(self, facet: str) -> set[str]:
        if facet == "kind":
            return {self.kind}
        if facet == "year":
            return {str(y) for y in self.years}
        values: set[str] = getattr(self, {"country": "countries", "network": "networks",
                                          "source": "sources"}[facet])  # fmt: skip
        return values


@dataclass(frozen=True)
class Document:
    """A source document as a citation shows it."""

    iri: str
    title: str
    publisher: str  # IRI of the publisher, or ""
    published: str  # date as written, or ""
    language: str


@dataclass(frozen=True)
class Suggestion:
    iri: str
    label: str
    kind: str
    matched: str  # the name or alias that matched, when it is not the label
    score: int


#: The facets of browsing, in display order.
FACETS = ("kind", "country", "network", "year", "source")
#: Longest facet value a listing accepts: kind keys, years and the IRIs of countries, networks
#: and sources are far shorter, and every link of the page repeats the selection.
FACET_VALUE_MAX_CHARS = 1000


def selection(
    params: Mapping[str, Sequence[str]], *, max_values: int
) -> dict[str, tuple[str, ...]]:
    """The facet values a listing asks for, each once, in the order given, by facet;
    ParameterError when there are more than ``max_values`` of them or one is too long.

    >>> selection({"kind": ["event", "event"], "colour": ["red"]}, max_values=5)["kind"]
    ('event',)
    >>> selection({"country": ["a", "b", "c"]}, max_values=2)
    Traceback (most recent call last):
    ...
    edgraph.errors.ParameterError: a listing takes at most 2 facet values ...
    """
    given = sum(len(params.get(facet, ())) for facet in FACETS)
    if given > max_values:
        raise ParameterError(
            f"a listing takes at most {max_values:,} facet values (setting browse_max_values); "
            f"this one gives {given:,}"
        )
    chosen = {facet: tuple(dict.fromkeys(params.get(facet, ()))) for facet in FACETS}
    for facet, values in chosen.items():
        for value in values:
            if len(value) > FACET_VALUE_MAX_CHARS:
                raise ParameterError(
                    f"a {facet} value of {len(value):,} characters cannot be one: facet values "
                    f"are at most {FACET_VALUE_MAX_CHARS:,} characters"
                )
    return chosen


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


#: How a listing can be sorted: by name, by kind (in the order of KINDS), by ties (most first).
SORTS = ("name", "kind", "ties")
#: Whether a listing shows reference data (graph/reference/: countries, regions, goals): not
#: unless asked, with it, or only it.
REFERENCE = ("hide", "include", "only")
#: Longest text a listing filters its names by.
FILTER_MAX_CHARS = 200


@dataclass(frozen=True)
class Browse:
    """One page of a faceted listing."""

    entities: list[Entity]
    total: int
    facets: dict[str, list[FacetValue]]
    page: int
    pages: int
    hidden_reference: int = 0  # reference entities the listing would have, left out
    per_page: int = 50


class Catalog:
    """Every typed resource of the store with its names and facets.

    >>> from edgraph.store import EmbeddedStore
    >>> Catalog.load(EmbeddedStore.in_memory()).search("anything")
    []
    """

    CACHE_NAME = "catalog.json"  # the copy kept beside a store's generation (Store.cache_file)

    def __init__(
        self,
        entities: Iterable[Entity],
        class_labels: Mapping[str, list[Name]],
        documents: Mapping[str, Document] | None = None,
        property_parents: Mapping[str, set[str]] | None = None,
        folded: Iterable[str] | None = None,
        titles: Mapping[str, Mapping[str, str]] | None = None,
    ):
        """``folded``: :func:`fold` of every name, entity by entity (as :meth:`to_json` keeps
        them); computed when not given. ``titles``: what resources without a name are called
        (claims, memberships, the graphs of sources), by language."""
        self.entities: dict[str, Entity] = {e.iri: e for e in entities}
        self.class_labels = dict(class_labels)
        self.documents = dict(documents or {})  # source documents by IRI
        self.property_parents = dict(property_parents or {})
        self.titles = {k: dict(v) for k, v in (titles or {}).items()}
        self._class_words: dict[tuple[str, str], str] = {}  # label() of terms, as computed
        self._type_words: dict[tuple[str, tuple[str, ...], str], list[str]] = {}
        named = [(n, e) for e in self.entities.values() for n in e.names]
        texts = list(folded) if folded is not None else [fold(n.text) for n, _ in named]
        if len(texts) != len(named):
            raise ValueError("one folded text per name is needed")
        self._folded: list[tuple[str, Name, Entity]] = sorted(
            ((text, n, e) for text, (n, e) in zip(texts, named, strict=True)),
            key=lambda item: item[0],
        )

    @classmethod
    def load(cls, store: Store) -> Catalog:
        """Read from the store; on disk, from the copy kept beside the store's generation when
        there is one (written the first time, so later starts take a second, not minutes)."""
        path = store.cache_file(cls.CACHE_NAME)
        if path is not None:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                return cls.from_json(path.read_bytes())
        with _collector_paused():
            entities, labels, documents, parents, titles = _read(store)
            catalog = cls(entities, labels, documents, parents, titles=titles)
        if path is not None:
            with contextlib.suppress(OSError):  # a read-only store folder: no copy, still works
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(path.name + ".partial")
                partial.write_bytes(catalog.to_json())
                os.replace(partial, path)
        return catalog

    def to_json(self) -> bytes:
        """Everything the catalog holds, as JSON (a cache: plain data, never code).

        >>> c = Catalog([Entity("http://x/a", "event", names=[Name("A", "en", False)],
        ...              years={2020})], {})
        >>> Catalog.from_json(c.to_json()).entities["http://x/a"].years
        {2020}
        """
        data = {
            "version": _CACHE_VERSION,
            "entities": [
                [e.iri, e.kind, e.classes, [[n.text, n.lang, n.alias] for n in e.names],
                 sorted(e.countries), sorted(e.networks), sorted(e.years), sorted(e.sources),
                 e.reference, e.ties]
                for e in self.entities.values()
            ],
            "class_labels": {k: [[n.text, n.lang, n.alias] for n in v]
                             for k, v in self.class_labels.items()},
            "documents": {k: [d.title, d.publisher, d.published, d.language]
                          for k, d in self.documents.items()},
            "property_parents": {k: sorted(v) for k, v in self.property_parents.items()},
            "folded": [fold(n.text) for e in self.entities.values() for n in e.names],
            "titles": self.titles,
        }  # fmt: skip
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Catalog:
        with _collector_paused():
            return cls._from_json(raw)

    @classmethod
    def _from_json(cls, raw: bytes) -> Catalog:
        data = json.loads(raw)
        if data.get("version") != _CACHE_VERSION:
            raise ValueError("a catalog cache of another version")
        entities = [
            Entity(iri, kind, classes, [Name(*n) for n in names], set(countries),
                   set(networks), set(years), set(sources), reference, ties)
            for iri, kind, classes, names, countries, networks, years, sources, reference, ties
            in data["entities"]
        ]  # fmt: skip
        return cls(
            entities,
            {k: [Name(*n) for n in v] for k, v in data["class_labels"].items()},
            {k: Document(k, *v) for k, v in data["documents"].items()},
            {k: set(v) for k, v in data["property_parents"].items()},
            data["folded"],
            data["titles"],
        )

    def get(self, iri: str) -> Entity | None:
        return self.entities.get(iri)

    def label(self, iri: str, language: str = "en") -> str:
        """The display name of any IRI in ``language`` (else another): an entity's name, the
        title of a claim or a membership, a class's or a property's label, or its local name.

        >>> c = Catalog([], {"http://x/p": [Name("start date", "en", False),
        ...                                  Name("fecha de inicio", "es", False)]})
        >>> c.label("http://x/p", "es"), c.label("http://x/p"), c.label("http://x/other#q")
        ('fecha de inicio', 'start date', 'q')
        """
        entity = self.entities.get(iri)
        if entity is not None and entity.names:
            return entity.name_in(language)
        titles = self.titles.get(iri)
        if titles:
            return titles.get(language) or next(iter(titles.values()))
        key = (iri, language)
        known = self._class_words.get(key)
        if known is None:
            names = self.class_labels.get(iri)
            known = Entity(iri, "", names=names).name_in(language) if names else local_name(iri)
            if len(self._class_words) < 100_000:  # classes and properties: a few hundred
                self._class_words[key] = known
        return known

    def known_label(self, iri: str, language: str = "en") -> str | None:
        """:meth:`label` when the dataset names ``iri`` (an entity, a title, a class's or a
        property's label); None when the label would only be its local name.

        >>> Catalog([], {}).known_label("http://x/a") is None
        True
        """
        entity = self.entities.get(iri)
        if (entity is not None and entity.names) or iri in self.titles or iri in self.class_labels:
            return self.label(iri, language)
        return None

    def type_words(self, entity: Entity, language: str = "en") -> list[str]:
        """What ``entity`` is, in plain words: its kind, then its most specific classes (by
        their labels in the ontology) that say more than the kind, each once.

        >>> c = Catalog([], {EDGO + "University": [Name("university", "en", False)]})
        >>> c.type_words(Entity("http://x/u", "organization", classes=[EDGO + "University"]))
        ['Organization', 'University']
        """
        key = (entity.kind, tuple(entity.classes), language)
        known = self._type_words.get(key)
        if known is None:  # a few hundred combinations of kind and classes: each made once
            kind = KIND_BY_KEY.get(entity.kind)
            known = [kind(language)] if kind else []
            own = any(c.startswith(EDGO) for c in entity.classes)
            for cls in entity.classes:
                if own and not cls.startswith(EDGO):
                    continue  # a public class beside the ontology's own says the same less well
                word = self.label(cls, language)
                word = word[:1].upper() + word[1:]
                if word.casefold() not in {w.casefold() for w in known}:
                    known.append(word)
            if len(self._type_words) < 100_000:
                self._type_words[key] = known
        return list(known)

    def superproperties(self, predicate: str) -> set[str]:
        """Every property ``predicate`` entails (itself excluded)."""
        return _ancestors(predicate, self.property_parents) - {predicate}

    def search(self, text: str, *, limit: int = 10, kind: str | None = None) -> list[Suggestion]:
        """Entities whose names or aliases contain ``text``, ignoring accents and case; whole
        names first, then names starting with it, then names with a word starting with it.

        >>> catalog = Catalog([Entity("http://x/tec", "organization", names=[
        ...     Name("Tecnológico de Monterrey", "es", False), Name("TEC", "", True)])], {})
        >>> [s.label for s in catalog.search("tecnologico")]
        ['Tecnológico de Monterrey']
        >>> catalog.search("tec")[0].matched
        'TEC'
        """
        query = fold(text)
        if not query:
            return []
        word = re.compile(r"(?:^|\W)" + re.escape(query))
        best: dict[str, Suggestion] = {}
        for folded, name, entity in self._folded:
            if query not in folded or (kind and entity.kind != kind):
                continue
            if folded == query:
                score = 0
            elif folded.startswith(query):
                score = 1
            elif word.search(folded):
                score = 2
            else:
                score = 3
            score = score * 2 + name.alias
            known = best.get(entity.iri)
            if known is None or score < known.score:
                label = entity.label
                matched = name.text if fold(name.text) != fold(label) else ""
                best[entity.iri] = Suggestion(entity.iri, label, entity.kind, matched, score)
        ranked = sorted(best.values(), key=lambda s: (s.score, fold(s.label), s.iri))
        return ranked[:limit]

    def browse(
        self,
        selected: Mapping[str, Iterable[str]],
        *,
        page: int = 1,
        per_page: int = 50,
        text: str = "",
        sort: str = "name",
        reference: str = "hide",
        language: str = "en",
    ) -> Browse:
        """Entities having every selected facet value (values of one facet are alternatives)
        and a name or alias containing ``text`` (as :meth:`search` compares), sorted as
        ``sort`` says, with counts for each facet's values among the entities the other facets
        allow. Reference data (countries, regions, goals) is left out unless ``reference`` is
        "include" or "only"; ``hidden_reference`` says how much was left out.

        One pass over the entities, in the listing's order (kept from the first call), counts
        every facet at once: an entity that every facet allows counts for all of them, one that
        a single facet excludes counts for that facet only. With nothing selected the counts are
        the ones kept from the first call.

        >>> catalog = Catalog([Entity("http://x/a", "event", years={2020}),
        ...                    Entity("http://x/b", "place", years={2021}),
        ...                    Entity("http://x/c", "place", reference=True)], {})
        >>> listing = catalog.browse({"kind": ["event"]})
        >>> [e.iri for e in listing.entities], [(v.value, v.count) for v in listing.facets["kind"]]
        (['http://x/a'], [('event', 1), ('place', 1)])
        >>> [(v.value, v.count) for v in listing.facets["year"]]
        [('2020', 1)]
        >>> listing = catalog.browse({}, reference="only")
        >>> [e.iri for e in listing.entities], catalog.browse({}).hidden_reference
        (['http://x/c'], 1)
        """
        if sort not in SORTS:
            raise ParameterError(f"a listing is sorted by {', '.join(SORTS)}, not {sort!r}")
        if reference not in REFERENCE:
            raise ParameterError(
                f"reference data is {', '.join(REFERENCE)} in a listing, not {reference!r}"
            )
        if len(text) > FILTER_MAX_CHARS:
            raise ParameterError(
                f"a listing filters by at most {FILTER_MAX_CHARS} characters of text, "
                f"not {len(text):,}"
            )
        chosen = {f: set(v) for f, v in selected.items() if f in FACETS and set(v)}
        query = fold(text)
        if chosen or query or reference != "hide":
            base = [e for e in self._order(sort, language) if self._shown(e, reference, query)]
            matching, counts = self._count(chosen, base)
        else:  # the first page everyone opens
            matching, counts = self._curated(sort, language), self._all_counts
        hidden = 0
        if reference == "hide":
            hidden = len(self._count(chosen, [e for e in self._reference
                                              if self._shown(e, "only", query)])[0])  # fmt: skip
        facets: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            values = dict(counts[facet])
            for value in chosen.get(facet, ()):
                values.setdefault(value, 0)
            facets[facet] = sorted(
                (
                    FacetValue(
                        v, self.facet_label(facet, v, language), n, v in chosen.get(facet, ())
                    )
                    for v, n in values.items()
                ),
                key=lambda fv: (-fv.count, fv.label) if facet != "year" else (fv.value,),
            )
        pages = max(1, -(-len(matching) // per_page))
        page = min(max(1, page), pages)
        start = (page - 1) * per_page
        return Browse(matching[start : start + per_page], len(matching), facets, page, pages,
                      hidden, per_page)  # fmt: skip

    def _shown(self, entity: Entity, reference: str, query: str) -> bool:
        if reference == "hide" and entity.reference:
            return False
        if reference == "only" and not entity.reference:
            return False
        return not query or any(query in name for name in self._names.get(entity.iri, ()))

    def _count(
        self, chosen: Mapping[str, set[str]], entities: Iterable[Entity]
    ) -> tuple[list[Entity], dict[str, Counter[str]]]:
        matching: list[Entity] = []
        seen: dict[str, list[str]] = {facet: [] for facet in FACETS}  # values, once per entity
        for entity in entities:
            excluded = None
            for facet, values in chosen.items():
                if values.isdisjoint(entity.facet_values(facet)):
                    if excluded is not None:
                        break  # excluded by two facets: counts for none
                    excluded = facet
            else:
                if excluded is None:
                    matching.append(entity)
                    for facet in FACETS:
                        seen[facet].extend(entity.facet_values(facet))
                else:
                    seen[excluded].extend(entity.facet_values(excluded))
        return matching, {facet: Counter(values) for facet, values in seen.items()}

    @functools.cached_property
    def _ordered(self) -> list[Entity]:
        """Every entity in the order of a listing: by name (or title), then IRI."""
        return self._order("name", "en")

    @functools.cache  # noqa: B019 (a catalog lives as long as its store generation)
    def _order(self, sort: str, language: str = "en") -> list[Entity]:
        """Every entity in the order ``sort`` asks for, ties broken by the name in
        ``language`` (then IRI)."""
        if sort == "kind":
            rank = {kind.key: i for i, kind in enumerate(KINDS)}
            return sorted(self._order("name", language), key=lambda e: rank.get(e.kind, len(rank)))
        if sort == "ties":
            return sorted(self._order("name", language), key=lambda e: -e.ties)
        if language not in LANGUAGES:
            return self._order("name", LANGUAGES[0])
        return sorted(self.entities.values(),
                      key=lambda e: (fold(self.label(e.iri, language)), e.iri))  # fmt: skip

    @functools.cache  # noqa: B019
    def _curated(self, sort: str, language: str = "en") -> list[Entity]:
        return [e for e in self._order(sort, language) if not e.reference]

    @functools.cached_property
    def _reference(self) -> list[Entity]:
        return [e for e in self._ordered if e.reference]

    @functools.cached_property
    def _names(self) -> dict[str, list[str]]:
        """Each entity's names and aliases (and title), folded."""
        names: dict[str, list[str]] = defaultdict(list)
        for text, _name, entity in self._folded:
            names[entity.iri].append(text)
        for iri, titles in self.titles.items():
            names[iri].extend(fold(t) for t in titles.values())
        return names

    @functools.cached_property
    def _all_counts(self) -> dict[str, Counter[str]]:
        return self._count({}, self._curated("name", "en"))[1]

    def facet_label(self, facet: str, value: str, language: str = "en") -> str:
        if facet == "kind":
            return KIND_BY_KEY[value](language) if value in KIND_BY_KEY else value
        if facet == "year":
            return value
        return self.label(value, language)

    def counts_by_kind(self) -> list[tuple[Kind, int]]:
        counts = Counter(e.kind for e in self.entities.values())
        return [(kind, counts[kind.key]) for kind in KINDS if counts[kind.key]]

    def of_kind(self, key: str) -> list[Entity]:
        return sorted(
            (e for e in self.entities.values() if e.kind == key), key=lambda e: fold(e.label)
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a catalog is made: it holds hundreds of thousands
    of small objects, which the collector would otherwise walk again and again as they are
    created (at 1M statements, reading the kept copy took 1.5 s with it, 0.45 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def local_name(iri: str) -> str:
    """The last segment of an IRI, for resources without a name.

    >>> local_name("https://w3id.org/edgraph/ontology#Meeting")
    'Meeting'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _read(
    store: Store,
) -> tuple[
    list[Entity],
    dict[str, list[Name]],
    dict[str, Document],
    dict[str, set[str]],
    dict[str, dict[str, str]],
]:
    parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in _pairs(store, f"SELECT ?a ?b WHERE {{ ?a <{RDFS}subClassOf> ?b }}"):
        parents[sub].add(sup)
    kind_of = _kind_table(parents)

    types: dict[str, set[str]] = defaultdict(set)
    for s, c in _pairs(store, "SELECT ?s ?c WHERE { ?s a ?c FILTER(isIRI(?s) && isIRI(?c)) }"):
        types[s].add(c)
    entities: dict[str, Entity] = {}
    for iri, classes in types.items():
        kinds = [kind_of[c] for c in classes if c in kind_of]
        if not kinds:
            continue
        kind = KINDS[min(kinds)].key
        # most specific: no other asserted class of the entity is below it
        below = {sup for c in classes for sup in _ancestors(c, parents) if sup != c}
        own = sorted(c for c in classes if c not in below and c.startswith((EDGO, SCHEMA)))
        entities[iri] = Entity(iri, kind, classes=own)

    class_labels: dict[str, list[Name]] = defaultdict(list)
    named: dict[str, dict[tuple[str, str], bool]] = defaultdict(dict)
    predicates = " ".join(f"<{p}>" for p in (*_NAME_PREDICATES, *_ALIAS_PREDICATES))
    for s, p, literal in _rows(
        store, f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {predicates} }} ?s ?p ?l }}"
    ):
        text_lang = (literal.value, getattr(literal, "language", None) or "")
        alias = p.value in _ALIAS_PREDICATES
        if s.value in entities:
            # the build entails rdfs:label from skos:altLabel: an alias stays an alias
            named[s.value][text_lang] = named[s.value].get(text_lang, False) or alias
        elif not alias:
            class_labels[s.value].append(Name(*text_lang, alias=False))
    for iri, names in named.items():
        entities[iri].names = [Name(text, lang, alias) for (text, lang), alias in names.items()]

    for s, country in _pairs(store, _COUNTRIES):
        if s in entities:
            entities[s].countries.add(country)
    for s, network in _pairs(store, _NETWORKS):
        if s in entities and s != network:
            entities[s].networks.add(network)
    for s, date in _pairs(store, _DATES):
        year = date[:4]
        if s in entities and year.isdigit():
            entities[s].years.add(int(year))
    for s, document in _pairs(store, _SOURCES):
        if s in entities:
            entities[s].sources.add(document)
    property_parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in _pairs(store, _PROPERTY_PARENTS):
        property_parents[sub].add(sup)
    documents = {}
    for doc, title, publisher, published, language in store.query(_DOCUMENTS).rows:
        iri = lexical(doc)  # type: ignore[arg-type]
        if iri not in documents:
            text = [lexical(t) if t is not None else "" for t in (publisher, published, language)]
            label = entities[iri].label if iri in entities else lexical(title) if title else iri
            documents[iri] = Document(iri, label, *text)
    for (s,) in _rows(store, _REFERENCE):
        if s.value in entities:
            entities[s.value].reference = True
    for s, count in _pairs(store, _TIES):
        if s in entities:
            entities[s].ties = int(count)
    catalog = Catalog(entities.values(), class_labels)
    titles = _titles(store, catalog, documents)
    return list(entities.values()), class_labels, documents, property_parents, titles


def _titles(
    store: Store, catalog: Catalog, documents: Mapping[str, Document]
) -> dict[str, dict[str, str]]:
    """What resources without a name are called, in each language: a claim by what it says, a
    membership or position by who holds it where, the graph of a source by the source."""
    titles: dict[str, dict[str, str]] = {}
    for claim, about, measure, value, qualifier, as_of in store.query(_CLAIMS).rows:
        if claim is None or about is None or measure is None:
            continue
        iri = lexical(claim)
        if iri in titles:
            continue
        titles[iri] = {}
        for language in LANGUAGES:
            said = " ".join(t for t in (
                catalog.label(lexical(qualifier), language) if qualifier is not None else "",
                lexical(value) if value is not None else "") if t)  # fmt: skip
            what = catalog.label(lexical(measure), language)
            of = _OF(language)
            title = f"{what[:1].upper()}{what[1:]} {of} {catalog.label(lexical(about), language)}"
            title += f": {said}" if said else ""
            title += f" ({lexical(as_of)})" if as_of is not None else ""
            titles[iri][language] = title
    for record, who, where, role in store.query(_RECORDS).rows:
        if record is None or who is None or where is None or lexical(record) in titles:
            continue
        entity = catalog.get(lexical(record))
        if entity is None or entity.names:
            continue
        titles[entity.iri] = {}
        for language in LANGUAGES:
            held = lexical(role) if role is not None else _MEMBER(language)
            title = f"{catalog.label(lexical(who), language)}, {held} {_OF(language)} "
            titles[entity.iri][language] = title + catalog.label(lexical(where), language)
    for graph, doc in _pairs(store, f"SELECT ?g ?d WHERE {{ ?g <{PROV}wasDerivedFrom> ?d }}"):
        if graph in catalog.entities or graph in titles:
            continue
        title = documents[doc].title if doc in documents else catalog.label(doc)
        titles[graph] = {language: _READ_FROM(language) + f" “{title}”" for language in LANGUAGES}
    return titles


_OF = Words("of", "de")
_MEMBER = Words("member", "miembro")
_READ_FROM = Words("Statements read from", "Afirmaciones leídas de")
_CLAIMS = f"""SELECT ?c ?about ?measure ?value ?qualifier ?asof WHERE {{
  ?c a <{EDGO}Claim> ; <{EDGO}about> ?about ; <{EDGO}measure> ?measure .
  OPTIONAL {{ ?c <{SCHEMA}value> ?value }}
  OPTIONAL {{ ?c <{EDGO}qualifier> ?qualifier }}
  OPTIONAL {{ ?c <{EDGO}asOf> ?asof }}
}} ORDER BY ?c"""
_RECORDS = f"""SELECT ?m ?who ?where ?role WHERE {{
  ?m <{ORG}member> ?who ; <{ORG}organization> ?where .
  OPTIONAL {{ ?m <{EDGO}roleName> ?role }}
}} ORDER BY ?m"""
#: Entities typed in the graphs of reference data (graph/reference/: countries, regions, goals)
#: or of the ontology (the ontology document itself), and stated about in no other graph.
_IN_REFERENCE = " || ".join(
    f'CONTAINS(STR(?{{g}}), "{graph_iri("/", folder)}")' for folder in ("reference/", "ontology/")
)
_REFERENCE = f"""SELECT DISTINCT ?s WHERE {{
  GRAPH ?g {{ ?s a ?c }} FILTER(isIRI(?s) && ({_IN_REFERENCE.format(g="g")}))
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(!({_IN_REFERENCE.format(g="h")})) }}
}}"""
_ROLE_PREDICATES = " ".join(f"<{role.predicate}>" for role in ROLES)
_TIES = f"""SELECT ?s (COUNT(DISTINCT ?o) AS ?n) WHERE {{
  VALUES ?p {{ {_ROLE_PREDICATES} }}
  {{ ?s ?p ?o }} UNION {{ ?o ?p ?s }}
  FILTER(isIRI(?s) && isIRI(?o))
}} GROUP BY ?s"""


_PROPERTY_PARENTS = f"""SELECT ?a ?b WHERE {{
  {{ ?a <{RDFS}subPropertyOf> ?b }} UNION {{ ?a <{OWL}equivalentProperty> ?b }}
  UNION {{ ?b <{OWL}equivalentProperty> ?a }}
  FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b)
}}"""
_DOCUMENTS = f"""SELECT ?doc ?title ?publisher ?published ?language WHERE {{
  ?g <{PROV}wasDerivedFrom> ?doc
  OPTIONAL {{ ?doc <{SCHEMA}headline>|<{SCHEMA}name> ?title }}
  OPTIONAL {{ ?doc <{SCHEMA}publisher> ?publisher }}
  OPTIONAL {{ ?doc <{SCHEMA}datePublished> ?published }}
  OPTIONAL {{ ?doc <{SCHEMA}inLanguage> ?language }}
}} ORDER BY ?doc"""

_COUNTRIES = f"""SELECT DISTINCT ?s ?country WHERE {{
  {{ ?s <{EDGO}locatedIn>|<{EDGO}memberCountry> ?country . ?country a <{EDGO}Country> }}
  UNION {{ ?s <{EDGO}locatedIn> ?place . ?place <{SCHEMA}containedInPlace>+ ?country .
           ?country a <{EDGO}Country> }}
}}"""
#: The roles that put their agent within the thing (a member, a unit, an event, a part of it),
#: and those of them that pass on: a member's own units and members are not the network's.
_WITHIN = "|".join(f"<{role.predicate}>" for role in ROLES if role.within)
_PARTS = "|".join(f"<{role.predicate}>" for role in ROLES if role.within and role.key != "member")
_NETWORK = f"?network a <{EDGO}Network> ."
# The networks an entity is in: within one, within a part of one, acting in one or in a part of
# it (two levels down), or holding a position in one or in a part of it. Fixed-length patterns,
# not property paths: "+" over the whole store is what made this slow.
_NETWORKS = f"""SELECT DISTINCT ?s ?network WHERE {{
  {{ {_NETWORK} ?s {_WITHIN} ?network }}
  UNION {{ {_NETWORK} ?x {_PARTS} ?network . ?s {_WITHIN} ?x }}
  UNION {{ {_NETWORK} ?network <{EDGO}involvedAgent> ?s }}
  UNION {{ {_NETWORK} ?x {_PARTS} ?network . ?x <{EDGO}involvedAgent> ?s }}
  UNION {{ {_NETWORK} ?x ({_PARTS})/({_PARTS}) ?network . ?x <{EDGO}involvedAgent> ?s }}
  UNION {{ {_NETWORK} ?m <{ORG}organization> ?network ; <{ORG}member> ?s }}
  UNION {{ {_NETWORK} ?o {_PARTS} ?network . ?m <{ORG}organization> ?o ; <{ORG}member> ?s }}
}}"""
_DATES = f"""SELECT DISTINCT ?s ?d WHERE {{
  {{ ?s <{SCHEMA}startDate>|<{SCHEMA}endDate>|<{EDGO}asOf>|<{SCHEMA}datePublished> ?d }}
  UNION {{ ?e <{EDGO}involvedAgent> ?s ; <{SCHEMA}startDate> ?d }}
  UNION {{ ?m <{ORG}member> ?s ; <{EDGO}asOf> ?d }}
}}"""
_SOURCES = f"""SELECT DISTINCT ?s ?doc WHERE {{
  GRAPH ?g {{ ?g <{PROV}wasDerivedFrom> ?doc . ?s ?p ?o }}
}}"""


def _kind_table(parents: Mapping[str, set[str]]) -> dict[str, int]:
    """Class IRI -> index in KINDS of the first kind it falls under."""
    table: dict[str, int] = {}
    classes = set(parents) | {c for kind in KINDS for c in kind.classes}
    for cls in classes:
        ancestors = _ancestors(cls, parents)
        for index, kind in enumerate(KINDS):
            if ancestors & set(kind.classes):
                table[cls] = index
                break
    return table


def _ancestors(cls: str, parents: Mapping[str, set[str]]) -> set[str]:
    seen = {cls}
    todo = [cls]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _rows(store: Store, query: str) -> Iterable[tuple[Any, ...]]:
    return (row for row in store.query(query).rows if None not in row)


def _pairs(store: Store, query: str) -> Iterable[tuple[str, str]]:
    return ((lexical(a), lexical(b)) for a, b in _rows(store, query))
