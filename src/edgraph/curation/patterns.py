"""The words the extractor reads, in English and Spanish: what kind of thing a name's head word
makes it, the phrases that announce each role (active and passive), how claims count and
qualify, and what a person's role sounds like. Lists only; the rules are in extract.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edgraph.catalog import fold
from edgraph.curation.roles import Kind, Measure, Qualifier, Role
from edgraph.namespaces import EDGO

# --- Names -------------------------------------------------------------------------------


class _AccentBlind(dict[str, tuple[Kind, str]]):
    """A table of words kept and looked up folded (catalog.fold: no accents, no case), so a
    word is found written with or without its accents ("olimpíada" as "olimpiada", "hackaton"
    as "hackatón"): writers differ, the word is one."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and dict.__contains__(self, fold(word))

    def __getitem__(self, word: str) -> tuple[Kind, str]:
        return dict.__getitem__(self, fold(word))

    def get(self, word: str, default: object = None) -> object:  # type: ignore[override]
        return dict.get(self, fold(word), default)

    def __setitem__(self, word: str, value: tuple[Kind, str]) -> None:
        dict.__setitem__(self, fold(word), value)


#: Head words (lower case) of organization, network, event and project names -> kind and class.
HEADS: dict[str, tuple[Kind, str]] = _AccentBlind()


def _heads(kind: Kind, cls: str, words: str) -> None:
    for word in words.split():
        HEADS[word] = (kind, EDGO + cls)


_heads(Kind.ORGANIZATION, "University", "university universidad universidade universite "
       "universitat polytechnic politecnico politécnico tecnológico tecnologico")  # fmt: skip
_heads(Kind.ORGANIZATION, "EducationalInstitution", "school schools escuela colegio college "
       "academy academia liceo lyceum kindergarten preschool institución normal")  # fmt: skip
_heads(Kind.ORGANIZATION, "Foundation", "foundation fundación fundacion stiftung fondation "
       "fund fondo trust philanthropies")  # fmt: skip
_heads(Kind.ORGANIZATION, "Ministry", "ministry ministerio department")
_heads(Kind.ORGANIZATION, "Secretariat", "secretariat secretaría secretaria subsecretaría "
       "undersecretariat")  # fmt: skip
_heads(Kind.ORGANIZATION, "ResearchInstitute", "institute instituto institut laboratory "
       "laboratorio lab observatory observatorio")  # fmt: skip
_heads(Kind.ORGANIZATION, "Committee", "committee comité comite commission comisión council "
       "consejo board junta")  # fmt: skip
_heads(Kind.ORGANIZATION, "Company", "inc corp corporation company compañía empresa ltd llc "
       "s.a. sa technologies tecnologías robotics labs systems software solutions group grupo "
       "bank banco")  # fmt: skip
_heads(Kind.ORGANIZATION, "NonProfit", "association asociación society sociedad federation "
       "federación ngo ong coalition coalición")  # fmt: skip
_heads(Kind.ORGANIZATION, "OrganizationalUnit", "unit unidad node nodo "
       "chapter capítulo headquarters sede faculty facultad division división directorate "
       "dirección")  # fmt: skip
_heads(Kind.ORGANIZATION, "Organization", "office oficina agency agencia organization organisation "
       "organización center centre centro")  # fmt: skip
_heads(
    Kind.ORGANIZATION,
    "GovernmentBody",
    "government gobierno municipality municipalidad "
    "alcaldía prefecture prefectura embassy embajada",
)
_heads(
    Kind.ORGANIZATION,
    "Organization",
    "museum museo cooperative cooperativa collective "
    "colectivo club library biblioteca partners hospital",
)
_heads(Kind.ORGANIZATION, "Company", "store tienda editorial publisher publishers publishing press")
_heads(Kind.ORGANIZATION, "NonProfit", "union sindicato corporación corporacion charity "
       "league liga chamber cámara camara")  # fmt: skip
_heads(Kind.ORGANIZATION, "Company", "supply supplies motors energy industries pharma "
       "foods logistics consulting ventures capital holdings studios insurance seguros airlines "
       "telecom plc gmbh s.a.s. sas s.r.l. ltda steel acero")  # fmt: skip
_heads(Kind.ORGANIZATION, "GovernmentBody", "gobernación gobernacion intendencia ayuntamiento "
       "county condado municipio gerencia")  # fmt: skip
_heads(Kind.ORGANIZATION, "Organization", "clubs facility facilities hub service services "
       "servicio servicios hall")  # fmt: skip
_heads(Kind.ORGANIZATION, "EducationalInstitution", "collegiate high ies ceip cra cep iep ue "
       "iiee cbtis conalep")  # fmt: skip
_heads(Kind.ORGANIZATION, "Company", "s.a s.a.c s.a.a s.r.l s.l s.a.s e.i.r.l sac saa minera "
       "petrolera constructora aseguradora financiera salmonera naviera farmacéutica cervecera "
       "láctea")  # fmt: skip
_heads(Kind.ORGANIZATION, "Company", "co co. caja gazette times herald tribune diario periódico "
       "periodico radio televisión television tv")  # fmt: skip
_heads(Kind.ORGANIZATION, "GovernmentBody", "consejería consejeria seremi seremía diputación "
       "diputacion")  # fmt: skip
_heads(Kind.ORGANIZATION, "OrganizationalUnit", "departamento")
_heads(Kind.ORGANIZATION, "Company", "electric power mobile shipyards shipyard kitchen works "
       "bakery talleres construcciones ediciones editores airways motors")  # fmt: skip
_heads(Kind.EVENT, "Event", "night nights noche evening velada open-house showcase expo")
_heads(Kind.NETWORK, "Network", "network red alliance alianza consortium consorcio collaborative "
       "partnership platform plataforma movement movimiento")  # fmt: skip
_heads(Kind.NETWORK, "LearningEcosystem", "ecosystem ecosystems ecosistema ecosistemas")
_heads(Kind.EVENT, "Meeting", "meeting meetings encuentro encuentros reunión reunion "
       "gathering assembly asamblea")  # fmt: skip
_heads(Kind.EVENT, "Convening", "convening convenings")  # "convocatoria" is mostly a call
_heads(Kind.EVENT, "Congress", "congress congreso conference conferencia summit cumbre forum "
       "foro symposium simposio simposia convention convención")  # fmt: skip
_heads(Kind.EVENT, "Workshop", "workshop taller bootcamp hackathon hackatón hackaton masterclass")
_heads(Kind.EVENT, "Panel", "panel conversatorio roundtable debate")
_heads(Kind.EVENT, "WorkingSession", "session sesión")
_heads(Kind.EVENT, "Event", "festival fair feria expo olympiad olimpiada olimpiadas week "
       "semana day jornada jornadas webinar seminario seminar fest challenge reto "
       "competition competencia concurso tour launch lanzamiento presentation presentación "
       "ceremony ceremonia acto")  # fmt: skip
_heads(Kind.EVENT, "Event", "championship championships campeonato cup copa tournament torneo "
       "games juegos marathon maratón camp campamento exhibition exposición muestra course "
       "curso gala colloquium coloquio showcase retreat")  # fmt: skip
_heads(Kind.EVENT, "EventSeries", "series serie")
_heads(Kind.EVENT, "Event", "firma signing")
HEADS["mesa redonda"] = (Kind.EVENT, EDGO + "Panel")
_heads(Kind.PROJECT, "Project", "project proyecto initiative iniciativa campaign campaña")
_heads(
    Kind.PROJECT,
    "Programme",
    "programme program programa fellowship fellowships scholarship scholarships beca becas",
)
_heads(Kind.PROJECT, "Plan", "plan strategy estrategia agenda roadmap")

