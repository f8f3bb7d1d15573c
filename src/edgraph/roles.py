"""The roles: every predicate that ties one thing to another, with how each part of edgraph
reads it. To add a role, add a row to :data:`ROLES` (and the property to the ontology); entity
pages, the network, the analysis, the catalog, curation and imports all read this table.

A row says:

- ``key``: a short stable name (URLs, spreadsheets, curation), and ``predicate``, the property;
- ``agent_first``: whether the statement reads *agent predicate thing* (``org edgo:memberOf
  network``) or *thing predicate agent* (``event edgo:funder org``), the agent being who acts;
- ``outgoing`` / ``incoming``: how it reads on the page of its subject and of its object, in
  English and Spanish;
- ``relation``: the tie the network draws, from the agent to the thing (None: not drawn), with
  its ``colour`` and ``dashes``;
- ``tie``: the kind of involvement in the thing the partnership projection counts for the
  agent (None: the analysis does not count it), a key of :data:`TIES`, which says in words what
  each kind is and names the ties it makes;
- ``within``: the agent is part of the thing (a member, a unit, an event of a network), which
  is how the catalog finds the networks an entity belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass

from edgraph.namespaces import EDGO, ORG, PROV, SCHEMA


@dataclass(frozen=True)
class Words:
    """One phrase in each language edgraph speaks."""

    en: str
    es: str

    def __call__(self, language: str = "en") -> str:
        return self.es if language == "es" else self.en


@dataclass(frozen=True)
class Drawing:
    """How the partnership network draws a role's tie: from the agent to the thing."""

    key: str
    label: Words
    colour: str
    dashes: bool = False


@dataclass(frozen=True)
class Relation:
    """A role the network draws, with what the network needs of it in one place."""

    key: str  # the drawing's: "funds"
    label: str  # in English; ``labels`` has the others
    labels: Words
    predicate: str
    inverse: bool  # the tie runs from the statement's object to its subject
    colour: str
    dashes: bool
    role: str  # the role's key: "funder"


@dataclass(frozen=True)
class Role:
    key: str
    predicate: str
    outgoing: Words  # on the subject's page: "funded by"
    incoming: Words  # on the object's page: "funds"
    agent_first: bool = False
    relation: Drawing | None = None
    tie: str | None = None
    within: bool = False

    @property
    def inverse(self) -> bool:
        """Whether the network's tie runs from the statement's object to its subject."""
        return not self.agent_first


@dataclass(frozen=True)
class Tie:
    """A kind of involvement the partnership projection counts. ``key`` names the tie of two
    organizations involved in the same thing in this way ("co-funding"), ``direct`` the tie
    when the thing is the other organization itself ("funds"), ``noun`` the involvement when
    the other organization's is of another kind ("funding + organizing"), and ``explains``
    says in words what is counted."""

    key: str
    direct: str
    noun: str
    explains: str


def _r(key: str, en: str, es: str, colour: str, dashes: bool = False) -> Drawing:
    return Drawing(key, Words(en, es), colour, dashes)


def _w(en: str, es: str) -> Words:
    return Words(en, es)


