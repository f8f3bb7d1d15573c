"""The one table of what curation proposes, in edgraph's ontology: each role key with the
predicate it becomes and which way it points, the classes entities get, and the measures and
qualifiers of claims. (A project-wide roles table can take this over; nothing else in the
package spells these IRIs.)

>>> ROLES[Role.FUNDER].predicate
'https://w3id.org/edgraph/ontology#funder'
>>> ROLES[Role.MEMBER].subject_is_agent
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from edgraph.namespaces import EDGO, SCHEMA


class Role(StrEnum):
    """A relation the extractor proposes."""

    ORGANIZER = "organizer"
    CO_ORGANIZER = "co_organizer"
    HOST = "host"
    FUNDER = "funder"
    SPONSOR = "sponsor"
    SUPPORTER = "supporter"
    PARTICIPANT = "participant"  # attendee too: edgo:participant is a schema:attendee
    OPERATOR = "operator"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    PROPOSER = "proposer"
    MEMBER = "member"
    UNIT_OF = "unit_of"
    WORKS_FOR = "works_for"
    LOCATED_IN = "located_in"
    SUB_EVENT = "sub_event"
    EVENT_OF = "event_of"
    FOUNDED_IN = "founded_in"  # the place an organization or network was founded
    CONTAINED_IN = "contained_in"  # a city in its country


@dataclass(frozen=True)
class RoleSpec:
    """How a role becomes a statement.

    ``subject_is_agent`` False: ``<target> predicate <agent>`` (an event, network or project
    to the agent in the role, as the curated files write edgo:funder, edgo:host...). True:
    ``<agent> predicate <target>`` (member of, unit of, works for, located in, part of).
    """

    role: Role
    predicate: str
    subject_is_agent: bool
    label_en: str
    label_es: str
    qualified_by: str | None = None  # the class of the node that dates it (Membership...)


ROLES: dict[Role, RoleSpec] = {
    spec.role: spec
    for spec in (
        RoleSpec(Role.ORGANIZER, EDGO + "organizer", False, "organizer", "organizador"),
        RoleSpec(Role.CO_ORGANIZER, EDGO + "coOrganizer", False, "co-organizer", "coorganizador"),
        RoleSpec(Role.HOST, EDGO + "host", False, "host", "anfitrión"),
        RoleSpec(Role.FUNDER, EDGO + "funder", False, "funder", "financiador"),
        RoleSpec(Role.SPONSOR, EDGO + "sponsor", False, "sponsor", "patrocinador"),
        RoleSpec(Role.SUPPORTER, EDGO + "supporter", False, "supporter", "colaborador"),
        RoleSpec(Role.PARTICIPANT, EDGO + "participant", False, "participant", "participante"),
        RoleSpec(Role.OPERATOR, EDGO + "operator", False, "operated by", "operado por"),
        RoleSpec(Role.COORDINATOR, EDGO + "coordinator", False, "coordinated by",
                 "coordinado por"),
        RoleSpec(Role.FACILITATOR, EDGO + "facilitator", False, "facilitator", "facilitador"),
        RoleSpec(Role.PROPOSER, EDGO + "proposer", False, "proposed by", "propuesto por"),
        RoleSpec(Role.MEMBER, EDGO + "memberOf", True, "member of", "miembro de",
                 EDGO + "Membership"),
        RoleSpec(Role.UNIT_OF, EDGO + "unitOf", True, "unit of", "unidad de"),
        RoleSpec(Role.WORKS_FOR, SCHEMA + "worksFor", True, "works for", "trabaja para",
                 EDGO + "Position"),
        RoleSpec(Role.LOCATED_IN, EDGO + "locatedIn", True, "located in", "ubicado en"),
        RoleSpec(Role.SUB_EVENT, SCHEMA + "superEvent", True, "part of", "parte de"),
        RoleSpec(Role.EVENT_OF, EDGO + "eventOf", True, "event of", "evento de"),
        RoleSpec(Role.FOUNDED_IN, SCHEMA + "foundingLocation", True, "founded in",
                 "fundado en"),
        RoleSpec(Role.CONTAINED_IN, SCHEMA + "containedInPlace", True, "contained in",
                 "contenido en"),
    )
}  # fmt: skip

#: Roles an agent holds in an event, network or project (kept apart as the sources keep them).
AGENT_ROLES = frozenset(r for r, spec in ROLES.items() if not spec.subject_is_agent)


class Kind(StrEnum):
    """Broad kinds of candidate entity (the catalog's kind keys)."""

    ORGANIZATION = "organization"
    NETWORK = "network"
    EVENT = "event"
    PERSON = "person"
    PLACE = "place"
    PROJECT = "project"


#: The class each kind gets when nothing more specific is known.
DEFAULT_CLASS = {
    Kind.ORGANIZATION: EDGO + "Organization",
    Kind.NETWORK: EDGO + "Network",
    Kind.EVENT: EDGO + "Event",
    Kind.PERSON: EDGO + "Person",
    Kind.PLACE: EDGO + "Place",
    Kind.PROJECT: EDGO + "Project",
}

#: Attributes (literal values) the extractor proposes, and their predicates.
ATTRIBUTES = {
    "start_date": SCHEMA + "startDate",
    "end_date": SCHEMA + "endDate",
    "founding_date": SCHEMA + "foundingDate",
}


class Measure(StrEnum):
    """What a claim counts (edgo:Measure concepts)."""

    MEMBER_INSTITUTIONS = "MemberInstitutions"
    MEMBERS = "Members"
    MEMBER_ECOSYSTEMS = "MemberEcosystems"
    COUNTRIES = "Countries"
    PARTICIPANTS = "Participants"
    CONVENINGS_PER_YEAR = "ConveningsPerYear"
    YEAR_OF_OPERATION = "YearOfOperation"
    YEARS_OF_EXISTENCE = "YearsOfExistence"

    @property
    def iri(self) -> str:
        return EDGO + self.value


class Qualifier(StrEnum):
    """How exact a claimed number is (edgo:Qualifier concepts)."""

    EXACTLY = "Exactly"
    APPROXIMATELY = "Approximately"
    NEARLY = "Nearly"
    AT_LEAST = "AtLeast"
    MORE_THAN = "MoreThan"
    AT_MOST = "AtMost"

    @property
    def iri(self) -> str:
        return EDGO + self.value