#: Nouns that describe the name that follows them: "the charity Green Schools Trust", "la
#: empresa de acueducto Aguas del Macizo", "the startup Navix" (folded) -> kind and class.
DESCRIPTOR_NOUNS: dict[str, tuple[Kind, str]] = {}
for _kind, _cls, _words in (
    (Kind.ORGANIZATION, "Company", "company firm startup start-up empresa compañía firma "
     "manufacturer fabricante retailer publisher editorial bank banco"),
    (Kind.ORGANIZATION, "NonProfit", "charity nonprofit non-profit ngo ong association "
     "asociación corporación cooperative cooperativa union sindicato"),
    (Kind.ORGANIZATION, "Organization", "organization organisation organización agency "
     "agencia institution institución entity entidad club center centre centro"),
    (Kind.ORGANIZATION, "Company", "cadena aerolínea airline petrolera operator operadora "
     "distributor distribuidora salmonera minera constructora aseguradora naviera"),
    (Kind.ORGANIZATION, "Foundation", "foundation fundación"),
    (Kind.ORGANIZATION, "University", "university universidad"),
    (Kind.ORGANIZATION, "EducationalInstitution", "school escuela colegio college"),
    (Kind.ORGANIZATION, "GovernmentBody", "municipality municipio alcaldía"),
    (Kind.NETWORK, "Network", "network red alliance alianza coalition coalición"),
    (Kind.PROJECT, "Programme", "programme program programa"),
    (Kind.PROJECT, "Project", "project proyecto initiative iniciativa scheme"),
):  # fmt: skip
    for _word in _words.split():
        DESCRIPTOR_NOUNS[_word] = (_kind, EDGO + _cls)

#: Community of practice and similar two-word heads.
PHRASE_HEADS: dict[str, tuple[Kind, str]] = {
    "community of practice": (Kind.NETWORK, EDGO + "CommunityOfPractice"),
    "comunidad de práctica": (Kind.NETWORK, EDGO + "CommunityOfPractice"),
    "comunidad de practica": (Kind.NETWORK, EDGO + "CommunityOfPractice"),
    "learning ecosystem": (Kind.NETWORK, EDGO + "LearningEcosystem"),
    "ministry of education": (Kind.ORGANIZATION, EDGO + "Ministry"),
    "city of": (Kind.ORGANIZATION, EDGO + "GovernmentBody"),
    "school district": (Kind.ORGANIZATION, EDGO + "GovernmentBody"),
    "department of education": (Kind.ORGANIZATION, EDGO + "GovernmentBody"),
    "regional office": (Kind.ORGANIZATION, EDGO + "OrganizationalUnit"),
    "research center": (Kind.ORGANIZATION, EDGO + "ResearchInstitute"),
    "research centre": (Kind.ORGANIZATION, EDGO + "ResearchInstitute"),
    "centro de investigación": (Kind.ORGANIZATION, EDGO + "ResearchInstitute"),
    "friends of": (Kind.ORGANIZATION, EDGO + "NonProfit"),
    "amigos de": (Kind.ORGANIZATION, EDGO + "NonProfit"),
}

#: Head words that make an organization a unit of another when "of/de/at" names its parent.
UNIT_HEADS = frozenset(
    """office oficina unit unidad node nodo chapter capítulo headquarters sede faculty facultad
    department departamento division división directorate dirección school escuela institute
    instituto center centre centro laboratory laboratorio lab secretariat secretaría
    program programa coordination coordinación area área group grupo team equipo
    department""".split()
)

#: Words joining the parts of one name: "Ministry of Education", "Red de la Sociedad".
NAME_CONNECTORS = frozenset(
    "of for the on de del la las los el para por sobre und für du des sin without".split()
)
#: Words that may join two parts of one name, or two names in a list.
AND_WORDS = frozenset("and y e &".split())
#: After one of these, "in/en X" is part of the name: "UNESCO Office in Havana".
IN_NAME_HEADS = frozenset(
    "office oficina chapter capítulo delegation delegación embassy embajada representation "
    "representación bureau".split()
)

#: Capitalised words that begin sentences without starting a name (folded).
SENTENCE_STARTERS = frozenset(
    """the a an this that these those its their his her our in on at for with during after
    before over through throughout since from by as while when where meanwhile additionally
    also however moreover furthermore thus then there here it they we he she i you according
    besides although though because if among between both each every all some many most
    several other another such today yesterday tomorrow now last next first second third
    finally consequently likewise similarly together under within without el la los las un
    una unos unas este esta estos estas ese esa su sus en con durante tras antes después
    desde por para como mientras cuando donde además asimismo sin embargo también así hoy
    ayer mañana ahora entre ambos cada todos algunas algunos otra otro otras otros según
    al del de a lo se que quien gracias""".split()
)

MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio
    julio agosto septiembre setiembre octubre noviembre diciembre monday tuesday wednesday
    thursday friday saturday sunday lunes martes miércoles jueves viernes sábado
    domingo""".split()
)

#: Common first names (English and Spanish), which make a capitalised pair a person.
FIRST_NAMES = frozenset(
    """adam alan albert alejandra alejandro alex alexander alfredo alice alicia ana andrea
    andrés andres andrew angela ángela anna anne antonio arturo beatriz ben benjamin bernardo
    beth brian camila carla carlos carmen carolina catalina cecilia charles chris christian
    christine claire clara claudia cristina daniel daniela david diana diego dolores eduardo
    elena elizabeth emily emma enrique eric ernesto esteban eva fernanda fernando francisco
    gabriel gabriela george gloria gonzalo grace guadalupe guillermo gustavo héctor hector
    helen hugo ignacio inés ines irene isabel isabella jack jaime james jane javier jennifer
    jessica joan joaquín joaquin john jorge josé jose joseph juan juana julia julian julián
    julio karen kate laura leonardo lisa lucas lucía lucia luis luisa manuel marc marcela
    marcos margaret maria maría mariana mario marta martha martín martin mary matías matias
    michael miguel mónica monica nancy natalia nicolás nicolas olivia óscar oscar pablo patricia
    paula pedro peter rafael ramón ramon raúl raul rebecca ricardo robert roberto rodrigo
    rosa sandra santiago sara sarah sebastián sebastian sergio silvia sofía sofia susan
    teresa thomas tomás tomas valentina valeria verónica veronica víctor victor william
    ximena aisha amir anil ahmed fatima leila omar priya ravi tomasz ruth janet marco
    beatriz julián carolina camilo andrés felipe mateo samuel lorena paola adriana liliana
    natalia hernán horacio agustín florencia micaela milagros rocío gustavo walter susana
    mercedes pilar montserrat jordi xavier iñaki nerea ainhoa amaia noelia alba jesús
    antonia emilio alfonso ramiro wendy kevin brandon jason ryan tyler megan ashley amanda
    heather laura nicole stephanie melissa rachel hannah chloe zoe ethan noah liam lucas
    oliver henry samuel daniel joshua nathan patrick sean kevin scott mark paul steven
    kenneth donald frank gary dennis greg keith peter""".split()
)
#: Titles before a person's name.
PERSON_TITLES = frozenset(
    "dr dra mr mrs ms miss prof profa sr sra srta lic ing mtro mtra don doña sir dame col gen "
    "capt lt sgt gov sen rep hon rev "
    "professor profesor profesora doctor doctora".split()
)
#: Words of a role a person holds (heads of role phrases), folded.
ROLE_WORDS = frozenset(
    """director directora president presidente presidenta ceo cfo coo cto founder cofounder
    co-founder fundador fundadora cofundador cofundadora coordinator coordinador coordinadora
    manager gerente partner socio socia head jefe jefa minister ministro ministra secretary
    secretario secretaria undersecretary subsecretario subsecretaria rector rectora dean
    decano decana officer specialist especialista researcher investigador investigadora
    professor profesor profesora chair chairman chairwoman chairperson chief lead leader
    líder representative representante advisor adviser asesor asesora teacher docente
    maestro maestra principal superintendent executive ejecutivo ejecutiva vice vicepresident
    vicepresidente vicepresidenta vicerrector vicerrectora governor gobernador gobernadora
    mayor alcalde alcaldesa ambassador embajador embajadora spokesperson vocera vocero
    administrator administrador administradora analyst analista consultant consultor
    consultora trustee fellow chancellor vice-chancellor provost writer escritor escritora
    biologist bióloga biólogo journalist periodista delegate delegado delegada
    deputy subdirector subdirectora engineer ingeniero ingeniera viceministro viceministra
    seremi gerente consejero consejera concejal concejala diputado diputada senador senadora
    vocal tesorero tesorera treasurer councillor councilor councilwoman councilman astronomer
    astrónomo astrónoma scientist científico científica physicist físico física chemist
    químico química historian historiadora historiador economist economista educator
    educadora educador librarian bibliotecaria bibliotecario
    titular encargado encargada responsable lecturer instructor tutor coach entrenador
    entrenadora member miembro author autor autora illustrator
    ilustrador ilustradora poet poeta artist artista novelist novelista musician músico
    vice-minister""".split()
)

#: Verbs of saying after or before a name, which make it a person.
SAY_WORDS = frozenset(
    """said says explained added noted stated told commented remarked highlighted stressed
    according dijo afirmó afirmo explicó explico señaló señalo comentó comento agregó agrego
    destacó destaco indicó indico subrayó subrayo aseguró aseguro expresó expreso""".split()
)

#: Big cities news items name without their country (a small gazetteer beside the graph's).
_CITY_LIST = """Buenos Aires|La Paz|São Paulo|Sao Paulo|Rio de Janeiro|Mexico City|Ciudad de México|
    Ciudad de Mexico|Panama City|San José|San Jose|San Salvador|Guatemala City|Ciudad de
    Guatemala|La Habana|Santo Domingo|San Juan|Port of Spain|New York|Los Angeles|San
    Francisco|Cape Town|Tel Aviv|New Delhi|Bogotá|Bogota|Medellín|Medellin|Cali|Barranquilla|
    Cartagena|Lima|Cusco|Arequipa|Quito|Guayaquil|Cuenca|Caracas|Santiago|Valparaíso|
    Concepción|Córdoba|Rosario|Mendoza|Montevideo|Asunción|Asuncion|Sucre|Cochabamba|Brasília|
    Brasilia|Monterrey|Guadalajara|Puebla|Mérida|Merida|Tijuana|León|Querétaro|Oaxaca|
    Managua|Tegucigalpa|Havana|Kingston|Madrid|Barcelona|Valencia|Sevilla|Seville|Bilbao|
    Paris|Lyon|London|Berlin|Munich|Rome|Milan|Lisbon|Geneva|Brussels|Amsterdam|Vienna|
    Washington|Boston|Chicago|Miami|Houston|Atlanta|Toronto|Montreal|Vancouver|Ottawa|
    Denver|Seattle|Portland|Phoenix|Dallas|Austin|San Diego|Philadelphia|Detroit|Minneapolis|
    Calgary|Edmonton|Winnipeg|Halifax|Quebec|Manchester|Leeds|Liverpool|Birmingham|Glasgow|
    Edinburgh|Cardiff|Belfast|Dublin|Oslo|Stockholm|Copenhagen|Helsinki|Warsaw|Prague|
    Budapest|Athens|Zurich|Ghent|Antwerp|Rotterdam|Hamburg|Frankfurt|Cologne|Porto|Zaragoza|
    Málaga|Granada|Salamanca|Valladolid|Alicante|Murcia|Palma|Las Palmas|Rosario|La Plata|
    Mar del Plata|Salta|Tucumán|Resistencia|Corrientes|Posadas|Neuquén|Bariloche|Popayán|
    Pasto|Manizales|Pereira|Bucaramanga|Ibagué|Villavicencio|Santa Marta|Tunja|Armenia|
    Ciudad Juárez|Chihuahua|Hermosillo|Culiacán|Toluca|Cuernavaca|Xalapa|Veracruz|
    Villahermosa|Tuxtla Gutiérrez|San Luis Potosí|Aguascalientes|Morelia|Zacatecas|
    Saltillo|Durango|Cancún|Trujillo|Chiclayo|Piura|Iquitos|Huancayo|Ayacucho|Puno|Tacna|
    Santa Cruz|Oruro|Potosí|Tarija|Antofagasta|Temuco|Valdivia|Punta Arenas|Iquique|
    Salto|Paysandú|Encarnación|Maracaibo|Valencia|Barquisimeto|Mérida|Loja|Ambato|Manta|
    Nairobi|Johannesburg|Lagos|Cairo|Jerusalem|Dubai|Delhi|Mumbai|Beijing|Shanghai|Tokyo|
    Seoul|Singapore|Sydney|Melbourne"""
CITY_NAMES = frozenset(" ".join(c.split()) for c in _CITY_LIST.split("|"))

#: Countries news items name, folded (the graph's reference countries, when given as a
#: gazetteer, know all of them in English and Spanish).
COUNTRY_NAMES = frozenset(
    {
        "argentina",
        "bolivia",
        "brazil",
        "brasil",
        "chile",
        "colombia",
        "costa rica",
        "cuba",
        "ecuador",
        "el salvador",
        "guatemala",
        "honduras",
        "mexico",
        "nicaragua",
        "panama",
        "paraguay",
        "peru",
        "uruguay",
        "venezuela",
        "dominican republic",
        "republica dominicana",
        "puerto rico",
        "jamaica",
        "haiti",
        "spain",
        "espana",
        "portugal",
        "france",
        "francia",
        "germany",
        "alemania",
        "italy",
        "italia",
        "united kingdom",
        "reino unido",
        "united states",
        "estados unidos",
        "the united states",
        "canada",
        "kenya",
        "israel",
        "india",
        "china",
        "japan",
        "japon",
        "south africa",
        "sudafrica",
        "nigeria",
    }
)

# --- Role triggers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    """A phrase that announces a role. ``agents``: where the agents are, ``after`` the phrase
    (passive, "organized by X") or ``before`` it (active, "X organized"); the target (event,
    network, project) is then on the other side, or the document's focus."""

    role: Role
    pattern: re.Pattern[str]
    agents: str  # "after" or "before"
    confidence: float
    requires: re.Pattern[str] | None = None  # the sentence must also say this


def _t(role: Role, agents: str, confidence: float, *phrases: str) -> list[Trigger]:
    return [
        Trigger(role, re.compile(r"(?<![\w-])(?:" + p + r")(?:(?<=\s)|(?![\w-]))", re.IGNORECASE), agents,
                confidence)
        for p in phrases
    ]  # fmt: skip


# a few adverbial words between a participle and "by": "funded in part by", "run jointly by"
# and a time phrase: "funded since its first year by", "in 2021 by"; never another
# participle or an object: "hosted a fair organized by X" is not X's hosting
_BY = r"(?-i:(?:(?!(?:a|an|[a-z]+ed)\s)(?:[a-z]+|\d{4})\s+){0,5}?)"
_POR = r"(?:(?-i:(?:\s+[a-záéíóúñ]+){0,3}?)\s+por|\s+de)"
_OA = r"(?:o|a|os|as)"