#: In display order: entity pages group facts in this order, other statements follow them.
ROLES: tuple[Role, ...] = (
    Role("funder", EDGO + "funder", _w("funded by", "financiado por"), _w("funds", "financia"),
         relation=_r("funds", "funds", "financia", "#c92a2a"), tie="co-funding"),
    Role("sponsor", EDGO + "sponsor", _w("sponsored by", "patrocinado por"),
         _w("sponsors", "patrocina"), relation=_r("sponsors", "sponsors", "patrocina", "#e8590c"),
         tie="co-sponsoring"),
    Role("supporter", EDGO + "supporter", _w("supported by", "apoyado por"),
         _w("supports", "apoya"),
         relation=_r("supports", "supports", "apoya", "#f59f00", dashes=True),
         tie="co-supporting"),
    Role("organizer", EDGO + "organizer", _w("organized by", "organizado por"),
         _w("organizes", "organiza"),
         relation=_r("organizes", "organizes", "organiza", "#2b8a3e"), tie="co-organizing"),
    Role("co-organizer", EDGO + "coOrganizer", _w("co-organized by", "coorganizado por"),
         _w("co-organizes", "coorganiza"),
         relation=_r("co-organizes", "co-organizes", "coorganiza", "#40c057"),
         tie="co-organizing"),
    Role("host", EDGO + "host", _w("hosted by", "acogido por"), _w("hosts", "acoge"),
         relation=_r("hosts", "hosts", "acoge", "#087f5b"), tie="co-hosting"),
    Role("facilitator", EDGO + "facilitator", _w("facilitated by", "facilitado por"),
         _w("facilitates", "facilita"),
         relation=_r("facilitates", "facilitates", "facilita", "#0ca678", dashes=True),
         tie="co-facilitating"),
    Role("operator", EDGO + "operator", _w("operated by", "operado por"),
         _w("operates", "opera"), relation=_r("operates", "operates", "opera", "#1098ad"),
         tie="co-operating"),
    Role("coordinator", EDGO + "coordinator", _w("coordinated by", "coordinado por"),
         _w("coordinates", "coordina"),
         relation=_r("coordinates", "coordinates", "coordina", "#1971c2"), tie="co-operating"),
    Role("proposer", EDGO + "proposer", _w("proposed by", "propuesto por"),
         _w("proposes", "propone"),
         relation=_r("proposes", "proposes", "propone", "#5f3dc4", dashes=True),
         tie="co-proposing"),
    Role("member", EDGO + "memberOf", _w("member of", "miembro de"), _w("members", "miembros"),
         agent_first=True, relation=_r("member-of", "member of", "miembro de", "#364fc7"),
         tie="shared membership", within=True),
    Role("unit", EDGO + "unitOf", _w("unit of", "unidad de"), _w("units", "unidades"),
         agent_first=True, relation=_r("unit-of", "unit of", "unidad de", "#862e9c"),
         tie="sibling units", within=True),
    Role("participant", EDGO + "participant", _w("participants", "participantes"),
         _w("participates in", "participa en"),
         relation=_r("participates", "participates in", "participa en", "#74b816", dashes=True),
         tie="co-participating"),
    Role("works-for", SCHEMA + "worksFor", _w("works for", "trabaja para"),
         _w("people working here", "personas que trabajan aquí"), agent_first=True,
         relation=_r("works-for", "works for", "trabaja para", "#a61e4d")),
    Role("event-of", EDGO + "eventOf", _w("event of", "evento de"), _w("events", "eventos"),
         agent_first=True,
         relation=_r("event-of", "event of", "evento de", "#5c940d", dashes=True), within=True),
    Role("part-of", SCHEMA + "superEvent", _w("part of", "parte de"), _w("parts", "partes"),
         agent_first=True,
         relation=_r("part-of", "part of", "parte de", "#868e96", dashes=True), within=True),
    Role("project", EDGO + "project", _w("project", "proyecto"),
         _w("events of the project", "eventos del proyecto")),
    Role("located-in", EDGO + "locatedIn", _w("located in", "ubicado en"),
         _w("located here", "ubicados aquí")),
    Role("in", SCHEMA + "containedInPlace", _w("in", "en"), _w("places in it", "lugares en él")),
    Role("member-country", EDGO + "memberCountry", _w("member countries", "países miembros"),
         _w("member country of", "país miembro de")),
    Role("area-served", SCHEMA + "areaServed", _w("area served", "área atendida"),
         _w("served by", "atendido por")),
    Role("topic", EDGO + "topic", _w("topics", "temas"), _w("topic of", "tema de")),
    Role("aligned-with", EDGO + "alignedWith", _w("aligned with", "alineado con"),
         _w("aligned with it", "alineados con él")),
    Role("position-member", ORG + "member", _w("member", "miembro"),
         _w("memberships and positions", "membresías y cargos")),
    Role("position-organization", ORG + "organization", _w("organization", "organización"),
         _w("memberships and positions held here", "membresías y cargos aquí")),
    Role("claim-about", EDGO + "about", _w("about", "sobre"),
         _w("claims about it", "afirmaciones sobre él")),
    Role("source-about", SCHEMA + "about", _w("about", "sobre"),
         _w("sources about it", "fuentes sobre él")),
    Role("derived-from", PROV + "wasDerivedFrom", _w("derived from", "derivado de"),
         _w("derived from it", "derivados de él")),
)  # fmt: skip

#: The kinds of involvement of the partnership projection, in the order the analysis lists them.
TIES: dict[str, Tie] = {
    tie.key: tie
    for tie in (
        Tie("co-participating", "participates in", "participating",
            "taking part in or attending an event, network or project"),
        Tie("co-organizing", "organizes", "organizing", "organizing or co-organizing an event"),
        Tie("co-hosting", "hosts", "hosting", "hosting an event"),
        Tie("co-facilitating", "facilitates", "facilitating",
            "facilitating an event, network or community"),
        Tie("co-operating", "operates", "operating",
            "operating or coordinating a network, programme or project"),
        Tie("co-funding", "funds", "funding", "funding an event, network, project or organization"),
        Tie("co-sponsoring", "sponsors", "sponsoring", "sponsoring an event"),
        Tie("co-supporting", "supports", "supporting",
            "supporting an event in a way the source does not call funding or sponsoring"),
        Tie("co-proposing", "proposes", "proposing", "proposing a network or project"),
        Tie("shared membership", "member of", "membership", "being a member of a network or group"),
        Tie("sibling units", "unit of", "unit", "being a unit (office, node, institute) of it"),
        Tie("sub-event work", "", "work in a sub-event",
            "any of these roles in a part of an event (a workshop of a meeting), which counts "
            "for the whole event too"),
    )
}  # fmt: skip
#: The kind of involvement an organization has in an event through a role in one of its parts.
SUB_EVENT_WORK = "sub-event work"

BY_KEY: dict[str, Role] = {role.key: role for role in ROLES}
BY_PREDICATE: dict[str, Role] = {role.predicate: role for role in ROLES}
#: The roles the partnership projection counts.
COUNTED: tuple[Role, ...] = tuple(role for role in ROLES if role.tie is not None)
#: The ties the network draws, in display order.
RELATIONS: tuple[Relation, ...] = tuple(
    Relation(d.key, d.label.en, d.label, role.predicate, role.inverse, d.colour, d.dashes,
             role.key)
    for role in ROLES
    if (d := role.relation) is not None
)  # fmt: skip
RELATION_BY_KEY: dict[str, Relation] = {r.key: r for r in RELATIONS}
RELATION_BY_PREDICATE: dict[str, Relation] = {r.predicate: r for r in RELATIONS}


def predicates(roles: tuple[Role, ...] | tuple[Relation, ...]) -> str:
    """The predicates of ``roles`` as a SPARQL ``VALUES`` list or alternative path body.

    >>> predicates((BY_KEY["funder"], BY_KEY["sponsor"]))
    '<https://w3id.org/edgraph/ontology#funder> <https://w3id.org/edgraph/ontology#sponsor>'
    """
    return " ".join(f"<{role.predicate}>" for role in roles)
