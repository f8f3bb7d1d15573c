"""Roles from trigger phrases (patterns.TRIGGERS): for each phrase in a sentence, the agents
listed after it (passive: "organized by X, Y and Z") or before it (active: "X and Y organized"),
and its target on the other side, else the event in focus; support becomes funding when the
clause names money.
"""

from __future__ import annotations

import re

from edgraph.curation import patterns as pt
from edgraph.curation.dates import find_dates, relative_dates
from edgraph.curation.events import EventFinder
from edgraph.curation.facts import _AGENT_KINDS, _LAUNCH_EVENT, _TARGETS
from edgraph.curation.names import _Mention
from edgraph.curation.roles import Kind, Role
from edgraph.curation.text import Sentence

_GLUE = re.compile(
    r"^(?:[\s,;]|\b(?:and|y|e|&|as\s+well\s+as|así\s+como|plus|including|incluyendo|such\s+as|"
    r"como|among\s+them|entre\s+(?:ellos|ellas|otros|otras)|along\s+with|junto\s+(?:a|con)|"
    r"together\s+with|both|tanto|also|además\s+de|the|el|la|los|las|its|their|sus?|a|an|other|"
    r"otras?|otros?|al|del|de|a\s+la|de\s+la|company|firm|empresa|compañía|fundación|"
    r"foundation|nonprofit|organization|organización|asociación|institución|universidad|"
    r"university|red|network|ong|ngo|bank|banco|college)\b)*$",
    re.IGNORECASE,
)

_BEFORE_GAP = re.compile(
    r"^(?:[\s,]|\b(?:also|has|have|had|will|would|is|are|was|were|jointly|recently|"
    r"successfully|again|once|directly|which|that|who|quien(?:es)?|que|también|ha|han|había|"
    r"habían|recientemente|se|nuevamente|actively|proudly|together|juntos|conjuntamente|"
    r"already|ya|then|luego|in\s+\d{4}|en\s+\d{4}|today|hoy|yesterday|ayer|this\s+week|"
    r"last\s+week|esta\s+semana|on\s+\w+day|este\s+\w+|el\s+pasado\s+\w+)\b)*"
    r"$",
    re.IGNORECASE,
)

_FIRST_AGENT_FILLER = re.compile(r"^[\s,]*(?:[^\W\d][\w’'-]*[\s,]+){0,7}?$")