TRIGGERS: list[Trigger] = [
    # "Support for the convening and the network is provided by ..."
    Trigger(Role.SUPPORTER, re.compile(r"(?:is|was|are|were|has\s+been|will\s+be)\s+provided\s+by",
            re.IGNORECASE), "after", 0.75, re.compile(r"\bsupport\b", re.IGNORECASE)),
    # co-organizers before organizers: the longer phrase wins where both match
    *_t(Role.CO_ORGANIZER, "after", 0.85,
        r"co-?organi[sz]ed\s+" + _BY + r"by", r"co-?organizad" + _OA + _POR,
        r"jointly\s+organi[sz]ed\s+by", r"organizad" + _OA + r"\s+conjuntamente\s+por",
        r"co-?organi[sz]ers?\s+(?:are|were|include|included)", r"co-?organizadores?\s+(?:son|fueron)",
        r"(?:in\s+)?(?:collaboration|partnership|cooperation|alliance)\s+with",
        r"en\s+(?:colaboración|alianza|cooperación|asociación|convenio|coordinación)\s+con",
        r"(?:under|in)\s+(?:an\s+)?agreement\s+with",
        r"(?:a\s+)?joint\s+(?:effort|initiative|project|undertaking|venture)\s+(?:of|by|between)",
        r"(?:un\s+)?esfuerzo\s+conjunto\s+(?:de|entre)", r"una\s+iniciativa\s+conjunta\s+(?:de|entre)"),
    *_t(Role.CO_ORGANIZER, "before", 0.75,
        r"co-?organi[sz](?:ed|es|e|ing)", r"co-?organiz(?:ó|o|an|aron|ará|arán|a)\b"),
    *_t(Role.ORGANIZER, "after", 0.85,
        r"organi[sz]ed\s+" + _BY + r"by", r"organizad" + _OA + _POR, r"convened\s+by",
        r"convocad" + _OA + r"\s+por", r"(?:led|held|hosted\s+and\s+organi[sz]ed)\s+by",
        r"organi[sz]ers?\s+(?:are|were|is|was|include|included)",
        r"organizadores?\s+(?:son|fueron|es|fue)", r"a\s+cargo\s+de", r"liderad" + _OA + r"\s+por",
        r"(?:is|was|are|were)\s+(?:being\s+)?(?:put\s+on|staged)\s+by",
        r"(?:is|was|are|were)\s+(?:\w+\s+){0,3}?put\s+together\s+(?:\w+\s+){0,3}?by"),
    *_t(Role.CO_ORGANIZER, "after", 0.8,
        r"in\s+conjunction\s+with", r"conjuntamente\s+con", r"de\s+la\s+mano\s+de(?:l)?"),
    *_t(Role.ORGANIZER, "before", 0.75,
        r"organi[sz](?:ed|es|e|ing)", r"(?:will|to)\s+organi[sz]e", r"organiz(?:ó|o|an|aron|ará|arán|a)\b",
        r"convened", r"convoc(?:ó|a|aron|ará)", r"(?:will|to)\s+hold", r"holds",
        r"(?:dictó|dicta|dictará|dictaron)", r"(?:has\s+|have\s+)?(?:planned|is\s+planning)",
        r"(?:planificó|planea|planeó|ha\s+planificado|ha\s+planeado)", r"(?:conducted|led|ran|delivered|gave|offered|held|hosts?\s+and\s+organi[sz]es)",
        r"(?:impartió|dirigió|realizó|ofreció|llevó\s+a\s+cabo|lideró|condujo|celebró)",
        r"(?:has\s+|have\s+)?(?:launched|launches|will\s+launch)",
        r"(?:inició|iniciaron|iniciará|comenzó|arrancó|has\s+started|started|began|initiated)(?=\s+(?:el|la|los|las|un|una|the|a|an|its|their)\b)",
        r"(?:will\s+)?(?:again\s+)?(?:offers?|offered)(?=\s+(?:its|their|the|a|an)\b)", r"(?:puso|pusieron|pondrá|pone)\s+en\s+marcha",
        r"(?:lanzó|lanzaron|lanzará|lanza|inauguró|inauguraron)\b",
        r"(?:is|was|are|were|will\s+be)\s+(?:the\s+)?organi[sz]ers?\s+of",
        r"(?:es|fue|son|fueron|será)\s+(?:el|la|los|las)?\s*organizador(?:a|es|as)?\s+de"),
    *_t(Role.HOST, "after", 0.85,
        r"(?:co-?)?hosted\s+" + _BY + r"by", r"(?:co-?)?(?:acogid|albergad)" + _OA + r"\s+por", r"hosted\s+at", r"(?:at|in|on)\s+the\s+(?-i:[A-Z][\w-]+\s+)?(?:premises|campus|grounds|facilities|headquarters|offices|auditorium|main\s+hall)\s+of",
        r"en\s+(?:las\s+instalaciones|el\s+campus|la\s+sede|el\s+auditorio|el\s+aula\s+magna|el\s+salón|el\s+local|las\s+oficinas|la\s+casa|el\s+coliseo|el\s+teatro|el\s+gimnasio|el\s+paraninfo|el\s+patio|el\s+polideportivo|la\s+biblioteca|el\s+centro\s+cultural)\s+(?:\w+\s+)?de(?:l)?",
        r"(?:at|in)\s+the\s+(?:gym|gymnasium|auditorium|theatre|theater|ballroom|library|atrium|great\s+hall|main\s+hall|conference\s+cent(?:er|re))\s+of", r"acogid" + _OA + r"\s+por",
        r"(?:con|tendrá|tuvo)\s+(?:como\s+)?sede\s+(?:en\s+)?(?:a\s+)?", r"anfitri(?:ón|ona|ones)\s+(?:es|fue|son|fueron|será)",
        r"hosts?\s+(?:are|were|is|was)", r"(?:at|in)\s+the\s+invitation\s+of", r"por\s+invitación\s+de"),
    *_t(Role.HOST, "before", 0.8,
        r"hosted", r"hosts", r"(?:will|to)\s+host", r"is\s+hosting", r"acogió", r"acoge",
        r"acogerá", r"recibió", r"recibirá", r"(?:fue|es|será)\s+(?:la\s+)?(?:sede|anfitriona?)\s+(?:de(?:l)?|para)",
        r"(?:is|was|will\s+be)\s+(?:the\s+)?host(?:\s+institution)?\s+(?:of|for)", r"(?:served|serves|will\s+serve)\s+as\s+(?:the\s+)?host",
        r"(?:the\s+)?host\s+(?:of|for)\s+(?=the\b)", r"anfitri(?:ón|ona)\s+(?=del?\b)"),
    *_t(Role.FUNDER, "after", 0.85,
        r"(?:co-?)?(?:funded|financed|bankrolled|paid\s+for|underwritten)\s+" + _BY + r"by",
        r"(?:co-?)?financiad" + _OA + _POR,
        r"(?:made\s+)?possible\s+(?:by|thanks\s+to|through)\s+(?:a\s+|an?\s+\w+\s+)?(?:grant|grants|funding|donation|gift)s?\s+(?:of\s+\S+\s+(?:(?:million|billion|m|bn)\s+)?)?(?:from|of|by)",
        r"(?:received|receives|won|secured|obtained)\s+(?:a\s+|an\s+)?(?:[\w$€,.-]+\s+){0,5}?(?:grant|funding|donation|gift)\s+from",
        r"(?:recibió|recibe|obtuvo|consiguió)\s+(?:una\s+|un\s+)?(?:subvención|financiamiento|donación|aporte|fondos)\s+(?:[\wáéíóúñ$,.-]+\s+){0,4}?de(?:l)?",
        r"(?:financiad|costead|subvencionad)" + _OA + _POR,
        r"(?:with|thanks\s+to)\s+(?:the\s+)?(?:further\s+|additional\s+|extra\s+|more\s+)?(?:financial\s+support|funding|financing|a\s+grant|grants|financial\s+backing)\s+(?:of|from)",
        r"(?:con|gracias\s+al?|y)\s+(?:el\s+|la\s+)?(?:financiamiento|financiación|financiacion|apoyo\s+financiero|apoyo\s+económico|aporte\s+económico|recursos|fondos|subvención|una\s+subvención|donación|una\s+donación)\s+de(?:l)?",
        r"funders?\s+(?:are|were|is|was|include|included)", r"financiadores?\s+(?:son|fueron|es|fue|incluyen)",
        r"(?:grant|grants|funding|financing)\s+from",
        r"(?:funding|financing|financial\s+support|the\s+money|money|funds)(?:\s+for\s+(?:the|this|its)\s+[\w-]+)?\s+(?:came|comes|will\s+come|was\s+provided|is\s+provided)\s+(?:mainly\s+|mostly\s+|largely\s+|primarily\s+|chiefly\s+)?(?:from|by)",
        r"(?:el\s+)?(?:financiamiento|financiación|los\s+fondos|los\s+recursos)\s+(?:provino|provinieron|proviene|provienen|llegó|llegaron)\s+de(?:l)?"),
    *_t(Role.FUNDER, "before", 0.8,
        r"(?:funds|funded|finances|financed|will\s+fund|is\s+funding|provides\s+funding\s+(?:for|to)|provided\s+funding\s+(?:for|to)|granted|awarded\s+a\s+grant\s+to|gave\s+a\s+grant\s+to)",
        r"(?:announced|awarded|approved|made|gave|pledged|committed|awards|gives)\s+(?:a|an)\s+(?:[\w$€,.-]+\s+){0,5}?(?:grant|donation|gift)\s+(?:to|for)",
        r"whose\s+(?:\w+\s+)?(?:grant|funding|donation|gift|money)",
        r"(?:provided|provides|will\s+provide|contributed|contributes)\s+(?:the\s+)?(?:funding|financing|financial\s+support|grants?|the\s+money)\b",
        r"(?:provided|provides|offered|offers|awarded|awards|funded|funds)\s+(?:\w+\s+){0,2}?(?:scholarships|bursaries|stipends|travel\s+grants)\b",
        r"(?:otorgó|otorga|ofreció|ofrece|financió|financia)\s+(?:\w+\s+){0,2}?becas\b",
        r"(?:aporta|aportó|aportará|aportarán|aportaron|aportan)\s+(?:los\s+)?(?:recursos|fondos|financiamiento|dinero)",
        r"cuy[oa]s?\s+(?:aporte|aportes|donación|subvención|financiamiento|fondos|recursos)",
        r"(?:is|are|was|were|will\s+be)?\s*invest(?:ing|s|ed)?\s+(?:[$€£]?[\d.,]+\s*(?:million|billion|m|bn)?\s+)?(?:\w+\s+){0,4}?in(?=\s+[A-Z])",
        r"(?:invierte|invertirá|invirtió|invertirán)\s+(?:[$€]?[\d.,]+\s*(?:millones|mil)?\s+)?(?:[\wáéíóúñ]+\s+){0,5}?en(?=\s+(?:el\s+|la\s+)?[A-Z])",
        r"(?:otorgó|otorga|otorgará|entregó|anunció|aprobó)\s+(?:una\s+|un\s+)?(?:subvención|donación|financiamiento|aporte)\s+(?:[\wáéíóúñ$,.-]+\s+){0,5}?(?:a|al|para)",
        r"(?:financia|financió|financiará|financian|financiaron|aporta\s+(?:los\s+)?fondos|aportó\s+(?:los\s+)?fondos|otorgó\s+(?:una\s+)?(?:beca|subvención|donación))",
        r"(?:is|was|are|were)\s+(?:the\s+|a\s+|one\s+of\s+the\s+)?(?:main\s+)?funders?\s+of",
        r"(?:is|was|are|were|will\s+be)\s+(?:the\s+|its\s+|their\s+)?(?:\w+['’]s\s+)?(?:main\s+)?funders?\b",
        r"(?:es|fue|son|fueron)\s+(?:el\s+|la\s+|uno\s+de\s+los\s+)?(?:principal(?:es)?\s+)?financiador(?:a|es)?\s+de"),
    # "Los recursos para los premios los aportó la Fundación Galeras": the verb before its subject
    *[Trigger(Role.FUNDER, re.compile(
        r"(?<![\w-])(?:los|las|lo|la)\s+(?:aportó|aportaron|aporta|aportan|aportará|financió|"
        r"financiaron|financia|financian|pagó|pagaron|paga|donó|donaron|puso|pusieron)(?![\w-])",
        re.IGNORECASE), "after", 0.75, re.compile(
        r"\b(?:recursos|fondos|financiamiento|dinero|premios|becas|costos|gastos)\b", re.IGNORECASE))],
    *_t(Role.FUNDER, "before", 0.75,
        r"(?:provided|gave|contributed|donated|committed|pledged|granted|invested)\s+(?:(?:US|C|A)?[$€£]\s?[\d.,]+|[\d.,]+\s+(?:euros|dollars|pesos|pounds))(?:\s*(?:million|billion|m|bn))?\s+(?:\w+\s+){0,2}?(?:for|to|towards?)",
        r"(?:aportó|aporta|aportará|donó|entregó|otorgó|invirtió|comprometió)\s+(?:[$€]\s?[\d.,]+|[\d.,]+)\s*(?:millones|mil)?\s+(?:de\s+(?:pesos|dólares|euros|soles)\s+)?(?:\w+\s+){0,2}?(?:para|a|al|en)"),
    *_t(Role.MEMBER, "after", 0.75,
        r"(?:new|newest|latest)\s+members\s+(?:include|included|are|were)",
        r"entre\s+(?:las|los|sus)\s+(?:[\wáéíóúñ]+\s+){0,2}?(?:miembros?|integrantes|socios|socias|escuelas\s+miembro|instituciones\s+miembro)\s+(?:figuran|están|se\s+encuentran|destacan|se\s+cuentan)"),
    *_t(Role.FUNDER, "after", 0.8,
        r"(?:recibió|recibe|recibirá|recibieron|reciben)\s+(?:además\s+|también\s+)?(?:aportes|fondos|recursos|donaciones|financiamiento|subvenciones|una\s+donación|un\s+aporte|una\s+subvención)\s+(?:(?:económic[oa]s|adicionales)\s+)?(?:de(?:l)?|por\s+parte\s+de(?:l)?)"),
    *_t(Role.FUNDER, "after", 0.85, r"aportad" + _OA + _POR, r"(?:pagad|costead)" + _OA + _POR),
    *_t(Role.FUNDER, "before", 0.75, r"(?:paid|pays|will\s+pay|pagó|pagaron|pagará)\s+(?:for|por)"),
    *_t(Role.SUPPORTER, "after", 0.7, r"(?:came\s+|comes\s+|was\s+|were\s+)?courtesy\s+of", r"cortesía\s+de(?:l)?"),
    *_t(Role.CO_ORGANIZER, "after", 0.8,
        r"(?:como|as)\s+(?:co-?organizador(?:es|a|as)?|co-?organi[sz]ers?)"),
    *_t(Role.PARTICIPANT, "after", 0.7,
        r"(?:como|as)\s+(?:jurados?|judges|jury\s+members|mentores|mentoras|mentors|ponentes|speakers|panelistas|panelists)",
        r"speakers\s+will\s+include", r"(?:los\s+)?ponentes\s+serán"),
    *_t(Role.FUNDER, "after", 0.8,
        r"(?:grant|donation|gift|contribution)\s+of\s+(?:(?:US|C|A)?[$€£]\s?[\d.,]+|[\d.,]+\s+(?:euros|dollars|pesos|pounds))(?:\s*(?:million|billion|m|bn))?\s+from",
        r"(?:donación|subvención|aporte|contribución)\s+de\s+(?:[$€]\s?[\d.,]+|[\d.,]+)\s*(?:millones|mil)?\s+(?:de\s+(?:pesos|dólares|euros|soles)\s+)?(?:de(?:l)?|por\s+parte\s+de(?:l)?)"),
    *_t(Role.SPONSOR, "before", 0.8,
        r"co-?sponsor(?:ed|s|ing)?", r"will\s+co-?sponsor", r"co-?patrocin(?:ó|aron|a|an|ará|arán)\b",
        r"co-?auspici(?:ó|aron|a|an)\b"),
    *_t(Role.SPONSOR, "before", 0.8,
        r"(?:has\s+|have\s+)?agreed\s+to\s+(?:co-?)?sponsor", r"(?:plans?|planea|acordó)\s+(?:to\s+)?(?:sponsor|patrocinar)"),
    *_t(Role.FUNDER, "before", 0.8,
        r"(?:has\s+|have\s+)?agreed\s+to\s+(?:fund|finance|pay\s+for)", r"(?:will|to)\s+(?:co-?)?(?:fund|finance)",
        r"(?:acordó|aceptó|se\s+comprometió\s+a)\s+financiar"),
    *_t(Role.SUPPORTER, "before", 0.7,
        r"(?:is|are|was|were|will\s+be)\s+(?:the\s+|a\s+|an\s+)?(?:\w+['’]s\s+)?(?:media|official|knowledge|strategic|technical|academic|community)\s+partners?\b",
        r"(?:es|fue|son|fueron|será)\s+(?:el\s+|la\s+)?(?:socio|aliado|aliada|socia)\s+(?:mediático|estratégico|técnico|académico|estratégica|técnica|académica)"),
    *_t(Role.SPONSOR, "after", 0.85, r"co-?sponsored\s+" + _BY + r"by", r"co-?patrocinad" + _OA + _POR),
    *_t(Role.SPONSOR, "after", 0.8,
        r"(?:lead|main|title|principal|official|presenting|gold|silver|platinum)\s+sponsors?(?=\s+(?:the\s+)?[A-Z])",
        r"(?:additional|further|more|with)\s+sponsorship\s+(?:from|by)", r"sponsorship\s+from",
        r"patrocinador(?:es|a)?\s+(?:principal(?:es)?|oficial(?:es)?)(?=\s+(?:la\s+|el\s+)?[A-Z])"),
    *_t(Role.SPONSOR, "after", 0.85,
        r"sponsored\s+" + _BY + r"by", r"(?:patrocinad|auspiciad)" + _OA + _POR,
        r"(?:con|gracias\s+al?|bajo|y|así\s+como)\s+(?:el\s+)?(?:patrocinio|auspicio)\s+de(?:l)?",
        r"(?:with|thanks\s+to|under|and)\s+the\s+(?:sponsorship|patronage)\s+of",
        r"sponsors?\s+(?:are|were|is|was|include|included)", r"patrocinadores?\s+(?:son|fueron|es|fue|incluyen)"),
    *_t(Role.SPONSOR, "before", 0.8,
        r"(?:sponsors|sponsored|will\s+sponsor|is\s+sponsoring)", r"(?:patrocina|patrocinó|patrocinará|patrocinan|patrocinaron|auspicia|auspició)",
        r"(?:is|was|are|were)\s+(?:the\s+|a\s+|an\s+|one\s+of\s+the\s+)?(?:main\s+|official\s+|lead\s+)?sponsors?\s+of",
        r"(?:is|was|are|were|will\s+be)\s+(?:the\s+|its\s+|their\s+)?(?:(?:this|last|next)\s+year['’]s\s+|\w+['’]s\s+)?(?:main\s+|official\s+|lead\s+|presenting\s+|title\s+|gold\s+|principal\s+)?sponsors?\b",
        r"(?:es|fue|son|fueron)\s+(?:el\s+|la\s+|uno\s+de\s+los\s+)?patrocinador(?:a|es)?\s+(?:oficial(?:es)?\s+)?de"),
    *_t(Role.SUPPORTER, "after", 0.75,
        r"supported\s+" + _BY + r"by", r"donated\s+" + _BY + r"by", r"donad" + _OA + r"\s+por", r"(?:apoyad|respaldad)" + _OA + _POR,
        r"(?:with|thanks\s+to|and)\s+(?:the\s+)?(?:(?:technical|institutional|academic|logistical|in-kind)\s+)?(?:support|backing|help|contributions?)\s+(?:of|from)",
        r"(?:con|gracias\s+al?|y|así\s+como)\s+(?:el\s+|la\s+)?(?:apoyo|respaldo|ayuda|colaboración|contribución)(?:\s+(?:técnic[oa]|institucional|académic[oa]|logístic[oa]|metodológic[oa]))?\s+de(?:l)?",
        r"(?:made\s+possible|possible)\s+(?:thanks\s+to|by)", r"(?:posible|realidad)\s+gracias\s+a",
        r"supporters?\s+(?:are|were|include|included)", r"gracias\s+a",
        r"(?:additional\s+|further\s+|more\s+|in-kind\s+)?support\s+(?:comes|came|will\s+come|is\s+coming)\s+from",
        r"(?:el\s+)?apoyo\s+(?:adicional\s+)?(?:proviene|provino|llega|llegó|vendrá)\s+de(?:l)?"),
    *_t(Role.SUPPORTER, "before", 0.7,
        r"(?:supports|supported|will\s+support|backs|backed)",
        r"(?:is|are|was|were|will\s+be)\s+(?:also\s+)?(?:supporting|backing)", r"(?:apoya|apoyó|apoyará|apoyan|apoyaron|respalda|respaldó)",
        r"(?:made|makes|will\s+make)\s+(?:it\s+|this\s+)?possible",
        r"(?:donates|donated|will\s+donate|endorsed|endorses|has\s+endorsed)",
        r"(?:dona|donó|donará|donarán|respalda|avaló|avala)\b",
        r"(?:has\s+|have\s+)?(?:offered|lent|given|provided)\s+(?:its|their)\s+support",
        r"(?:ha\s+|han\s+)?(?:brindado|ofrecido|dado|ofreció|brindó|dio)\s+su\s+(?:apoyo|respaldo)"),
    *_t(Role.PARTICIPANT, "after", 0.8,
        r"(?:featured|included|with|had|saw)\s+the\s+participation\s+of", r"(?:attended|joined)\s+by",
        r"participation\s+of", r"(?:contó|cuenta|contará)\s+con\s+la\s+participación\s+de(?:l)?",
        r"(?:addressed|presided\s+over|opened|closed)\s+by", r"(?:encabezad|presidid)" + _OA + r"\s+por",
        r"(?:with|in)\s+the\s+(?:presence|attendance)\s+of", r"speakers\s+(?:included|include|were|are)",
        r"(?:intervino|intervinieron|estuvieron\s+presentes|estuvo\s+presente)",
        r"(?:le\s+|lo\s+|la\s+|les\s+)?acompañ(?:ó|aron|arán)", r"accompanied\s+by", r"acompañad" + _OA + r"\s+por",
        r"(?:jury|judges|panel\s+of\s+judges|panel\s+of\s+experts|speakers|panelists|panellists|jurado|panelistas|ponentes)\s+(?:that\s+|which\s+|who\s+)?(?:included|includes|were|was|comprised|incluyó|incluía|fueron|estuvo\s+integrado\s+por|estuvo\s+formado\s+por)",
        r"con\s+la\s+(?:participación|presencia|asistencia)\s+de(?:l)?", r"participaron", r"asistieron",
        r"participants\s+(?:were|are|included|include)", r"participantes\s+(?:fueron|son|incluyen)",
        r"among\s+the\s+(?:participants|attendees|guests|speakers)(?:\s+\w+)?\s+(?:were|are|will\s+be)", r"entre\s+los\s+(?:participantes|asistentes|invitados)\s+(?:estuvieron|están|figuran)"),
    *_t(Role.PARTICIPANT, "after", 0.7,
        r"(?:first|second|third|top)\s+(?:place|prize)\s+(?:went\s+to|was\s+won\s+by)(?:\s+(?:a|the)\s+(?:\w+\s+)?team\s+from)?",
        r"(?:a\s+)?(?:panel\s+of\s+)?(?:judges|jurors|mentors|jurados|mentores)\s+(?:from|de(?:l)?)(?=\s+(?:the\s+|la\s+|el\s+)?[A-Z])",
        r"(?:(?:and\s+)?(?:first|second|third)\s+(?:place\s+)?to)(?:\s+(?:a|the)\s+(?:\w+\s+)?team\s+from)?(?=\s+(?:the\s+)?[A-Z])",
        r"(?:confirmed\s+|invited\s+|special\s+)?guests\s+(?:include|included|are|were|will\s+be)",
        r"(?:los\s+|las\s+)?(?:invitad[oa]s|ponentes|jurados)\s+(?:confirmad[oa]s\s+)?(?:son|fueron|serán|incluyen|estuvieron)",
        r"among\s+the\s+(?:judges|jurors|mentors|panelists|panellists|presenters|exhibitors)\s+(?:were|are|will\s+be)",
        r"entre\s+(?:los|las)\s+(?:jurados|mentores|mentoras|ponentes|panelistas|expositores|expositoras)\s+(?:estuvo|estuvieron|están|figuran|se\s+encontraban)",
        r"(?:el\s+)?(?:primer|segundo|tercer)\s+(?:lugar|puesto|premio)\s+(?:lo\s+obtuvo|lo\s+ganó|fue\s+para|se\s+lo\s+llevó|quedó\s+(?:para|en\s+manos\s+de))",
        r"en\s+(?:primer|segundo|tercer)\s+(?:lugar|puesto)\s+(?:quedó|quedaron|se\s+ubicó|se\s+ubicaron)",
        r"staffed\s+by\s+(?:students|pupils|volunteers|teachers|staff)\s+(?:from|of)",
        r"(?:set\s+up|had|ran|staffed)\s+(?:tables|stands|booths|stalls|exhibits)\s*,?\s*(?:including|among\s+them)",
        r"(?:instalaron|tuvieron|montaron)\s+(?:stands|puestos|mesas)\s*,?\s*(?:entre\s+ell[oa]s|como)"),
    *_t(Role.PARTICIPANT, "before", 0.75,
        r"(?:participates|participated|will\s+participate|is\s+participating|took\s+part|takes\s+part|will\s+take\s+part|attended|attends|will\s+attend|joined|join(?:s)?\s+in)",
        r"(?:participa|participó|participará|participan|participarán|asistió|asistirá|asistieron|se\s+sumó|se\s+sumaron|estuvo\s+presente)",
        r"(?:spoke|speaks|will\s+speak|presented)\s+(?:at|to|during)",
        r"(?:won|took|obtained|obtuvo|obtuvieron|ganó|ganaron|logró|lograron|obtiene)\s+(?:the\s+|el\s+)?(?:first|second|third|top|primer|segundo|tercer)\s+(?:place|prize|award|lugar|premio|puesto)\s+(?:at|in|en)",
        r"(?:to\s+)?(?:take|takes|taking|win|wins|winning|claim|claimed)\s+(?:the\s+)?(?:first|second|third|top)\s+(?:place|prize)\s+(?:at|in)"),
    *_t(Role.PARTICIPANT, "after", 0.75,
        r"(?:a|the|its)\s+(?:\w+\s+)?(?:keynote|keynote\s+address|lecture|talk|conferencia\s+magistral|ponencia|charla)\s+(?:by|de(?:l)?)(?=\s+(?:Dr|Prof|the|la|el|[A-Z]))",
        r"(?:keynotes?|keynote\s+addresses|talks?|lectures?|speeches|presentations)\s+(?:were\s+|was\s+|will\s+be\s+)?(?:delivered|given|presented)\s+by",
        r"(?:ponencias?|conferencias?(?:\s+magistral(?:es)?)?|charlas?)\s+(?:fueron\s+|fue\s+|serán\s+)?(?:dictad|impartid|ofrecid)" + _OA + r"?\s+por"),
    *_t(Role.OPERATOR, "after", 0.85,
        r"(?:operated|run|managed|administered|delivered|implemented|coordinated\s+and\s+run)\s+" + _BY + r"by", r"(?:operad|gestionad|administrad|dirigid|implementad|ejecutad)" + _OA + r"\s+por",
        r"(?:a|an|the)\s+(?-i:(?:[a-z-]+\s+)?(?:programme|program|initiative|project))\s+(?:of|run\s+by|led\s+by)",
        r"(?:un|una|el|la)\s+(?-i:(?:programa|iniciativa|proyecto)(?:\s+[a-záéíóúñ]+)?)\s+(?:de(?:l)?|impulsad[oa]\s+por|liderad[oa]\s+por)"),
    *_t(Role.OPERATOR, "after", 0.8,
        r"(?:run|operated|managed|delivered|implemented|carried\s+out)\s+(?:together|jointly)\s+with",
        r"(?:ejecutad|operad|gestionad|implementad|desarrollad)" + _OA + r"\s+(?:junto\s+(?:a|con)|en\s+conjunto\s+con)"),
    # "Open Doors Learning's flagship program, Safe Classrooms": whose programme it is
    Trigger(Role.OPERATOR, re.compile(  # right after the owner's name: no word boundary
        r"['’]s\s+(?-i:(?:[a-z-]+\s+){0,3}?)(?:programme|program|project|initiative|scheme)\s*,?"
        r"(?=\s+[A-Z])", re.IGNORECASE), "before", 0.7),
    *_t(Role.OPERATOR, "before", 0.8,
        r"(?:operates|operated|runs|manages|managed|administers)", r"(?:opera|operó|gestiona|gestionó|administra|administró)\b",
        r"(?:the\s+)?(?:organization|organisation|institution|entity|body)\s+(?:that|which)\s+(?:operates|runs|manages)",
        r"(?:la\s+)?(?:organización|institución|entidad)\s+que\s+(?:opera|gestiona|administra)"),
    *_t(Role.COORDINATOR, "after", 0.85, r"coordinated\s+" + _BY + r"by", r"coordinad" + _OA + r"\s+por"),
    *_t(Role.COORDINATOR, "before", 0.75, r"(?:coordinates|coordinated)", r"(?:coordina|coordinó)\b"),
    *_t(Role.FACILITATOR, "after", 0.85, r"(?:facilitated|moderated|chaired)\s+" + _BY + r"by",
        r"(?:facilitad|moderad)" + _OA + r"\s+por"),
    *_t(Role.FACILITATOR, "before", 0.8, r"(?:facilitates|facilitated|will\s+facilitate)",
        r"(?:facilita|facilitó|facilitará|moderó|modera)\b"),
    *_t(Role.PROPOSER, "before", 0.75, r"(?:has\s+|have\s+)?proposed", r"(?:ha\s+)?propuesto", r"propuso", r"propone"),
    *_t(Role.PROPOSER, "after", 0.8, r"proposed\s+by", r"propuest" + _OA + r"\s+por",
        r"(?:created|founded|set\s+up|conceived|designed)\s+(?:in\s+\d{4}\s+)?by",
        r"(?:cread|fundad|concebid|diseñad)" + _OA + r"\s+(?:en\s+\d{4}\s+)?por",
        r"(?:promoted|championed|initiated)\s+by", r"(?:impulsad|promovid|iniciad)" + _OA + r"\s+por"),
    *_t(Role.MEMBER, "after", 0.8,
        r"members\s+(?:are|were|include|included|such\s+as)", r"(?:miembros|integrantes)\s+(?:son|fueron|incluyen|como)",
        r"(?:brings|brought)\s+together", r"(?:reúne|reunió|agrupa|congrega)\s+a",
        r"(?:is|are|was|were)\s+(?:made\s+up|composed|formed)\s+of", r"(?:comprises|consists\s+of|includes|included|is\s+joined\s+by)",
        r"(?:integrad|conformad|compuest|formad)" + _OA + r"\s+por", r"incluye\s+a", r"entre\s+sus\s+miembros(?:\s+(?:están|figuran))?"),
    *_t(Role.MEMBER, "before", 0.8,
        r"(?:is|are|was|were|became|become)\s+(?:a\s+|an\s+|the\s+newest\s+|new\s+)?members?\s+of",
        r"(?:joined|has\s+joined|have\s+joined|will\s+join|joins)", r"(?:belongs?|belonged)\s+to",
        r"(?:es|son|fue|fueron)\s+(?:miembros?|integrantes?)\s+de", r"forma(?:n)?\s+parte\s+de", r"formaron\s+parte\s+de",
        r"(?:se\s+)?(?:unió|unieron|sumó|sumaron|incorporó|incorporaron)\s+a", r"pertenece(?:n)?\s+a"),
]  # fmt: skip

