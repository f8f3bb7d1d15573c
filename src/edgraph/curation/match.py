"""Reconciliation: which existing entity a name stands for, with a score in [0, 1] and the
reasons for it. Written once for curation and for any reconciliation service.

The index is made once per store generation (from the viewer's catalog, which is itself kept
beside the generation) and answers a name in microseconds: exact and alias keys, the same words
in another order or language, acronyms, small typos through a deletion index of words, and units
under their parents ("UNESCO Office in Mexico").

>>> matcher = Matcher([
...     KnownEntity("http://x/org/unesco", "organization", ("UNESCO",), ()),
...     KnownEntity("http://x/org/unesco-mx", "organization", ("UNESCO Office in Mexico",),
...                 ("UNESCO Mexico",), parent="http://x/org/unesco"),
...     KnownEntity("http://x/org/lemelson", "organization", ("The Lemelson Foundation",), ())])
>>> [(m.iri, m.score, m.reasons[0]) for m in matcher.match("Lemelson Fundation")]
[('http://x/org/lemelson', 0.81, 'close spelling (lemelson foundation)')]
>>> matcher.match("UNESCO Office in Havana")
[]
"""

from __future__ import annotations

import itertools
import re
import sys
import threading
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from edgraph.catalog import Catalog
from edgraph.namespaces import DEFAULT_BASE, EDGO, mint_new
from edgraph.query.results import lexical
from edgraph.store import Store

#: Broad kinds the matcher knows (the catalog's keys) and the IRI kind a new one is minted as.
IRI_KINDS = {
    "organization": "org", "network": "network", "event": "event", "person": "person",
    "place": "place", "project": "project", "topic": "topic", "claim": "claim",
    "membership": "membership", "source": "source",
}  # fmt: skip
# Kinds a name may be matched across, with the score lost: an extractor may take a network for
# an organization and the reverse.
_NEAR_KINDS = {("organization", "network"): 0.05, ("network", "organization"): 0.05}

_ARTICLES = frozenset("the el la los las lo l".split())
_LEGAL = frozenset(
    """inc incorporated ltd limited llc corp co plc gmbh ag sa sas sac srl sl ac sc cv bv nv
    ev spa ltda eirl iap""".split()
)
_STOP = frozenset(
    """of the for and in at on to a an de del la las el los y e para por en al und der die das
    fur du des et""".split()
)
# Words that name the same thing in English, Spanish (and a few in other languages), so that
# "Ministerio de Educación de Chile" has the words of "Ministry of Education of Chile".
_SAME_WORD = {
    "fundacion": "foundation", "stiftung": "foundation", "fondation": "foundation",
    "universidad": "university", "universite": "university", "universitat": "university",
    "ministerio": "ministry", "secretaria": "secretariat", "subsecretaria": "undersecretariat",
    "instituto": "institute", "institut": "institute", "red": "network", "oficina": "office",
    "educacion": "education", "educativa": "education", "educativo": "education",
    "ciencia": "science", "ciencias": "sciences", "tecnologia": "technology",
    "nacional": "national", "internacional": "international", "asociacion": "association",
    "sociedad": "society", "centro": "center", "centre": "center", "comite": "committee",
    "consejo": "council", "escuela": "school", "escuelas": "schools", "programa": "programme",
    "program": "programme", "proyecto": "project", "encuentro": "meeting",
    "reunion": "meeting", "congreso": "congress", "taller": "workshop", "comunidad": "community",
    "practica": "practice", "regional": "regional", "oficinas": "offices", "sede": "headquarters",
    "alianza": "alliance", "empresa": "company", "gobierno": "government",
    "departamento": "department", "facultad": "faculty", "aprendizaje": "learning",
    "ecosistemas": "ecosystems", "ecosistema": "ecosystem", "innovacion": "innovation",
    "futuro": "future", "politicas": "policy", "publicas": "public", "nodo": "node",
    "unidad": "unit", "coordinacion": "coordination", "mexicanos": "mexican", "mexico": "mexico",
    "latinoamerica": "latin-america", "america": "america", "latina": "latin",
}  # fmt: skip