_ROLE_OF = re.compile(
    r"\b(?:" + "|".join(sorted(pt.ROLE_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s+(?:general|ejecutiv[oa]|adjunt[oa]|nacional|regional|provincial|departamental))?"
    r"\s+(?:of|de|del)\s+$",
    re.IGNORECASE,
)

_LIST_APPOSITION = re.compile(
    r",\s*(?:a|an|the|una?|el|la)\s+[^,;.()]{1,90},\s*(?:together\s+with|along\s+with|junto\s+(?:a|con)|"
    r"and|y|as\s+well\s+as|así\s+como)\s+",
    re.IGNORECASE,
)

_NEW_CLAUSE = re.compile(
    r"^\s+(?:has|have|had|is|are|was|were|will|would|also|announced|said|ha|han|había|es|son|"
    r"fue|fueron|será|serán|también|se|anunció|dijo)\b",
    re.IGNORECASE,
)

_APPOSITION = re.compile(
    r",\s*(?:a|an|the|una?|el|la|los|las)\s+[^,;.]{1,90},\s*(?:also\s+|también\s+)?$",
    re.IGNORECASE,
)

_SESSIONS = re.compile(
    r"(?:^|\b(?:las|los|the|its|sus|their)\s+)(?:sesiones|charlas|ponencias|clases|conferencias|"
    r"sessions|talks|lectures|classes|activities|actividades|dinámicas)\b[^.;]*$",
    re.IGNORECASE,
)
_TITLE_BEFORE = re.compile(
    r"\b(?:Professor|Profesora?|Doctora?|Dr|Dra|Sir|Dame|Dean|Decan[oa]|Rector[a]?|"
    r"Superintendent|Minister|Ministr[oa]|Mayor|Alcalde(?:sa)?)\b\.?\s*$"
)
_OBJECT_BEFORE = re.compile(
    r"\b(?:with|by|from|of|to|for|at|in|por|con|de|del|a|en|junto\s+a)\s+(?:the\s+|la\s+|el\s+)?$",
    re.IGNORECASE,
)
_CEREMONY = re.compile(
    r"\b(?:clausura|inauguración|apertura|bienvenida|cierre|opening|closing|welcome|conferencia|"
    r"charla|ponencia|presentación|keynote|talk|lecture|address)\b[^,.;]*$",
    re.IGNORECASE,
)
_PLAIN_OBJECT = re.compile(
    r"\s+(?:the|a|an|its|their|el|la|los|las|un|una|sus?)\s+(?-i:(?:[a-záéíóúñ-]+\s+){0,2}?)"
    r"(?!(?:" + "|".join(sorted(pt.EVENT_NOUNS, key=len, reverse=True)) + r"|programme|program|"
    r"project|initiative|programa|proyecto|iniciativa|edition|edición)\b)(?-i:[a-záéíóúñ-]+)\b"
    r"(?!\s+(?:of|de|del|for|para)\b)",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\b(?:since|desde)\s+(?:19|20)\d\d\b|\bfor\s+(?:many\s+)?years\b", re.IGNORECASE
)
_NOUN_PARTNERSHIP = re.compile(
    r"\b(?:a|an|the|its|their|new|una?|nuev[oa]|su)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_ACTIVITY_SUBJECT = re.compile(
    r"^(?:the|this|that|la|el|esta|este)\s+(?:[\w-]+\s+)?(?:training|evaluation|study|research|"
    r"survey|assessment|report|analysis|capacitación|formación|evaluación|estudio|investigación|"
    r"encuesta|informe|análisis)\s+(?:(?:will\s+be|was|is|has\s+been|were|are|será|fue|es|"
    r"ha\s+sido|serán|fueron)\s+)?$",
    re.IGNORECASE,
)
_HABITUAL = re.compile(
    r"(?:supports|funds|finances|sponsors|backs|organi[sz]es|runs|hosts|apoya|financia|"
    r"patrocina|respalda|auspicia|organiza|promueve|impulsa)$",
    re.IGNORECASE,
)
_OBJECT_NAMED = re.compile(
    r"\s*(?:(?:also|again|jointly|together|actively|también|además|conjuntamente)\s+)*"
    r"(?![,.;:]|$|it\b|them\b|lo\b|los\b(?=\s*[,.])|in\b|en\b|at\b|from\b|desde\b)"
    r"[\w\"“«]",
    re.IGNORECASE,
)


_ROLE_GAP = re.compile(
    r"(?:\b(?:el|la|los|las|the|its|their|su|sus)\s+)?\b(?:"
    + "|".join(sorted(pt.ROLE_WORDS, key=len, reverse=True))
    + r")(?:\s+[a-záéíóúñ]+){0,2}?\s+(?:of|at|de|del|for)\s+(?:the\s+|la\s+|el\s+)?$",
    re.IGNORECASE,
)
_DESCRIPTION_GAP = re.compile(
    r"(?:\b(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:"
    + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True))
    + r")|\b(?:the|a|an|el|la|los|las|un|una|its|su|sus)\s+(?:"
    + "|".join(sorted(pt.DESCRIPTOR_NOUNS, key=len, reverse=True))
    + r")(?:\s+(?!(?:and|by|por|with|con)\b)(?-i:[a-záéíóúñ][\w-]*)){0,3}|"
    r"\b(?:representatives|delegates|members|researchers|"
    r"staff|students|teachers|officials|experts|leaders|volunteers|lecturers|professors|"
    r"scientists|engineers|specialists|coaches|mentors|directivos|representantes|"
    r"investigadores|investigadoras|delegados|delegadas|funcionarios|funcionarias|miembros|"
    r"integrantes|estudiantes|docentes|observadores|autoridades|expertos|líderes|"
    r"voluntarios|voluntarias|profesores|profesoras|científicos|ingenieros|especialistas|"
    r"mentores|técnicos)\s+"
    r"(?:of|from|de|del)(?:\s+(?:the|la|el|los|las))?)\s*$",
    re.IGNORECASE,
)