#: Words that make a "support" phrase a funder's: money is named.
FUNDING_CUES = re.compile(
    r"\b(?:financial|funding|fund(?:s|ed)?|grants?|donations?|money|financier[oa]s?|"
    r"financiamiento|económic[oa]s?|fondos|subvenci[oó]n|donaci[oó]n|recursos)\b|"
    r"\b(?:foundations|fundaciones|donors|donantes|philanthropies)\b",
    re.IGNORECASE,
)

#: Descriptions that stand for an event already named: "the meeting", "este encuentro".
EVENT_NOUNS = frozenset(
    (
        *"""meeting convening conference congress summit forum workshop panel session event
    gathering symposium seminar webinar festival fair olympiad hackathon encuentro reunión
    congreso conferencia cumbre foro taller sesión evento jornada jornadas seminario
    simposio feria olimpiada launch presentation ceremony lanzamiento presentación
    ceremonia acto hackathon competition contest competencia concurso olympiad reto challenge
    expo conversatorio charla talk lecture roundtable championship campeonato tournament torneo
    copa cup camp campamento exhibition exposición colloquium coloquio showcase retreat
    marathon maratón gala bootcamp firma signing hackatón hackaton""".split(),
        "mesa redonda",
    )
)
#: Descriptions that stand for a network or group already named: "the network", "la red".
NETWORK_NOUNS = frozenset(
    """network community alliance ecosystem consortium group coalition collaborative red comunidad
    alianza ecosistema consorcio grupo coalición""".split()
)