def words(text: str) -> list[str]:
    """The folded words of a name: accents and case gone, punctuation a space, ``'s`` dropped.

    >>> words("UNESCO's Office (Mexico), S.A.")
    ['unesco', 'office', 'mexico', 'sa']
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = re.sub(r"['’]s\b", "", bare)
    bare = re.sub(r"(?<=\w)\.(?=\w)", "", bare)  # S.A. -> SA, U.S. -> US
    return re.findall(r"[^\W_]+", bare)


def exact_key(text: str) -> str:
    """Words without leading articles or trailing legal forms.

    >>> exact_key("The Grable Foundation, Inc."), exact_key("Grupo Sol S.A. de C.V.")
    ('grable foundation', 'grupo sol')
    """
    found = words(text)
    while found and found[0] in _ARTICLES:
        found.pop(0)
    while len(found) > 1 and (found[-1] in _LEGAL or found[-1] == "de"):
        found.pop()
    return " ".join(found)


def content_words(text: str) -> list[str]:
    """The words that say what a name is, each in one language.

    >>> content_words("Ministerio de Educación de Chile")
    ['ministry', 'education', 'chile']
    """
    key = exact_key(text).split()
    return [_SAME_WORD.get(w, w) for w in key if w not in _STOP and w not in _LEGAL]


def initials(text: str) -> str:
    """The acronym a name's content words make ("" for fewer than two words).

    >>> initials("Office for Climate Education")
    'OCE'
    """
    found = [w for w in exact_key(text).split() if w not in _STOP]
    return "".join(w[0] for w in found).upper() if len(found) >= 2 else ""


def looks_like_acronym(text: str) -> bool:
    """Two to ten letters, mostly capitals, no space: "OCE", "SLECoP", "ASPnet".

    >>> [looks_like_acronym(t) for t in ("OCE", "SLECoP", "ASPnet", "Tallo", "TEC")]
    [True, True, True, False, True]
    """
    return (
        " " not in text
        and 2 <= len(text) <= 10
        and sum(c.isupper() for c in text) >= max(2, (len(text) + 1) // 2 - 1)
    )


@dataclass(frozen=True)
class KnownEntity:
    """An entity of the store as the matcher sees it."""

    iri: str
    kind: str  # a catalog kind key: organization, network, event, person, place, ...
    names: tuple[str, ...]  # schema:name, skos:prefLabel ... in any language
    aliases: tuple[str, ...]  # skos:altLabel, acronyms
    classes: tuple[str, ...] = ()
    parent: str | None = None  # edgo:unitOf
    label: str = ""

    @property
    def display(self) -> str:
        return self.label or (self.names[0] if self.names else self.iri)


@dataclass(frozen=True)
class Match:
    """A known entity a name may stand for."""

    iri: str
    label: str
    kind: str
    score: float  # in [0, 1]; 0.8 and above: safe to propose as the same entity
    reasons: tuple[str, ...]
    matched: str  # the name or alias of the entity that matched
    # the very name or alias (accents, case, articles and legal forms aside), in the kind asked
    exact: bool = False


@dataclass
class _Entry:
    entity: int  # index into Matcher.entities
    text: str
    alias: bool


@dataclass
class Matcher:
    """Names and aliases of known entities, indexed for :meth:`match`."""

    entities: list[KnownEntity]
    base: str = DEFAULT_BASE
    _exact: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    _bag: dict[frozenset[str], list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    _initials: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    _postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _deletes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _entries: list[_Entry] = field(default_factory=list)
    _units: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _iris: dict[str, int] = field(default_factory=dict)
    _place_words: set[str] = field(default_factory=set)
    _places: dict[tuple[str, ...], str] = field(default_factory=dict)  # content words -> token
    _minted: set[str] = field(default_factory=set)
    _contents: list[tuple[str, ...]] = field(default_factory=list)  # per entry, as _add found
    _canonicals: dict[int, list[str]] = field(default_factory=dict)  # worked out when needed
    _near_cache: dict[str, set[int]] = field(default_factory=dict)  # common words' postings

    def __post_init__(self) -> None:
        for index, entity in enumerate(self.entities):
            if entity.kind == "place":
                for text in (*entity.names, *entity.aliases):
                    place = tuple(content_words(text))
                    if 0 < len(place) <= 3:
                        self._places.setdefault(place, f"@{index}")
        for index, entity in enumerate(self.entities):
            self._iris[entity.iri] = index
            if entity.parent:
                self._units[entity.parent].append(index)
            texts = [(n, False) for n in entity.names] + [(a, True) for a in entity.aliases]
            for text, alias in texts:
                self._add(_Entry(index, text, alias), entity)

    def _add(self, entry: _Entry, entity: KnownEntity) -> None:
        key = exact_key(entry.text)
        if not key:
            return
        number = len(self._entries)
        self._entries.append(entry)
        self._exact[key].append(entry)
        content = content_words(entry.text)
        self._contents.append(tuple(sys.intern(w) for w in content))
        if content:
            self._bag[frozenset(content)].append(entry)
        if (acronym := initials(entry.text)) and len(acronym) >= 3:
            self._initials[acronym].append(entry)
        for word in set(content):
            self._postings[word].append(number)
            for variant in _deletions(word):
                self._deletes[variant].add(word)
        if entity.kind == "place":
            self._place_words.update(content)
            self._place_words.update(w for w in self._canonical(content) if w.startswith("@"))

    # -- building --------------------------------------------------------------------------

    @classmethod
    def from_store(
        cls, store: Store, *, base: str = DEFAULT_BASE, catalog: Catalog | None = None
    ) -> Matcher:
        """Every named entity of the store (through its catalog, or ``catalog`` when it was
        read from the store already) with its parent unit."""
        catalog = catalog if catalog is not None else Catalog.load(store)
        parents: dict[str, str] = {}
        rows = store.query(f"SELECT ?u ?p WHERE {{ ?u <{EDGO}unitOf> ?p }}").rows
        for unit, parent in rows:
            if unit is not None and parent is not None:
                parents.setdefault(lexical(unit), lexical(parent))
        return cls.from_catalog(catalog, parents, base=base)

    @classmethod
    def from_catalog(
        cls, catalog: Catalog, parents: Mapping[str, str] | None = None, *,
        base: str = DEFAULT_BASE,
    ) -> Matcher:  # fmt: skip
        """Every named entity of ``catalog``, with its parent unit from ``parents``."""
        parents = parents or {}
        entities = []
        for entity in catalog.entities.values():
            if entity.kind in ("claim", "membership", "source") or not entity.names:
                continue
            names = tuple(n.text for n in entity.names if not n.alias)
            aliases = tuple(n.text for n in entity.names if n.alias)
            entities.append(
                KnownEntity(entity.iri, entity.kind, names, aliases, tuple(entity.classes),
                            parents.get(entity.iri), entity.label)
            )  # fmt: skip
        return cls(entities, base=base)

    @classmethod
    def for_store(
        cls, store: Store, *, base: str = DEFAULT_BASE, catalog: Catalog | None = None
    ) -> Matcher:
        """The matcher of this store's current content: made once per store generation (and
        per in-memory store) and shared; ``catalog``: the store's, when it was read already."""
        path = store.cache_file(Catalog.CACHE_NAME)
        key = (str(path) if path is not None else f"object:{id(store)}", base)
        with _CACHE_LOCK:
            cached = _CACHE.get(key)
            # a generation's path names its content; an in-memory store is itself the key
            if cached is not None and (path is not None or cached[0]() is store):
                return cached[1]
            matcher = cls.from_store(store, base=base, catalog=catalog)
            _CACHE.clear()  # one generation at a time: the index of the last one goes
            _CACHE[key] = (weakref.ref(store), matcher)
            return matcher

    # -- matching --------------------------------------------------------------------------

    def get(self, iri: str) -> KnownEntity | None:
        index = self._iris.get(iri)
        return self.entities[index] if index is not None else None

    def exact(self, name: str) -> list[tuple[KnownEntity, bool]]:
        """Entities with this very name or alias (accents, case, articles and legal forms
        aside), each with whether it matched an alias: the gazetteer lookup, cheap enough for
        every n-gram of a text.

        >>> Matcher([KnownEntity("http://x/a", "place", ("Lima",), ())]).exact("LIMA")[0][1]
        False
        """
        key = exact_key(name)
        seen: dict[int, bool] = {}
        for entry in self._exact.get(key, ()) if key else ():
            seen[entry.entity] = seen.get(entry.entity, True) and entry.alias
        return [(self.entities[i], alias) for i, alias in seen.items()]

    def match(
        self,
        name: str,
        *,
        kind: str | None = None,
        parent: str | None = None,
        limit: int = 5,
        accept: Callable[[KnownEntity], bool] | None = None,
    ) -> list[Match]:
        """Known entities ``name`` may stand for, best first (scores above 0.5 only).

        ``kind`` (a catalog kind key) keeps to entities of that kind (organizations and
        networks are matched across at a small cost); ``parent`` (an IRI) looks among the
        units of that organization as well; ``accept``, when given, keeps only the entities
        it accepts (a reconciliation service's type: "foundations only").

        >>> m = Matcher([KnownEntity("http://x/a", "organization", ("Tide",), (), ("F",)),
        ...              KnownEntity("http://x/b", "organization", ("Tide",), (), ("C",))])
        >>> [(f.iri, f.exact) for f in m.match("TIDE", accept=lambda e: "F" in e.classes)]
        [('http://x/a', True)]
        """
        found: dict[int, tuple[float, list[str], str, bool]] = {}

        def offer(entry: _Entry, score: float, reason: str, exact: bool = False) -> None:
            entity = self.entities[entry.entity]
            penalty = _kind_penalty(kind, entity.kind)
            if penalty is None or (accept is not None and not accept(entity)):
                return
            if penalty:
                score -= penalty
                reason += f"; it is a {entity.kind}, not a {kind}"
                exact = False
            known = found.get(entry.entity)
            if known is None or score > known[0]:
                found[entry.entity] = (round(score, 2), [reason], entry.text, exact)

        key = exact_key(name)
        if not key:
            return []
        for entry in self._exact.get(key, ()):
            what = "an alias" if entry.alias else "its name"
            how = _how_equal(name, entry.text)
            offer(entry, 0.95 if entry.alias else 1.0, f"{what}{how}", exact=True)
        content = content_words(name)
        if content:
            for entry in self._bag.get(frozenset(content), ()):
                offer(entry, 0.9, f"the same words as {entry.text!r} (another order or language)")
        if looks_like_acronym(name.strip()):
            hits = self._initials.get(name.strip().upper(), [])
            entities = {h.entity for h in hits}
            for entry in hits:
                score = 0.75 if len(entities) == 1 else 0.5
                offer(entry, score, f"the initials of {entry.text!r}")
        elif acronym := initials(name):
            for entry in self._exact.get(acronym.lower(), ()):
                if entry.alias and looks_like_acronym(entry.text):
                    offer(entry, 0.7, f"its alias {entry.text!r} is the initials of this name")

        def admitted(index: int) -> bool:
            entity = self.entities[index]
            return _kind_penalty(kind, entity.kind) is not None and (
                accept is None or accept(entity)
            )

        self._fuzzy(content, offer, admitted)
        self._as_unit(name, content, parent, offer)
        ranked = sorted(
            (
                Match(self.entities[i].iri, self.entities[i].display, self.entities[i].kind,
                      score, tuple(reasons), matched, exact)
                for i, (score, reasons, matched, exact) in found.items()
                if score > 0.5
            ),
            key=lambda m: (-m.score, m.label, m.iri),
        )  # fmt: skip
        return ranked[:limit]

    def best(
        self, name: str, *, kind: str | None = None, parent: str | None = None,
        min_score: float = 0.8,
    ) -> Match | None:  # fmt: skip
        """The one match to propose: the best at ``min_score`` or above, when no other match
        scores as high (two equal candidates are left to the curator)."""
        found = self.match(name, kind=kind, parent=parent, limit=2)
        if not found or found[0].score < min_score:
            return None
        if len(found) > 1 and found[1].score >= found[0].score:
            return None
        return found[0]

    def _fuzzy(
        self, content: list[str], offer: _Offer, admitted: Callable[[int], bool] | None = None
    ) -> None:
        """Names whose words are the query's within small typos (and at most one word more
        or less, when it is not a place or a number), of the entities ``admitted`` takes (by
        index: the kind and type asked, looked at before the words are)."""
        if not content or all(len(w) < 4 for w in content):
            return
        from rapidfuzz import fuzz

        canonical = self._canonical(content)
        distinct = set(content)
        found: list[set[int]] = []  # per word, rarest first: the entries with a word near it
        for word in sorted(distinct, key=lambda w: len(self._postings.get(w, ()))):
            postings = self._near_postings(word)
            if len(postings) <= 20000:  # a very common word: the rarer ones found the names
                found.append(postings)
        skipped = len(distinct) - len(found)
        # A name is close when every word of the shorter of the two has its own word in the
        # longer (_aligned), and one word against two is too little: two words of a query are
        # both needed, and of three or more all but one. A place name in the query is one
        # word of the comparison, so there one word less is needed.
        places = len(canonical) < len(content)
        needed = len(distinct) if len(distinct) <= 2 and not places else len(distinct) - 1
        needed = max(1, needed - skipped)
        if not found or needed > len(found):
            return
        # the entries near ``needed`` of the words: set operations, not a count per entry
        # (needed is every word, all but one, or one: a handful of intersections)
        hits: set[int] = set()
        for words_needed in itertools.combinations(found, needed):
            hits |= set.intersection(*words_needed)
        for number in sorted(hits):
            entry = self._entries[number]
            if admitted is not None and not admitted(entry.entity):
                continue
            other, other_canonical = self._words_of(number)
            if self.entities[entry.entity].kind == "place":
                # a place's own name, misspelt ("Méxcio"): its words as they are
                verdict = _aligned(content, other, set())
            elif abs(len(canonical) - len(other_canonical)) > 1:
                continue  # two words more or less: never close (_aligned's first test)
            else:
                verdict = _aligned(canonical, other_canonical, self._place_words)
            if verdict is None:
                continue
            typos, extra = verdict
            if not typos and not extra:
                continue  # an exact or same-words match, offered already
            similarity = fuzz.ratio(" ".join(content), " ".join(other)) / 100
            score = 0.85 * similarity - 0.15 * extra - 0.02 * typos
            reason = (
                f"close spelling ({' '.join(other)})" if not extra
                else f"one word more or less than {entry.text!r}"
            )  # fmt: skip
            offer(entry, score, reason)

    def _words_of(self, number: int) -> tuple[list[str], list[str]]:
        """An entry's content words and their canonical form, worked out once."""
        other = list(self._contents[number])
        known = self._canonicals.get(number)
        if known is None:
            known = self._canonicals[number] = self._canonical(other)
        return other, known

    def _near_postings(self, word: str) -> set[int]:
        """The entries with ``word`` or a word within a small typo of it; kept for common
        words ("foundation", "school"), whose sets are large and asked for again and again."""
        known = self._near_cache.get(word)
        if known is not None:
            return known
        near = {word} | self._near_words(word)
        postings = {n for w in near for n in self._postings.get(w, ())}
        if len(postings) >= 1000:
            if len(self._near_cache) >= 1000:
                self._near_cache.clear()
            self._near_cache[word] = postings
        return postings

    def _near_words(self, word: str) -> set[str]:
        if len(word) < 4:
            return set()
        near: set[str] = set(self._deletes.get(word, ()))
        for variant in _deletions(word):
            near |= self._deletes.get(variant, set())
            if variant in self._postings:
                near.add(variant)
        return near

    def _as_unit(self, name: str, content: list[str], parent: str | None, offer: _Offer) -> None:
        """ "UNESCO's Office in Mexico", "Oficina de la UNESCO en México": a known parent's
        name inside the query, and one of its units named by the rest."""
        parents: dict[int, set[str]] = {}
        if parent is not None and parent in self._iris:
            index = self._iris[parent]
            parents[index] = set(self._parent_words(index))
        tokens = exact_key(name).split()
        for size in range(min(len(tokens), 6), 0, -1):
            for start in range(len(tokens) - size + 1):
                gram = " ".join(tokens[start : start + size])
                for entry in self._exact.get(gram, ()):
                    if self.entities[entry.entity].iri in self._units:
                        parents.setdefault(entry.entity, set(content_words(entry.text)))
        for index, parent_words in parents.items():
            rest = [w for w in content if w not in parent_words]
            if not rest:
                continue
            for unit in self._units.get(self.entities[index].iri, ()):
                entity = self.entities[unit]
                for text in (*entity.names, *entity.aliases):
                    own = [w for w in content_words(text) if w not in self._parent_words(index)]
                    verdict = _aligned(
                        self._canonical(rest), self._canonical(own), self._place_words
                    )
                    if verdict is not None and verdict[1] == 0:
                        score = 0.85 - 0.03 * verdict[0]
                        offer(_Entry(unit, text, False), score,
                              f"a unit of {self.entities[index].display}: {text!r}")  # fmt: skip

    def _canonical(self, content: list[str]) -> list[str]:
        """Content words with each place name (in any of its languages) as one token, so that
        "La Habana" and "Havana" are the same word."""
        out: list[str] = []
        i = 0
        while i < len(content):
            for size in (3, 2, 1):
                token = self._places.get(tuple(content[i : i + size]))
                if token is not None and i + size <= len(content):
                    out.append(token)
                    i += size
                    break
            else:
                out.append(content[i])
                i += 1
        return out

    def _parent_words(self, index: int) -> list[str]:
        entity = self.entities[index]
        return [w for t in (*entity.names, *entity.aliases) for w in content_words(t)]

    # -- minting ---------------------------------------------------------------------------

    def mint(self, kind: str, name: str) -> str:
        """A new IRI for an entity of ``kind`` (a catalog kind key) named ``name``, under the
        base: never one the store holds, nor one this matcher minted before.

        >>> m = Matcher([KnownEntity("https://w3id.org/edgraph/id/org/tallo", "organization",
        ...              ("Tallo",), ())])
        >>> m.mint("organization", "Tallo"), m.mint("organization", "Tallo")
        ('https://w3id.org/edgraph/id/org/tallo-2', 'https://w3id.org/edgraph/id/org/tallo-3')
        """
        iri_kind = IRI_KINDS.get(kind)
        if iri_kind is None:
            raise ValueError(f"cannot mint an IRI for kind {kind!r}; one of {sorted(IRI_KINDS)}")
        iri = mint_new(self.base, iri_kind, name, self.taken)
        self._minted.add(iri)
        return iri

    def taken(self, iri: str) -> bool:
        """Whether ``iri`` names an entity of the store or one minted here."""
        return iri in self._iris or iri in self._minted

    def names(self) -> Iterator[tuple[str, KnownEntity]]:
        """Every name and alias with its entity: the gazetteer the extractor reads."""
        for entry in self._entries:
            yield entry.text, self.entities[entry.entity]