_ROLE_DESCRIPTION = re.compile(
    r"\b(?:the|a|an|el|la|los|las|un|una)\s+(?:[\w'’-]+\s+){0,2}?(?:"
    + "|".join(sorted(pt.ROLE_WORDS, key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)


def _strip_descriptions(gap: str) -> str:
    """The gap between two listed names without the words that describe the second ("and the
    charity", "y de la agencia de cooperación suiza", "and representatives of", "; the
    illustrator") or a "by/por" repeated after the conjunction."""
    gap = _DESCRIPTION_GAP.sub(" ", gap)
    gap = _ROLE_DESCRIPTION.sub(" ", gap)
    return re.sub(r"\b(?:(?<=y )|(?<=and ))(?:por|by|de|del|from)\b", " ", gap)


_LAUNCH_VERB = re.compile(
    r"\b(?:presentó|presentaron|presentará|lanzó|lanzaron|lanzará|presented|unveiled|launched|"
    r"will\s+launch|will\s+present|puso\s+en\s+marcha|pusieron\s+en\s+marcha)\b",
    re.IGNORECASE,
)


_AMOUNT = (
    r"(?:(?:US|C|A)?[$€£]\s?[\d.,]+|[\d.,]+\s+(?:euros|dollars|pesos|pounds|soles))"
    r"(?:\s*(?:million|billion|m|bn|millones|mil))?"
)
#: "The Ridgeway Fund has awarded $1.8 million": who gives the article's grants.
_GRANT_MAKER = re.compile(
    r"^\s*(?:,\s*)?(?:has\s+|have\s+|will\s+|ha\s+|han\s+)?(?:awarded|awards|announced|approved|"
    r"granted|committed|gives|gave|otorgó|otorga|otorgará|entregó|entrega|entregará|anunció|"
    r"aprobó|adjudicó|concedió)\s+(?:(?:more\s+than|over|nearly|almost|más\s+de|casi)\s+)?"
    + _AMOUNT,
    re.IGNORECASE,
)
#: "The largest grant goes to X", "Other grantees include X and Y": recipients after.
_RECIPIENTS_AFTER = re.compile(
    r"\b(?:(?:goes|go|went|will\s+go)\s+to|(?:grantees|recipients|beneficiaries|awardees|"
    r"beneficiarios|beneficiarias|beneficiad[oa]s)\s+(?:include|included|are|were|incluyen|son|"
    r"fueron)|(?:va|irá|fue)\s+(?:a\s+parar\s+)?(?:a|al|para)|(?:se\s+destina|se\s+destinará|"
    r"se\s+destinó)\s+(?:a|al))(?![\w-])",
    re.IGNORECASE,
)
#: "X received $250,000 to train tutors": the recipient before, no giver named.
_RECEIVED = re.compile(
    r"\s*(?:,[^,;.]{1,90},\s*|,\s*)?(?:also\s+|también\s+)?(?:received|receives|will\s+receive|gets|got|won|"
    r"recibió|recibe|recibirá|obtuvo|obtiene|obtendrá)\s+(?:(?:more\s+than|over|nearly|más\s+de|"
    r"casi)\s+)?"
    + _AMOUNT
    + r"(?![\w-]|[.,]\d)(?!\s+(?:\w+\s+){0,4}?(?:from|de\s+parte|por\s+parte)\b)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"\b(?:that|which|who|que|cuyo|cuya)\b|[;:]")


class RolePhraseFinder(EventFinder):
    """Roles from trigger phrases, for the extractor's sentences in turn."""

    _grant_maker: int | None = -2  # not looked for yet

    def _giver(self) -> int | None:
        """The organization that says it awarded the article's grants, if one does."""
        if self._grant_maker == -2:
            self._grant_maker = None
            for mentions in self.sentence_mentions.values():
                for mention in mentions:
                    if (
                        mention.entity >= 0
                        and self.entities[mention.entity].kind == Kind.ORGANIZATION
                        and _GRANT_MAKER.match(
                            mention.sentence.text[mention.end - mention.sentence.start :]
                        )
                    ):
                        self._grant_maker = mention.entity
                        return self._grant_maker
        return self._grant_maker

    def _recipients(
        self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]
    ) -> None:
        """Grants named from their recipient's side: "the largest grant goes to X", "X
        received $250,000", "other grantees include X and Y" are the grant maker's."""
        found: list[tuple[_Mention, int, int]] = []
        for match in _RECIPIENTS_AFTER.finditer(sentence.text):
            start = sentence.start + match.end()
            stop = _CLAUSE_END.search(sentence.text, match.end())
            end = sentence.start + (stop.start() if stop else len(sentence.text))
            found.extend(
                (m, sentence.start + match.start(), start)
                for m in mentions
                if start <= m.start < end and m.entity >= 0 and not m.attached
            )
        for mention in mentions:
            received = _RECEIVED.match(
                text, mention.extent if mention.extent > mention.end else mention.end
            )
            if (
                received
                and mention.entity >= 0
                and mention is next((m for m in mentions if m.entity >= 0), None)
            ):
                found.append((mention, mention.start, received.end()))
        if not found:
            return
        giver = self._giver()
        if giver is None:
            return
        for mention, start, end in found:
            if self.entities[mention.entity].kind in (Kind.PROJECT, Kind.NETWORK):
                self._relation(
                    Role.FUNDER, giver, mention.entity, number, text, sentence, start, end, 0.7
                )

    def _roles(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        self._recipients(number, text, sentence, mentions)
        found: list[tuple[int, int, pt.Trigger]] = []
        for trigger in pt.TRIGGERS:
            for match in trigger.pattern.finditer(sentence.text):
                found.append(
                    (sentence.start + match.start(), sentence.start + match.end(), trigger)
                )
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, pt.Trigger]] = []
        for start, end, trigger in found:
            if any(s < end and start < e for s, e, _ in kept):
                continue
            if any(m.start <= start < m.end for m in mentions if m.entity >= 0):
                continue  # inside a name
            kept.append((start, end, trigger))
        for start, end, trigger in kept:
            role = trigger.role
            if trigger.requires is not None and not trigger.requires.search(sentence.text):
                continue
            agents: list[int] = []
            side = trigger.agents
            if side == "before":
                agents = self._agents_before(mentions, start, text, places=role == Role.HOST)
                if not agents and re.search(
                    r"\s(?:y|and|e)\s+(?:también\s+|also\s+)?$", text[:start]
                ):
                    # "Minga Amazónica trabaja desde 2008 ... y forma parte de la Red": the
                    # coordinated verb shares the sentence's subject
                    subject = next((m for m in mentions if m.entity >= 0), None)
                    if (
                        subject is not None
                        and re.fullmatch(
                            r"\s*(?:(?:the|el|la|los|las)\s+)?",
                            text[sentence.start : subject.start],
                            re.I,
                        )
                        and self.entities[subject.entity].kind in _AGENT_KINDS
                    ):
                        agents = [subject.entity]
                if (
                    not agents
                    and self.doc.language == "es"
                    and not re.search(r"\bse\s+$", text[max(0, start - 4) : start])
                ):
                    side = "after"  # "Al acto asistieron directivos de X": the verb first
            if side == "after":
                agents, agents_end = self._agents_after(mentions, end, text)
                targets = self._targets(mentions, role, before=start, after=None, text=text)
                if not targets and self._modifies_previous(mentions, start, text):
                    # "El Fondo X, creado por Y, abrió...": the participle is the fund's, which
                    # holds no such role; the names after are not what Y created
                    continue
                if not targets:  # "With the support of X, the network will hold a workshop"
                    targets = self._targets(
                        [
                            m
                            for m in mentions
                            if not _ROLE_GAP.search(
                                text[max(sentence.start, m.start - 60) : m.start]
                            )
                        ],  # "Speakers include Jo Li, director of X": where Jo Li works
                        role,
                        before=None,
                        after=agents_end,
                        text=text,
                    )
                    clause = re.search(r"\b(?:que|which|who|that|quien)\b", text[agents_end:])
                    if (
                        targets
                        and clause
                        and any(
                            m.entity == targets[0] and m.start > agents_end + clause.start()
                            for m in mentions
                        )
                    ):
                        targets = []  # "X, que se sumó a la red": the relative clause's own
                clause_start = max(
                    [sentence.start]
                    + [
                        sentence.start + m.end()
                        for m in re.finditer(r"[,;]|\s(?:and|y)\s", text[sentence.start : start])
                    ]
                )
                window = text[max(clause_start, start - 40) : agents_end]
            else:
                targets = self._targets(mentions, role, before=None, after=end, text=text)
                first = min((m.start for m in mentions if m.entity in agents), default=start)
                window = text[first : end + 30]
            if role == Role.SUPPORTER and pt.FUNDING_CUES.search(window):
                role = Role.FUNDER  # "financial support", "support ... provided by foundations"
            confidence = trigger.confidence
            sessions = _SESSIONS.search(text[max(sentence.start, start - 60) : start])
            if sessions and role in (Role.ORGANIZER, Role.OPERATOR):
                role = Role.FACILITATOR  # "Las sesiones estuvieron a cargo de X"
            if role == Role.ORGANIZER and _CEREMONY.search(
                text[max(sentence.start, start - 50) : start]
            ):
                role = Role.PARTICIPANT  # "La clausura corrió a cargo de la consejera X"
            general = (
                side == "before"
                and role
                in (
                    Role.ORGANIZER,
                    Role.HOST,
                    Role.PARTICIPANT,
                    Role.CO_ORGANIZER,
                    Role.FACILITATOR,
                )
                and _PLAIN_OBJECT.match(text, end)
                and not any(
                    m.start >= end and m.start < end + 40 and m.entity >= 0 for m in mentions
                )
            )  # "Volunteers from the club ran the boats": not the event
            general = general or bool(
                _SINCE.search(text[max(sentence.start, start - 80) : min(len(text), end + 80)])
                and side == "before"
            )  # "X has supported science programs since 2015": what it does in general
            general = general or bool(
                role == Role.CO_ORGANIZER
                and _NOUN_PARTNERSHIP.search(text[max(sentence.start, start - 40) : start])
            )  # "describes a new partnership with X": not the event's co-organizer
            general = general or bool(
                side == "after"
                and _ACTIVITY_SUBJECT.search(text[max(sentence.start, start - 50) : start])
            )  # "The evaluation will be funded by X": another activity than the event
            if (
                not targets
                and not general
                and not (
                    side == "before"
                    and _HABITUAL.search(text[start:end])
                    and _OBJECT_NAMED.match(text, end)
                )
            ):
                # what an organization does in general ("supports science education") is
                # not about the event in focus
                targets = self._money_target(role, agents, mentions, number, sentence)
                targets = targets or self._focus(role, number)
                confidence *= 0.8
            for target in targets:
                actual = role
                target_kind = self.entities[target].kind
                if role == Role.PARTICIPANT and target_kind != Kind.EVENT:
                    actual = Role.MEMBER
                if role in (Role.HOST, Role.ORGANIZER, Role.CO_ORGANIZER) and target_kind in (
                    Kind.NETWORK,
                    Kind.PROJECT,
                ):
                    actual = Role.OPERATOR  # "the network is led by X", "a cargo de X"
                if role == Role.OPERATOR and target_kind == Kind.EVENT:
                    actual = Role.ORGANIZER
                if actual == Role.MEMBER and target_kind not in (Kind.NETWORK, Kind.ORGANIZATION):
                    continue  # nobody is a member of a programme or an event
                for agent in agents:
                    if agent == target:
                        continue
                    if actual == Role.HOST and self.entities[agent].kind == Kind.PLACE:
                        # "Quito hosted the Olympiad": where it is, not who
                        self._relation(
                            Role.LOCATED_IN,
                            target,
                            agent,
                            number,
                            text,
                            sentence,
                            start,
                            end,
                            confidence,
                        )
                        continue
                    self._relation(
                        actual, agent, target, number, text, sentence, start, end, confidence
                    )

    def _money_target(
        self,
        role: Role,
        agents: list[int],
        mentions: list[_Mention],
        number: int,
        sentence: Sentence,
    ) -> list[int]:
        """ "In 2025 it received a grant from X, which paid for tablets", "Y sponsors the
        van's fuel": money for a thing the sentence only names as an object is for the
        project or network the sentence (else the one before it) is about."""
        if role not in (Role.FUNDER, Role.SPONSOR, Role.SUPPORTER):
            return []
        here = [
            m.entity
            for m in mentions
            if m.descriptive in ("pronoun", "anaphor", "definite")
            and m.entity >= 0
            and m.entity not in agents
            and self.entities[m.entity].kind == Kind.PROJECT
        ]
        if here:
            return here[:1]
        before = self.subject_before.get((number, sentence.start))
        if (
            before is not None
            and before not in agents
            and self.entities[before].kind == Kind.PROJECT
        ):
            return [before]
        return []

    def _modifies_previous(self, mentions: list[_Mention], start: int, text: str) -> bool:
        """Whether a participle phrase at ``start`` follows a name it describes, set off by a
        comma ("X, created by Y,")."""
        previous = [m for m in mentions if m.end <= start and m.entity >= 0]
        if not previous:
            return False
        gap = text[max(previous[-1].extent, previous[-1].end) : start]
        return bool(
            re.fullmatch(r"\s*,\s*", gap)
            and re.match(
                r"(?:\w+(?:ed|ado|ada|ados|adas|ido|ida|idos|idas|to|ta)\b)", text[start:], re.I
            )
        )

    def _agents_after(
        self, mentions: list[_Mention], position: int, text: str
    ) -> tuple[list[int], int]:
        """The agents listed after ``position``: names joined by commas and "and", past an
        apposition ("X, a coalition of 35 centres, together with Y") and an owner ("the
        Province's Ministry of Education" is the ministry)."""
        out: list[int] = []
        cursor = position
        skip_until = -1
        in_role = False
        for index, mention in enumerate(mentions):
            if mention.start < position or mention.descriptive not in ("", "anaphor"):
                continue
            if mention.attached:
                continue
            if mention.start < skip_until:
                continue
            nxt = mentions[index + 1] if index + 1 < len(mentions) else None
            if nxt is not None and re.fullmatch(r"['’]s\s+", text[mention.end : nxt.start]):
                continue  # the owner of the next name
            gap = text[cursor : mention.start]
            if (
                out
                and re.fullmatch(r"\s*\(\s*(?:the\s+|la\s+|el\s+)?", gap)
                and re.match(r"\s*\)", text[mention.end : mention.end + 3])
            ):
                # "Ana Ruiz (Universidad del Valle) y Luis Soto": where the person works
                cursor = text.index(")", mention.end) + 1
                continue
            if (
                out
                and re.fullmatch(r"\s*,\s*", gap)
                and mention.kind == Kind.ORGANIZATION
                and mention.text.split()[0].casefold() in pt.UNIT_HEADS
                and self.entities[out[-1]].kind == Kind.ORGANIZATION
                and re.match(r"\s*(?:,|\.|;|\)|$)", text[mention.end : mention.end + 2])
            ):
                # "la Universidad Tecnológica Nacional, Facultad Regional Neuquén,": its unit
                unit = self._agent(mention)
                self._relation(
                    Role.UNIT_OF, unit, out[-1], mention.paragraph, text, mention.sentence,
                    mention.start, mention.end, 0.6,
                )  # fmt: skip
                cursor = mention.end
                continue
            if out and (apposition := _LIST_APPOSITION.match(text, cursor)):
                if apposition.end() <= mention.start:
                    skip_until = apposition.end()
                    if mention.start < skip_until or not _GLUE.match(
                        _TITLE_BEFORE.sub("", text[apposition.end() : mention.start])
                    ):
                        continue
                    gap = ""
                else:
                    skip_until = apposition.end()
                    continue
            if out and re.match(r"\s*,\s*(?:a|an|un|una)\s", gap):
                break  # "sponsored by Ecobrew, a Leeds coffee roaster": an apposition
            clean = re.sub(r"\b(?:Dr|Dra|Prof|Profa|Mr|Mrs|Ms|Sr|Sra|Lic|Ing)\.", "", gap)
            # "..., and Professor Jane Hale": a title before the next name
            gap = clean = _TITLE_BEFORE.sub("", clean)
            role_gap = _ROLE_GAP.search(gap)
            bare = _strip_descriptions(gap[: role_gap.start()] if role_gap else gap)
            ok = _GLUE.match(bare) or (
                not out
                and _FIRST_AGENT_FILLER.match(clean)
                and not re.search(r"[.;:]|\b(?:by|por)\b", clean)
            )  # "hosted by the center and co-organized by X": X is not the host
            if not ok:
                break
            if role_gap and mention.kind in (Kind.ORGANIZATION, Kind.NETWORK):
                # "y por la rectora de la UTH, Beatriz Cuevas", "Carmen Ruiz, investigadora
                # del Centro": the person is listed, the organization is where they work
                cursor = max(mention.extent, mention.end)
                continue
            if mention.kind not in _AGENT_KINDS and mention.kind is not None:
                break
            if mention.kind is None and re.match(
                r"\s+(?:(?-i:[a-z][\w-]*)\s+){1,3}(?-i:[A-Z])", text[mention.end : mention.end + 60]
            ):
                continue  # "the Swiss cooperation agency X": an adjective of a description
            if mention.kind is None and (
                _ROLE_OF.search(text[max(0, mention.start - 40) : mention.start])
                or (in_role and re.fullmatch(r"\s*,\s*|\s+(?:y|e|and)\s+", gap))
            ):
                # "la ministra de Educación, Silvia Rojas", "la viceministra de Educación
                # Preescolar, Básica y Media, Claudia Restrepo": part of a role
                in_role = True
                cursor = mention.end
                continue
            if out and _NEW_CLAUSE.match(text[max(mention.extent, mention.end) :]):
                break  # "..., and the Ministry has offered its support": a new subject
            out.append(self._agent(mention))
            in_role = False
            cursor = max(mention.extent, mention.end)
        return [a for a in out if a >= 0], cursor

    def _agents_before(
        self, mentions: list[_Mention], position: int, text: str, *, places: bool = False
    ) -> list[int]:
        out: list[int] = []
        # "The Collaborative (RSC), a community of practice in North America, will hold":
        # the agent is before the apposition
        line_start = mentions[0].sentence.start if mentions else 0
        apposition = _APPOSITION.search(text[line_start:position])
        if apposition:
            position = line_start + apposition.start()
        cursor = position
        for mention in reversed(mentions):
            if mention.start >= position or mention.descriptive not in ("", "anaphor"):
                continue
            gap = text[max(mention.extent, mention.end) : cursor]
            if out:  # "Caja Rural y la cooperativa Oleícola patrocinaron"
                gap = _strip_descriptions(gap)
            pattern = _BEFORE_GAP if not out else _GLUE
            if mention.attached:
                if not pattern.match(gap):
                    break
                cursor = mention.start  # "the Unit at UNESCO Headquarters in Paris has planned"
                continue
            if not pattern.match(gap):
                break
            if (
                out
                and re.fullmatch(r"\s*,\s*(?:and|y|e)\s+", gap)
                and _OBJECT_BEFORE.search(text[max(0, mention.start - 25) : mention.start])
            ):
                break  # "organized by X together with Y, and Z is its sponsor": Z alone
            if places and mention.kind == Kind.PLACE and not out:
                out.append(mention.entity)  # "La ciudad de Quito recibió...": the caller decides
                break
            if mention.kind not in _AGENT_KINDS and mention.kind is not None:
                break
            out.append(self._agent(mention))
            cursor = mention.start
            if len(out) == 1 and re.search(r"\b(?:que|which|who|quien|quienes)\b", gap, re.I):
                break  # "X and Y, which hosted...": the relative pronoun names one
        return [a for a in reversed(out) if a >= 0]

    def _targets(
        self,
        mentions: list[_Mention],
        role: Role,
        *,
        before: int | None,
        after: int | None,
        text: str,
    ) -> list[int]:
        kinds = _TARGETS.get(role, (Kind.EVENT,))
        if before is not None:
            candidates = [
                m
                for m in mentions
                if m.end <= before and m.entity >= 0 and self.entities[m.entity].kind in kinds
            ]
            if not candidates:
                return []
            chosen = [candidates[-1]]
            for event in candidates[:-1]:
                if self.entities[event.entity].kind == Kind.EVENT and re.fullmatch(
                    r"\s*(?:of|de|del)\s+(?:the\s+|la\s+|el\s+)?", text[event.end : chosen[0].start]
                ):
                    chosen = [event]  # "el próximo encuentro de la red ... con el patrocinio de"
            for mention in reversed(candidates[:-1]):
                gap = text[max(mention.extent, mention.end) : chosen[0].start]
                if self.entities[mention.entity].kind != self.entities[
                    chosen[0].entity
                ].kind and not re.search(r"\b(?:and|y|e|as\s+well\s+as|así\s+como)\b", gap):
                    break  # "Co-hosted by the college and the RSC, the summit was...": one target
                if re.fullmatch(
                    r"\s*(?:,|and|y|e|as\s+well\s+as|así\s+como)\s*(?:the\s+|la\s+|el\s+)?",
                    gap,
                    re.I,
                ):
                    chosen.insert(0, mention)
                else:
                    break
            return list(dict.fromkeys(m.entity for m in chosen))
        assert after is not None
        candidates = [
            m
            for m in mentions
            if m.entity >= 0
            and self.entities[m.entity].kind in kinds
            and (m.start >= after or (m.descriptive and m.end > after))
        ]
        for kind in kinds:
            for mention in candidates:
                if self.entities[mention.entity].kind == kind:
                    return [mention.entity]
        return []

    def _launch(self, number: int, text: str, sentence: Sentence, mentions: list[_Mention]) -> None:
        """ "El Ministerio presentó este jueves la Red X" and, elsewhere, "El lanzamiento se
        llevó a cabo en...": who presents or launches something organizes its presentation or
        launch, on the day the sentence gives."""
        verb = _LAUNCH_VERB.search(sentence.text)
        if not verb or number == 0:
            return
        launches = [
            i
            for i, e in enumerate(self.entities)
            if e.kind == Kind.EVENT
            and e.mentions
            and not e.other_edition
            and _LAUNCH_EVENT.search(e.name)
        ]
        if len(launches) != 1:
            return
        launch = launches[0]
        start = sentence.start + verb.start()
        agents = self._agents_before(mentions, start, text)
        launched = [
            m
            for m in mentions
            if m.entity >= 0
            and m.start >= sentence.start + verb.end()
            and self.entities[m.entity].kind in (Kind.PROJECT, Kind.NETWORK)
        ]
        if not agents or not launched:
            return
        for agent in agents:
            self._relation(
                Role.ORGANIZER, agent, launch, number, text, sentence, start,
                sentence.start + verb.end(), 0.6,
            )  # fmt: skip
        if not any(a.entity == f"e{launch}" for a in self.attributes) and self.doc.published:
            when = [
                d
                for d in [
                    *find_dates(sentence.text),
                    *relative_dates(sentence.text, self.doc.published),
                ]
                if not d.year_only and d.start < verb.end() + 40
            ]
            if when:
                self._date_attributes(launch, when[0], number, text, sentence, 0.6)
