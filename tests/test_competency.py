"""Competency questions over the bundled graph: what a researcher would ask of the three
sources, each with the exact answer the sources give. Most are asked in public terms only
(schema.org, W3C ORG, PROV), as a client that never saw our ontology would ask them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import example_query

from edgraph.examples import examples
from edgraph.store import Store

ID = "https://w3id.org/edgraph/id/"

QUESTIONS: list[tuple[str, str, set[tuple[str, ...]]]] = [
    (
        "who hosted the second Red STEM Latam meeting",
        "SELECT ?host WHERE { id:event\\/red-stem-latam-meeting-2023 edgo:host ?host }",
        {(ID + "org/tec-de-monterrey",)},
    ),
    (
        "who organized the second Red STEM Latam meeting (schema:organizer)",
        "SELECT ?o WHERE { id:event\\/red-stem-latam-meeting-2023 schema:organizer ?o }",
        {
            (ID + "org/institute-for-the-future-of-education",),
            (ID + "org/innovec",),
            (ID + "org/siemens-stiftung",),
        },
    ),
    (
        "when and in which city and country the Red STEM Latam meeting took place",
        """SELECT ?start ?end ?city ?country WHERE {
             id:event\\/red-stem-latam-meeting-2023 schema:startDate ?start ; schema:endDate ?end ;
                schema:location ?place .
             ?place schema:name ?city ; schema:containedInPlace ?c .
             ?c a schema:Country ; schema:name ?country FILTER(lang(?country) = "en") }""",
        {("2023-01-16", "2023-01-19", "Monterrey", "Mexico")},
    ),
    (
        "which organizations attended the Red STEM Latam meeting (schema:attendee)",
        "SELECT ?a WHERE { id:event\\/red-stem-latam-meeting-2023 schema:attendee ?a }",
        {(ID + "org/office-for-climate-education",)},
    ),
    (
        "which sub-events the Red STEM Latam meeting had, and who organized them",
        """SELECT ?sub ?organizer WHERE { id:event\\/red-stem-latam-meeting-2023 schema:subEvent ?sub .
             ?sub schema:organizer ?organizer }""",
        {(ID + "event/oce-climate-policy-workshop-2023", ID + "org/office-for-climate-education")},
    ),
    (
        "which project the climate policy workshop drew on, and who runs that project",
        """SELECT ?name ?operator WHERE { id:event\\/oce-climate-policy-workshop-2023 edgo:project ?p .
             ?p skos:altLabel ?name ; edgo:operator ?operator }""",
        {("ALEC", ID + "org/office-for-climate-education")},
    ),
    (
        "who belongs to the Red STEM Latam public policy node (schema:memberOf)",
        "SELECT ?m WHERE { ?m schema:memberOf id:org\\/red-stem-latam-public-policy-node }",
        {
            (ID + "org/unicef",),
            (ID + "org/unesco-office-mexico",),
            (ID + "org/ministry-of-education-chile",),
            (ID + "org/ministry-of-education-colombia",),
            (ID + "org/ministry-of-education-ecuador",),
            (ID + "org/education-undersecretariat-peru",),
            (ID + "org/education-undersecretariats-mexican-states",),
        },
    ),
    (
        "which ministries of education joined the node, and of which country (ISO code)",
        """SELECT ?code WHERE { ?m a edgo:Ministry ; schema:memberOf id:org\\/red-stem-latam-public-policy-node ;
             schema:location ?c . ?c edgo:isoAlpha2 ?code }""",
        {("CL",), ("CO",), ("EC",)},
    ),
    (
        "which units and offices belong directly to UNESCO (org:subOrganizationOf)",
        "SELECT ?u WHERE { ?u org:subOrganizationOf id:org\\/unesco }",
        {
            (ID + "org/unesco-headquarters",),
            (ID + "org/unesco-office-mexico",),
            (ID + "org/unesco-regional-office-santiago",),
            (ID + "org/unesco-office-havana",),
        },
    ),
    (
        "which units belong to UNESCO at any depth",
        "SELECT ?u WHERE { ?u org:subOrganizationOf+ id:org\\/unesco }",
        {
            (ID + "org/unesco-headquarters",),
            (ID + "org/aspnet-coordination-unit",),
            (ID + "org/unesco-office-mexico",),
            (ID + "org/unesco-regional-office-santiago",),
            (ID + "org/unesco-office-havana",),
        },
    ),
    (
        "which organization the Institute for the Future of Education is part of",
        """SELECT ?parent WHERE { ?ife skos:altLabel "IFE" ; org:subOrganizationOf ?p .
             ?p schema:name ?parent FILTER(lang(?parent) = "es") }""",
        {("Tecnológico de Monterrey",)},
    ),
    (
        "who funded the 2020 SLECoP convening (schema:funder)",
        """SELECT ?name WHERE { id:event\\/slecop-convening-2020 schema:funder ?f .
             ?f schema:name ?name }""",
        {
            ("Overdeck Family Foundation",),
            ("Broadcom Foundation",),
            ("The Lemelson Foundation",),
            ("Schusterman Family Foundation",),
            ("Steinman Foundation",),
            ("Samueli Foundation",),
            ("Burroughs Wellcome Fund",),
            ("Grable Foundation",),
        },
    ),
    (
        "who sponsored the 2020 SLECoP convening (schema:sponsor)",
        """SELECT ?name WHERE { id:event\\/slecop-convening-2020 schema:sponsor ?s .
             ?s schema:name ?name }""",
        {("Tallo",), ("PITSCO",), ("UBTECH Robotics",), ("National STEM Honor Society",), ("WIX",)},
    ),
    (
        "which foundations fund both the SLECoP network and its convening",
        """SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { id:network\\/slecop schema:funder ?f .
             id:event\\/slecop-convening-2020 schema:funder ?f . ?f a edgo:Foundation }""",
        {("8",)},
    ),
    (
        "who operates and who facilitates the SLECoP",
        """SELECT ?role ?name WHERE { VALUES ?role { edgo:operator edgo:facilitator }
             id:network\\/slecop ?role ?o . ?o schema:name ?name }""",
        {
            ("https://w3id.org/edgraph/ontology#operator", "TIES"),
            ("https://w3id.org/edgraph/ontology#facilitator", "TIES"),
        },
    ),
    (
        "who works for TIES, in which role, as of when",
        """SELECT ?name ?role ?asOf WHERE { ?p schema:worksFor ?ties ; schema:name ?name .
             ?ties schema:name "TIES" .
             ?pos org:member ?p ; org:organization ?ties ; edgo:roleName ?role ; edgo:asOf ?asOf }""",
        {("Marc Siciliano", "managing partner", "2020-10-16")},
    ),
    (
        "when the 2020 convening ran and that it was online",
        """SELECT ?name ?start ?end ?mode WHERE { id:event\\/slecop-convening-2020 schema:name ?name ;
             schema:startDate ?start ; schema:endDate ?end ; schema:eventAttendanceMode ?mode }""",
        {
            (
                "Resilience and Resolve",
                "2020-10-19",
                "2020-10-21",
                "http://schema.org/OnlineEventAttendanceMode",
            )
        },
    ),
    (
        "which panel opened the 2020 convening, and on which day",
        """SELECT ?name ?day WHERE { ?panel a edgo:Panel ; schema:superEvent id:event\\/slecop-convening-2020 ;
             schema:name ?name ; schema:startDate ?day }""",
        {("Y is STEM Still White?", "2020-10-19")},
    ),
    (
        "from which countries the SLECoP's ecosystems come (ISO alpha-3)",
        "SELECT ?code WHERE { id:network\\/slecop edgo:memberCountry ?c . ?c edgo:isoAlpha3 ?code }",
        {("USA",), ("ISR",), ("KEN",), ("MEX",), ("CAN",)},
    ),
    (
        "how many ecosystems the SLECoP had, how exact, as of when",
        """SELECT ?value ?qualifier ?asOf WHERE { ?c edgo:about id:network\\/slecop ;
             edgo:measure edgo:MemberEcosystems ; schema:value ?value ; edgo:qualifier ?qualifier ;
             edgo:asOf ?asOf }""",
        {("89", "https://w3id.org/edgraph/ontology#Exactly", "2020-10-16")},
    ),
    (
        "how big the Red STEM Latam was, by the OCE's account",
        """SELECT ?measure ?qualifier ?value ?asOf ?source WHERE { ?c edgo:about id:network\\/red-stem-latam ;
             edgo:measure ?measure ; edgo:qualifier ?qualifier ; schema:value ?value ;
             edgo:asOf ?asOf ; prov:wasDerivedFrom ?source }""",
        {
            (
                "https://w3id.org/edgraph/ontology#MemberInstitutions",
                "https://w3id.org/edgraph/ontology#MoreThan",
                "180",
                "2023-01",
                ID + "source/oce-red-stem-latam-2023",
            ),
            (
                "https://w3id.org/edgraph/ontology#Countries",
                "https://w3id.org/edgraph/ontology#Exactly",
                "14",
                "2023-01",
                ID + "source/oce-red-stem-latam-2023",
            ),
        },
    ),
    (
        "when ASPnet was founded and how big it is said to be",
        """SELECT ?founded ?measure ?value WHERE { id:network\\/aspnet schema:foundingDate ?founded .
             ?c schema:observationAbout id:network\\/aspnet ; edgo:measure ?measure ; schema:value ?value }""",
        {
            ("1953", "https://w3id.org/edgraph/ontology#Members", "12000"),
            ("1953", "https://w3id.org/edgraph/ontology#Countries", "182"),
            ("1953", "https://w3id.org/edgraph/ontology#YearsOfExistence", "70"),
        },
    ),
    (
        "which SDG target ASPnet is aligned with, and its UN identifier",
        """SELECT ?notation ?un WHERE { id:network\\/aspnet edgo:alignedWith ?t .
             ?t skos:notation ?notation ; skos:exactMatch ?un ; skos:broader ?goal .
             ?goal skos:notation "4" }""",
        {("4.7", "http://metadata.un.org/sdg/4.7")},
    ),
    (
        "where and when the ASPnet regional meeting is held, and the series it belongs to",
        """SELECT ?city ?code ?start ?end ?series WHERE {
             id:event\\/aspnet-regional-meeting-lac-2024 schema:location ?place ; schema:startDate ?start ;
                schema:endDate ?end ; schema:superEvent ?series .
             ?place schema:name ?city ; schema:containedInPlace ?c . ?c edgo:isoAlpha2 ?code }""",
        {
            (
                "Santo Domingo",
                "DO",
                "2024-11-06",
                "2024-11-08",
                ID + "event/aspnet-regional-meetings-2024-2025",
            )
        },
    ),
    (
        "who organizes the ASPnet regional meetings series, and where that unit sits",
        """SELECT ?unit ?city WHERE { id:event\\/aspnet-regional-meetings-2024-2025 schema:organizer ?unit .
             ?unit schema:location ?place . ?place schema:name ?city FILTER(lang(?city) = "en") }""",
        {(ID + "org/aspnet-coordination-unit", "Paris")},
    ),
    (
        "who made the ASPnet regional meeting possible, as neither funder nor sponsor",
        """SELECT ?who ?funder ?sponsor WHERE {
             id:event\\/aspnet-regional-meeting-lac-2024 edgo:supporter ?who .
             BIND(EXISTS { id:event\\/aspnet-regional-meeting-lac-2024 schema:funder ?who } AS ?funder)
             BIND(EXISTS { id:event\\/aspnet-regional-meeting-lac-2024 schema:sponsor ?who } AS ?sponsor) }""",
        {(ID + "org/unesco-office-havana", "false", "false")},
    ),
    (
        "who proposed the regional network of ASPnet national coordinators, and its status",
        """SELECT ?who ?status WHERE { id:network\\/aspnet-lac-national-coordinators edgo:proposer ?who ;
             edgo:status ?status }""",
        {
            (
                ID + "org/unesco-regional-office-santiago",
                "https://w3id.org/edgraph/ontology#Proposed",
            )
        },
    ),
    (
        "which source says that TEC hosted the Red STEM Latam meeting",
        """SELECT ?headline WHERE { GRAPH ?g { id:event\\/red-stem-latam-meeting-2023 edgo:host ?h }
             ?g prov:wasDerivedFrom ?doc . ?doc schema:headline ?headline }""",
        {
            (
                "The Office for Climate Education participates in the second Meeting of the Red STEM Latam",
            )
        },
    ),
    (
        "in which paragraph of which source each SLECoP claim is stated",
        """SELECT ?measure ?paragraph ?published WHERE { ?c edgo:about id:network\\/slecop ;
             edgo:measure ?measure ; edgo:paragraph ?paragraph ; prov:wasDerivedFrom ?doc .
             ?doc schema:datePublished ?published }""",
        {
            ("https://w3id.org/edgraph/ontology#MemberEcosystems", "5", "2020-10-16"),
            ("https://w3id.org/edgraph/ontology#Countries", "5", "2020-10-16"),
            ("https://w3id.org/edgraph/ontology#YearOfOperation", "5", "2020-10-16"),
            ("https://w3id.org/edgraph/ontology#ConveningsPerYear", "8", "2020-10-16"),
        },
    ),
    (
        "how many events took place in each country, by year",
        """SELECT ?year ?code (COUNT(DISTINCT ?e) AS ?events) WHERE {
             ?e a schema:Event ; schema:startDate ?start ; schema:location/schema:containedInPlace ?c .
             ?c edgo:isoAlpha2 ?code BIND(YEAR(?start) AS ?year) } GROUP BY ?year ?code""",
        {("2023", "MX", "2"), ("2024", "DO", "1")},
    ),
    (
        "which organizations appear in more than one source",
        """SELECT ?o WHERE { ?o a schema:Organization . GRAPH ?g1 { ?o ?p1 ?x1 } GRAPH ?g2 { ?o ?p2 ?x2 }
             ?g1 prov:wasDerivedFrom/a schema:NewsArticle . ?g2 prov:wasDerivedFrom/a schema:NewsArticle .
             FILTER(?g1 != ?g2) }""",
        {(ID + "org/unesco",)},
    ),
    (
        "which networks the sources name (org:OrganizationalCollaboration)",
        "SELECT ?n WHERE { ?n a org:OrganizationalCollaboration }",
        {
            (ID + "network/red-stem-latam",),
            (ID + "network/slecop",),
            (ID + "network/aspnet",),
            (ID + "network/aspnet-lac-national-coordinators",),
        },
    ),
    (
        "which entity the alias TEC stands for, and its Spanish name",
        """SELECT ?e ?name WHERE { ?e skos:altLabel "TEC" ; schema:name ?name FILTER(lang(?name) = "es") }""",
        {(ID + "org/tec-de-monterrey", "Tecnológico de Monterrey")},
    ),
    (
        "which events each network holds, with their start dates",
        """SELECT ?network ?start WHERE { ?e edgo:eventOf ?n ; schema:startDate ?start .
             ?n skos:altLabel ?network FILTER(?network IN ("SLECoP", "ASPnet")) }""",
        {("SLECoP", "2020-10-19"), ("ASPnet", "2024"), ("ASPnet", "2024-11-06")},
    ),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [pytest.param(q, e, id=name) for name, q, e in QUESTIONS],
)
def test_competency_question(
    select: Callable[[str], set[tuple[str, ...]]], query: str, expected: set[tuple[str, ...]]
) -> None:
    assert select(query) == expected


def test_there_are_at_least_25_questions() -> None:
    assert len(QUESTIONS) >= 25


def test_funders_and_sponsors_stay_distinct(select: Callable[[str], set[tuple[str, ...]]]) -> None:
    both = select("SELECT ?o WHERE { ?e schema:funder ?o ; schema:sponsor ?o }")
    assert both == set()


def test_every_organization_has_exactly_one_iri_across_sources(
    select: Callable[[str], set[tuple[str, ...]]],
) -> None:
    # The same name must not stand for two IRIs (one entity, one IRI across documents).
    dupes = select(
        """SELECT ?name WHERE { ?a a schema:Organization ; schema:name ?name .
             ?b a schema:Organization ; schema:name ?name FILTER(?a != ?b) }"""
    )
    assert dupes == set()


def test_who_is_central_in_the_partnership_network(bundled_store: Store) -> None:
    """The analysis of the curated graph: who co-funds, which units tie in, who is central."""
    from edgraph.analysis import analyze
    from edgraph.namespaces import DEFAULT_BASE

    org = DEFAULT_BASE + "org/"
    result = analyze(bundled_store)
    ties = {(t.a.removeprefix(org), t.b.removeprefix(org)): t for t in result.partnership}
    broadcom = ties[("broadcom-foundation", "burroughs-wellcome-fund")]
    # both fund the 2020 convening and the community of practice itself
    assert broadcom.relations == ["co-funding"]
    assert broadcom.via == [
        DEFAULT_BASE + "event/slecop-convening-2020",
        DEFAULT_BASE + "network/slecop",
    ]
    assert ties[("aspnet-coordination-unit", "unesco-headquarters")].relations == ["unit of"]
    # the public policy node ties the meeting's organizers (through the workshop it attends,
    # a part of the meeting) to the ministries and offices that are its members
    assert result.ranked("pagerank", 1)[0][0] == org + "red-stem-latam-public-policy-node"
    assert result.ranked("betweenness", 1)[0][0] in {
        org + "red-stem-latam-public-policy-node", org + "unesco-office-mexico",
    }  # fmt: skip
    assert result.left_out == []  # no group of the bundled sources is over the default cap


def _partners(result, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    from edgraph.namespaces import DEFAULT_BASE

    org = DEFAULT_BASE + "org/"
    return {
        (t.b if t.a == org + name else t.a).removeprefix(org)
        for t in result.partnership
        if org + name in (t.a, t.b)
    }


def test_the_office_for_climate_education_and_ties_have_partners(bundled_store: Store) -> None:
    """OCE ran a workshop at the Red STEM Latam meeting (and attended it); TIES operates and
    facilitates SLECoP, which eight foundations fund."""
    from edgraph.analysis import analyze

    result = analyze(bundled_store)
    assert _partners(result, "office-for-climate-education") == {
        "tec-de-monterrey", "institute-for-the-future-of-education", "innovec",
        "siemens-stiftung", "red-stem-latam-public-policy-node",
    }  # fmt: skip
    funders = {
        "overdeck-family-foundation", "broadcom-foundation", "lemelson-foundation",
        "schusterman-family-foundation", "steinman-foundation", "samueli-foundation",
        "burroughs-wellcome-fund", "grable-foundation",
    }  # fmt: skip
    assert _partners(result, "ties") == funders
    assert result.values["degree"]["https://w3id.org/edgraph/id/org/ties"] == len(funders)


def test_unesco_links_three_networks_as_the_gallery_says(bundled_store: Store) -> None:
    """UNESCO operates ASPnet; its offices coordinate ASPnet, propose the regional network of
    national coordinators and belong to the public policy node of the Red STEM Latam. The
    analysis's brokers and shared funders are the gallery's on the curated graph."""
    from gallery_agreement import agreement

    from edgraph.analysis import analyze
    from edgraph.namespaces import DEFAULT_BASE

    result = analyze(bundled_store)
    assert result.brokers() == [(DEFAULT_BASE + "org/unesco", 3)]
    [overlap] = result.overlaps  # the foundations fund the CoP and its 2020 convening
    assert (len(overlap.shared), overlap.jaccard) == (8, 1.0)
    agreement(bundled_store, result)


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
def test_every_gallery_example_answers_on_the_curated_graph(bundled_store: Store, example) -> None:  # type: ignore[no-untyped-def]
    """Each example, its parameters at their defaults (entities of the curated graph), has an
    answer there: the gallery shows researchers something on the data they get."""
    assert len(bundled_store.query(example_query(example)).rows) >= 1