# --- Claims ------------------------------------------------------------------------------------

QUALIFIERS: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(p + r"\s*$", re.IGNORECASE), q)
    for p, q in (
        (r"(?:more\s+than|over|upwards\s+of|in\s+excess\s+of|más\s+de|mas\s+de|arriba\s+de|"
         r"superior\s+a|por\s+encima\s+de)", Qualifier.MORE_THAN),
        (r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|al\s+menos|por\s+lo\s+menos|"
         r"como\s+mínimo|un\s+mínimo\s+de)", Qualifier.AT_LEAST),
        (r"(?:nearly|almost|close\s+to|casi|cerca\s+de|poco\s+menos\s+de)", Qualifier.NEARLY),
        (r"(?:approximately|about|around|some|roughly|an\s+estimated|estimated|aproximadamente|"
         r"alrededor\s+de|unos|unas|aprox\.?|en\s+torno\s+a)", Qualifier.APPROXIMATELY),
        (r"(?:up\s+to|at\s+most|no\s+more\s+than|hasta|como\s+máximo|un\s+máximo\s+de)",
         Qualifier.AT_MOST),
    )
]  # fmt: skip

#: Nouns a number counts -> the measure (folded, singular and plural).
MEASURE_NOUNS: dict[str, Measure] = {}
for _measure, _nouns in (
    (Measure.MEMBER_INSTITUTIONS, "institutions institution organizations organisations "
     "organization organisation entities instituciones institución organizaciones entidades "
     "universities universidades schools escuelas colegios partners socios aliados "
     "members-institutions companies empresas ministries ministerios centres centers centros "
     "libraries bibliotecas museums museos districts distritos colleges boards "
     "municipalities municipios clubs agencies agencias"),
    (Measure.PARTICIPANTS, "girls boys niñas niños children youth jóvenes women mujeres "
     "fellows becarios becarias judges coaches mentors volunteers voluntarios "
     "families familias escolares alumnos alumnas pupils schoolchildren superintendents "
     "policymakers principals"),
    (Measure.MEMBERS, "members miembros integrantes affiliates afiliados member miembro"),
    (Measure.MEMBER_ECOSYSTEMS, "ecosystems ecosistemas"),
    (Measure.COUNTRIES, "countries country países país paises nations naciones"),
    (Measure.PARTICIPANTS, "participants participantes attendees asistentes delegates "
     "delegados delegadas people personas leaders líderes lideres educators educadores "
     "teachers docentes maestros students estudiantes speakers ponentes guests invitados "
     "representatives representantes experts expertos visitors visitantes"),
):  # fmt: skip
    for _noun in _nouns.split():
        MEASURE_NOUNS[_noun] = _measure

NUMBER_WORDS = {
    **{w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())},
    **{w: i for i, w in enumerate(
        "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
        "quince dieciséis diecisiete dieciocho diecinueve veinte".split())},
    "un": 1, "una": 1, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "treinta": 30, "cuarenta": 40,
    "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100,
    "dozen": 12, "docena": 12,
}  # fmt: skip
ORDINALS = {
    **{w: i for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
        "twelfth".split())},
    **{w: i for i, w in enumerate(
        "cero primer segundo tercer cuarto quinto sexto séptimo octavo noveno décimo".split())},
    "primero": 1, "tercero": 3, "1st": 1, "2nd": 2, "3rd": 3,
}  # fmt: skip
