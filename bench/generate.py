"""A seeded generator of realistic partnership data in edgraph's vocabulary, for benchmarks.

    python bench/generate.py --triples 1000000 --seed 7 OUT_PROJECT

writes OUT_PROJECT/graph/sources/synthetic-NNN.nt (one named graph per simulated source
document) and copies the bundled ontology and reference graphs next to it, so that
`edgraph build --project OUT_PROJECT` builds it like the real data. Organizations, networks
with funders, operators, member countries and qualified memberships, units, events with
organizers, hosts, funders, sponsors and participants, people with positions, and dated
claims, in proportions like the bundled sources; names carry accents and aliases.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from edgraph.bundled import bundled_project

BASE = "https://w3id.org/edgraph/id/"
EDGO = "https://w3id.org/edgraph/ontology#"
SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

SYLLABLES = ["al", "be", "ca", "dé", "es", "fu", "ga", "hí", "in", "jo", "ka", "lu", "ma", "né",
             "ño", "pa", "qui", "ro", "sá", "te", "ur", "va", "xo", "yu", "zé"]  # fmt: skip
ORG_KINDS = [("University", "University of"), ("Foundation", "Foundation"),
             ("Company", "Corp."), ("NonProfit", "Alliance"), ("Ministry", "Ministry of Education of"),
             ("ResearchInstitute", "Institute"), ("EducationalInstitution", "School")]  # fmt: skip
COUNTRIES = ["MX", "CL", "CO", "EC", "PE", "AR", "BR", "US", "CA", "KE", "IL", "DO", "CU", "UY",
             "PY", "BO", "VE", "PA", "CR", "GT", "HN", "SV", "NI", "ES", "FR", "DE", "GB", "IT",
             "PT", "ZA", "NG", "GH", "IN", "JP", "KR", "AU", "NZ", "PH", "ID", "EG"]  # fmt: skip
ROLES = ["organizer", "coOrganizer", "host", "funder", "sponsor", "participant", "supporter"]


def iri(local: str) -> str:
    return f"<{BASE}{local}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


class Writer:
    def __init__(self, folder: Path, sources: int) -> None:
        self.folder = folder
        self.files = [
            (folder / f"synthetic-{i:03d}.nt").open("w", encoding="utf-8") for i in range(sources)
        ]
        self.count = 0
        for i, handle in enumerate(self.files):
            graph = f"{BASE}graph/sources/synthetic-{i:03d}"
            doc = iri(f"source/synthetic-{i:03d}")
            handle.write(f"<{graph}> <{PROV}wasDerivedFrom> {doc} .\n")
            handle.write(f"{doc} <{RDF_TYPE}> <{SCHEMA}NewsArticle> .\n")
            handle.write(f"{doc} <{SCHEMA}headline> {lit(f'Synthetic news item {i}', 'en')} .\n")
            self.count += 3

    def add(self, source: int, s: str, p: str, o: str) -> None:
        self.files[source].write(f"{s} <{p}> {o} .\n")
        self.count += 1

    def close(self) -> None:
        for handle in self.files:
            handle.close()


def name(rng: random.Random, words: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(words)
    )


def generate(out: Path, triples: int, seed: int) -> int:
    rng = random.Random(seed)
    project = bundled_project()
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(project / "ontology", out / "ontology")
    shutil.copytree(project / "graph" / "reference", out / "graph" / "reference")
    (out / "graph" / "sources").mkdir(parents=True)
    # About 34 statements per organization once its events, networks, people and what the
    # build entails from them are counted (measured: 1M asked, about 1M in the built store).
    scale = max(1, triples // 34)
    n_org, n_net, n_event, n_city = (
        scale,
        max(5, scale // 40),
        max(10, scale // 4),
        max(20, scale // 50),
    )
    sources = max(3, min(200, scale // 100))
    w = Writer(out / "graph" / "sources", sources)

    def src() -> int:
        return rng.randrange(sources)

    for c in range(n_city):
        country = rng.choice(COUNTRIES)
        s = iri(f"place/city-{c}")
        w.add(src(), s, RDF_TYPE, f"<{EDGO}City>")
        w.add(src(), s, f"{SCHEMA}name", lit(name(rng, 1), "es"))
        w.add(src(), s, f"{SCHEMA}containedInPlace", iri(f"country/{country}"))
    for o in range(n_org):
        kind, word = rng.choice(ORG_KINDS)
        s = iri(f"org/org-{o}")
        k = src()
        label = f"{word} {name(rng)}" if word.endswith("of") else f"{name(rng)} {word}"
        w.add(k, s, RDF_TYPE, f"<{EDGO}{kind}>")
        w.add(k, s, f"{SCHEMA}name", lit(label, rng.choice(["en", "es"])))
        w.add(k, s, f"{SKOS}altLabel", lit("".join(x[0] for x in label.split()).upper()))
        w.add(k, s, f"{EDGO}locatedIn", iri(f"place/city-{rng.randrange(n_city)}"))
        if o > 10 and rng.random() < 0.2:
            w.add(k, s, f"{EDGO}unitOf", iri(f"org/org-{rng.randrange(o)}"))
        if rng.random() < 0.3:
            p = iri(f"person/person-{o}")
            pos = iri(f"membership/position-{o}")
            w.add(k, p, RDF_TYPE, f"<{EDGO}Person>")
            w.add(k, p, f"{SCHEMA}name", lit(name(rng)))
            w.add(k, pos, RDF_TYPE, f"<{EDGO}Position>")
            w.add(k, pos, f"{ORG}member", p)
            w.add(k, pos, f"{ORG}organization", s)
            w.add(
                k,
                pos,
                f"{EDGO}roleName",
                lit(rng.choice(["director", "coordinator", "chair"]), "en"),
            )
            w.add(k, pos, f"{EDGO}asOf", lit(f"{rng.randint(2005, 2025)}-01-01", datatype="date"))
    for n in range(n_net):
        s = iri(f"network/net-{n}")
        k = src()
        w.add(
            k,
            s,
            RDF_TYPE,
            f"<{EDGO}{rng.choice(['Network', 'LearningEcosystem', 'CommunityOfPractice'])}>",
        )
        w.add(k, s, f"{SCHEMA}name", lit(f"Red {name(rng)}", "es"))
        w.add(k, s, f"{SCHEMA}foundingDate", lit(str(rng.randint(1950, 2022)), datatype="gYear"))
        for _ in range(rng.randint(1, 6)):
            w.add(k, s, f"{EDGO}funder", iri(f"org/org-{rng.randrange(n_org)}"))
        w.add(k, s, f"{EDGO}operator", iri(f"org/org-{rng.randrange(n_org)}"))
        for code in rng.sample(COUNTRIES, rng.randint(1, 8)):
            w.add(k, s, f"{EDGO}memberCountry", iri(f"country/{code}"))
        for m in range(rng.randint(10, 60)):
            member = iri(f"org/org-{rng.randrange(n_org)}")
            ms = iri(f"membership/net-{n}-{m}")
            w.add(k, member, f"{EDGO}memberOf", s)
            w.add(k, ms, RDF_TYPE, f"<{EDGO}Membership>")
            w.add(k, ms, f"{ORG}member", member)
            w.add(k, ms, f"{ORG}organization", s)
            w.add(k, ms, f"{EDGO}asOf", lit(f"{rng.randint(2010, 2025)}", datatype="gYear"))
        claim = iri(f"claim/net-{n}-members")
        w.add(k, claim, RDF_TYPE, f"<{EDGO}Claim>")
        w.add(k, claim, f"{EDGO}about", s)
        w.add(k, claim, f"{EDGO}measure", f"<{EDGO}Members>")
        w.add(k, claim, f"{SCHEMA}value", lit(str(rng.randint(10, 20000)), datatype="integer"))
        w.add(
            k,
            claim,
            f"{EDGO}qualifier",
            f"<{EDGO}{rng.choice(['Exactly', 'Approximately', 'MoreThan'])}>",
        )
        w.add(k, claim, f"{PROV}wasDerivedFrom", iri(f"source/synthetic-{k:03d}"))
    for e in range(n_event):
        s = iri(f"event/event-{e}")
        k = src()
        year = rng.randint(2000, 2025)
        month = rng.randint(1, 12)
        w.add(
            k,
            s,
            RDF_TYPE,
            f"<{EDGO}{rng.choice(['Meeting', 'Workshop', 'Congress', 'Panel', 'Convening'])}>",
        )
        w.add(k, s, f"{SCHEMA}name", lit(f"Encuentro {name(rng)} {year}", "es"))
        w.add(k, s, f"{SCHEMA}startDate", lit(f"{year}-{month:02d}-10", datatype="date"))
        w.add(k, s, f"{SCHEMA}endDate", lit(f"{year}-{month:02d}-12", datatype="date"))
        w.add(k, s, f"{EDGO}locatedIn", iri(f"place/city-{rng.randrange(n_city)}"))
        w.add(k, s, f"{EDGO}eventOf", iri(f"network/net-{rng.randrange(n_net)}"))
        for _ in range(rng.randint(2, 9)):
            w.add(k, s, f"{EDGO}{rng.choice(ROLES)}", iri(f"org/org-{rng.randrange(n_org)}"))
    w.close()
    return w.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    count = generate(args.out, args.triples, args.seed)
    print(f"wrote {count:,} statements (the build's entailment adds more) to {args.out}")


if __name__ == "__main__":
    main()