_CACHE: dict[tuple[str, str], tuple[weakref.ref[Store], Matcher]] = {}
_CACHE_LOCK = threading.Lock()


_Offer = Callable[[_Entry, float, str], None]


def _kind_penalty(wanted: str | None, actual: str) -> float | None:
    if wanted is None or wanted == actual:
        return 0.0
    return _NEAR_KINDS.get((wanted, actual))


def _how_equal(query: str, name: str) -> str:
    if query.strip() == name:
        return ""
    if words(query) != words(name):
        return f" (without articles or legal form: {name!r})"
    return f" (ignoring case, accents and punctuation: {name!r})"


def _deletions(word: str) -> Iterable[str]:
    if len(word) < 4:
        return ()
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _allowed_typos(word: str) -> int:
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


def _aligned(query: list[str], other: list[str], places: set[str]) -> tuple[int, int] | None:
    """(typos, words more or less) when every word of the shorter list has its own word in
    the longer one within small typos, numbers and places spelled the same; else None."""
    from rapidfuzz.distance import OSA

    short, long_ = (query, other) if len(query) <= len(other) else (other, query)
    if len(long_) - len(short) > 1 or not short:
        return None
    unused = list(long_)
    typos = 0
    for word in short:
        best = None
        for candidate in unused:
            # two letters swapped are one typo (optimal string alignment)
            distance = 0 if candidate == word else OSA.distance(word, candidate)
            limit = 0 if word.isdigit() or candidate.isdigit() or word in places else None
            allowed = _allowed_typos(word) if limit is None else limit
            if distance <= allowed and (best is None or distance < best[0]):
                best = (distance, candidate)
        if best is None:
            return None
        typos += best[0]
        unused.remove(best[1])
    if any(w in places or w.isdigit() or w in _STOP for w in unused):
        return None  # "Ministry of Education" is not "Ministry of Education of Chile"
    if unused and len(short) < 2:
        return None  # one word and one more is too little to go on
    return typos, len(unused)
