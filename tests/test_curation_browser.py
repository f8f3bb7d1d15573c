"""The review page in a real headless Chromium (Debian's, driven by Playwright) against a real
`edgraph curate` over a project made by `edgraph init`: an article in English and one in
Spanish taken from the form to reviewed facts (accept, edit the role and the target, reject,
add a fact from a selection, save), then seen on the entity page, in the network and in SPARQL;
a violation shown on its fact with graph/ unchanged; two tabs saving the same source; hostile
names and a scripted HTML page inert. Screenshots go to screenshots/ (not kept in git)."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
from click.testing import CliRunner
from conftest import DATA, HOSTILE
from servers import edgraph_curate

from edgraph.cli import main

REVIEW = DATA / "review"
EDGO = "https://w3id.org/edgraph/ontology#"
ID = "https://w3id.org/edgraph/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SHOTS = Path(__file__).parent.parent / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
EN_SLUG = "albatross-foundation-backs-the-first-coastal-science-week-2025"
ES_SLUG = "la-fundacion-quelital-financia-la-semana-del-agua-2024"


class Watch:
    """What a page did: requests to other hosts, script errors, console errors, dialogs."""

    def __init__(self, page: Any, base: str) -> None:
        self.base, self.requested, self.errors, self.dialogs = base, [], [], []
        page.on("request", lambda r: self.requested.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def check(self, *statuses: int) -> None:
        """Nothing but the app's own origin requested, no dialog, no error but the console's
        notes of the answers with ``statuses`` that the page asked for (a refused save)."""
        origin = urlparse(self.base).netloc
        assert [u for u in self.requested if urlparse(u).scheme in ("http", "https")
                and urlparse(u).netloc != origin] == []  # fmt: skip
        expected = tuple(f"the server responded with a status of {s} " for s in statuses)
        assert [e for e in self.errors if not expected or not any(x in e for x in expected)] == []
        assert self.dialogs == []


def init(tmp_path: Path) -> Path:
    project = tmp_path / "mine"
    result = CliRunner().invoke(main, ["init", str(project)])
    assert result.exit_code == 0, result.output
    return project


def added(project: Path, tmp_path: Path, article: Path) -> str:
    """``article`` added to the workspace before the server starts (as `edgraph add` does)."""
    result = CliRunner().invoke(main, ["add", str(article), "--project", str(project),
                                       "--store", str(tmp_path / "store")])  # fmt: skip
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("added "))
    return line.split()[1].rstrip(":")


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def ready(page: Any) -> None:
    page.wait_for_selector("#review[data-ready='1']", timeout=20_000)


def fact_card(page: Any, *words: str) -> Any:
    """The cards of the facts whose sentence has all of ``words``."""
    sentence = page.locator(".sentence")
    for w in words:
        sentence = sentence.filter(has_text=w)
    return page.locator(".fact").filter(has=sentence)


def select_words(page: Any, paragraph: int, words: str) -> None:
    """Select ``words`` of a paragraph as a reader would, with the selection API."""
    page.evaluate(
        """([n, words]) => {
          const p = document.querySelector(`.para[data-paragraph="${n}"] .ptext`);
          p.scrollIntoView({block: "center"});
          const at = p.textContent.indexOf(words);
          if (at < 0) { throw new Error("not in the paragraph: " + words); }
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          let pos = 0, start = null, end = null, node;
          while ((node = walker.nextNode())) {
            const len = node.textContent.length;
            if (start === null && at < pos + len) { start = [node, at - pos]; }
            if (at + words.length <= pos + len) { end = [node, at + words.length - pos]; break; }
            pos += len;
          }
          const range = document.createRange();
          range.setStart(start[0], start[1]);
          range.setEnd(end[0], end[1]);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }""",
        [paragraph, words],
    )


def pick(select: Any, name: str) -> None:
    """Choose the entity named ``name`` in an entity list (its options read "name (class)")."""
    options = select.locator("option").all()
    (value,) = [o.get_attribute("value") for o in options if o.inner_text().startswith(name + " (")]
    select.select_option(value)


def get_json(url: str, accept: str = "application/json") -> Any:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def ask(base: str, query: str) -> bool:
    answer = get_json(base + "/sparql?" + urlencode({"query": query}),
                      "application/sparql-results+json")  # fmt: skip
    return bool(answer["boolean"])


def in_network(base: str, source: str, a: str, b: str, relation: str) -> bool:
    """Whether the network of ``source`` ties ``a`` and ``b`` by ``relation``."""
    network = get_json(base + "/network.json?" + urlencode({"source": source}))
    return any({e["from"], e["to"]} == {a, b} and e["relation"] == relation
               for e in network["edges"])  # fmt: skip


def in_view(page: Any, selector: str) -> None:
    """Wait until ``selector`` is scrolled into the article's pane (the page scrolls smoothly)."""
    page.wait_for_function(
        """sel => { const m = document.querySelector(sel);
                    const pane = document.getElementById("article-pane").getBoundingClientRect();
                    const r = m.getBoundingClientRect();
                    return r.top >= pane.top && r.bottom <= pane.bottom && r.height > 0; }""",
        arg=selector, timeout=5_000,
    )  # fmt: skip


def test_an_english_article_from_the_form_to_the_graph(tmp_path: Path, page: Any) -> None:
    project = init(tmp_path)
    sources = project / "graph" / "sources"
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        watch = Watch(page, base)
        page.set_viewport_size(LAPTOP)
        page.goto(base + "/curate")
        shot(page, "sources-empty-1366")
        page.set_input_files("#file", str(REVIEW / "en-coastal-science-week.txt"))
        page.click("button:has-text('Add and propose its facts')")
        page.wait_for_url(f"{base}/curate/{EN_SLUG}")
        ready(page)
        shot(page, "review-en-1366")

        # Accepted as proposed: the foundation funds the week.
        funder = fact_card(page, "Albatross Foundation", "funder of", "First Coastal Science Week")
        assert funder.locator("button.accept").get_attribute("aria-pressed") == "true"

        # A candidate selected highlights its words in the text and scrolls the text to them.
        kelp = fact_card(page, "Kelp Energy", "sponsor of")
        kelp.locator(".sentence").click()
        assert page.locator("#text mark.current").inner_text() == "sponsored"
        in_view(page, "#text mark.current")
        # Kelp Energy paid for the boat trips: a funder, not a sponsor.
        kelp.locator("button.edit").click()
        kelp.locator("select[data-field$='-role']").select_option("funder")
        assert fact_card(page, "Kelp Energy", "funder of").count() == 1
        assert fact_card(page, "Kelp Energy", "sponsor of").count() == 0
        shot(page, "review-en-editing-1366")
        # Last year's fair is not this week: its host and organizer are rejected.
        fact_card(page, "Salinas Rural School", "host of").locator("button.reject").click()
        fact_card(page, "Gull Coast University", "organizer of").locator("button.reject").click()
        assert page.locator(".fact.rejected").count() == 2
        assert page.locator("#text mark.ev.rejected").count() == 2
        # The town named in capitals by the dateline.
        town = page.locator(".entity").filter(has_text="PUERTO VENTANA")
        town.locator("button:has-text('Change…')").click()
        town.locator("input[data-field$='-name']").fill("Puerto Ventana")
        town.locator("input[data-field$='-name']").press("Tab")
        assert (
            fact_card(page, "First Coastal Science Week", "located in", "Puerto Ventana").count()
            == 1
        )
        # Which entity is this? Chile is the graph's, with its score and reasons.
        chile = page.locator(".entity").filter(has_text="Chile")
        assert "in the graph: Chile" in chile.inner_text()
        chile.locator("button:has-text('Change…')").click()
        choice = chile.locator(".choice").filter(has_text="score")
        assert choice.locator("input").is_checked()
        assert "score 1.00" in choice.inner_text()
        chile.scroll_into_view_if_needed()
        shot(page, "review-en-entities-1366")

        # What the extractor missed: the aquarium lent the equipment.
        select_words(page, 3, "lent by the Oyster Bay Aquarium")
        page.locator("#float-add").wait_for(state="visible")
        shot(page, "review-en-selection-1366")
        page.click("#float-add")
        dialog = page.locator("#add-dialog[open]")
        assert "lent by the Oyster Bay Aquarium" in dialog.locator("#add-evidence").inner_text()
        dialog.locator("select[data-field='add-agent']").select_option("__new__")
        name = dialog.locator("input[data-field='add-agent-new-name']")
        assert name.input_value() == "Oyster Bay Aquarium"
        dialog.locator("select[data-field='add-agent-new-class']").select_option(
            EDGO + "Organization"
        )
        dialog.locator("select[data-field='add-role']").select_option("supporter")
        target = dialog.locator("select[data-field='add-target'] option:checked")
        assert target.inner_text().startswith("First Coastal Science Week")
        shot(page, "review-en-add-dialog-1366")
        dialog.locator("#add-confirm").click()
        aquarium = fact_card(
            page, "Oyster Bay Aquarium", "supporter of", "First Coastal Science Week"
        )
        assert aquarium.count() == 1 and "added by you" in aquarium.inner_text()
        assert "unsaved changes" in page.inner_text("#counts")

        page.click("#save")
        page.wait_for_selector(".outcome-box")
        assert "Saved" in page.inner_text("#status")
        shot(page, "review-en-saved-1366")
        written = (sources / f"{EN_SLUG}.ttl").read_text()
        assert "organization:oyster-bay-aquarium" in written
        assert "gull-coast-university" not in written and "salinas-rural-school" not in written
        assert '"Puerto Ventana"@en' in written

        # At once in the viewer: the entity page, the network, SPARQL.
        page.click(".outcome-box a:has-text('Oyster Bay Aquarium')")
        page.wait_for_url(f"{base}/page/org/oyster-bay-aquarium")
        assert page.inner_text("h1") == "Oyster Bay Aquarium"
        assert "First Coastal Science Week" in page.inner_text("main")
        assert "Albatross Foundation backs the first Coastal Science Week" in page.inner_text(
            "main"
        )
        shot(page, "entity-oyster-bay-aquarium-1366")
        week, oyster = ID + "event/first-coastal-science-week", ID + "org/oyster-bay-aquarium"
        source = ID + "source/" + EN_SLUG
        assert in_network(base, source, week, oyster, "supports")
        assert ask(base, f"ASK {{ <{week}> <{EDGO}supporter> <{oyster}> }}")
        assert ask(base, f"ASK {{ <{week}> <{EDGO}funder> <{ID}org/kelp-energy> }}")
        assert not ask(base, f"ASK {{ <{week}> <{EDGO}sponsor> <{ID}org/kelp-energy> }}")
        assert not ask(base, f"ASK {{ <{week}> <{EDGO}host> <{ID}org/salinas-rural-school> }}")
        assert ask(
            base,
            f"""ASK {{ ?e <{RDF}subject> <{week}> ; <{RDF}predicate> <{EDGO}supporter> ;
                   <{RDF}object> <{oyster}> ; <{EDGO}paragraph> 3 ;
                   <{EDGO}quote> "Much of the laboratory equipment was lent by the Oyster Bay Aquarium, whose staff ran the microscopes all week."@en }}""",
        )

        # Reopened, the page shows the decisions; saving again rewrites the same file.
        page.goto(f"{base}/curate/{EN_SLUG}")
        ready(page)
        assert fact_card(page, "Kelp Energy", "funder of").count() == 1
        assert (
            fact_card(page, "Salinas Rural School", "host of")
            .get_attribute("class")
            .count("rejected")
        )
        assert fact_card(page, "Oyster Bay Aquarium", "supporter of").count() == 1
        page.click("#save")
        page.wait_for_selector(".outcome-box")
        assert (sources / f"{EN_SLUG}.ttl").read_text() == written
        assert sorted(p.name for p in sources.iterdir()) == [f"{EN_SLUG}.ttl"]

        page.goto(base + "/curate")
        assert "saved" in page.inner_text(".sources-table")
        shot(page, "sources-saved-1366")
        watch.check()


def test_a_spanish_article_reviewed_on_a_phone(tmp_path: Path, page: Any) -> None:
    project = init(tmp_path)
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        watch = Watch(page, base)
        page.set_viewport_size(PHONE)
        page.goto(base + "/curate")
        shot(page, "sources-empty-390")
        page.set_input_files("#file", str(REVIEW / "es-semana-del-agua.txt"))
        page.click("button:has-text('Add and propose its facts')")
        page.wait_for_url(f"{base}/curate/{ES_SLUG}")
        ready(page)
        shot(page, "review-es-390")
        # The save bar stays at the bottom of the screen, the article in a band at the top.
        bar = page.locator("#savebar").bounding_box()
        assert bar["y"] + bar["height"] <= PHONE["height"] + 1 and bar["y"] > PHONE["height"] / 2
        assert page.locator("#save").is_visible()

        # The headline's event of a network misnamed "Agua de la Red Andina...": its target
        # is the Red Andina de Escuelas Rurales.
        event_of = fact_card(page, "Semana del Agua", "event of")
        event_of.locator("button.edit").click()
        target = event_of.locator("select[data-field$='-target']")
        pick(target, "Red Andina de Escuelas Rurales")
        assert (
            fact_card(page, "Semana del Agua", "event of", "Red Andina de Escuelas Rurales").count()
            == 1
        )
        shot(page, "review-es-editing-390")

        select_words(page, 3, "prestados por el Museo Hídrico de Cafayate")
        page.locator("#add-from-selection:not([disabled])").click()
        dialog = page.locator("#add-dialog[open]")
        agent = dialog.locator("select[data-field='add-agent'] option:checked")
        assert agent.inner_text().startswith("Museo Hídrico de Cafayate")  # named in the selection
        roles = dialog.locator("select[data-field='add-role']")
        assert "supporter of · colaborador" in roles.inner_text()
        roles.select_option("supporter")
        shot(page, "review-es-add-dialog-390")
        dialog.locator("#add-confirm").click()
        assert (
            fact_card(page, "Museo Hídrico de Cafayate", "supporter of", "Semana del Agua").count()
            == 1
        )

        page.click("#save")
        page.wait_for_selector(".outcome-box")
        shot(page, "review-es-saved-390")
        semana, red = ID + "event/semana-del-agua", ID + "network/red-andina-de-escuelas-rurales"
        museo = ID + "org/museo-hidrico-de-cafayate"
        assert ask(base, f"ASK {{ <{semana}> <{EDGO}eventOf> <{red}> }}")
        assert ask(base, f"ASK {{ <{semana}> <{EDGO}supporter> <{museo}> }}")
        assert not ask(
            base, f"ASK {{ ?s ?p <{ID}network/agua-de-la-red-andina-de-escuelas-rurales> }}"
        )
        assert in_network(base, ID + "source/" + ES_SLUG, semana, museo, "supports")
        page.click(".outcome-box a:has-text('Museo Hídrico de Cafayate')")
        page.wait_for_url(f"{base}/page/org/museo-hidrico-de-cafayate")
        assert "Semana del Agua" in page.inner_text("main")
        shot(page, "entity-museo-hidrico-390")
        page.goto(base + "/curate")
        assert "saved" in page.inner_text(".sources-table")
        shot(page, "sources-saved-390")
        page.goto(f"{base}/curate/{ES_SLUG}")
        ready(page)
        salta = page.locator(".entity").filter(
            has=page.locator(".entity-name", has_text=re.compile("^Salta$"))
        )
        salta.locator("button:has-text('Change…')").click()
        salta.scroll_into_view_if_needed()
        shot(page, "review-es-entities-390")
        watch.check()


def test_a_violation_is_shown_on_its_fact_and_graph_is_unchanged(tmp_path: Path, page: Any) -> None:
    project = init(tmp_path)
    slug = added(project, tmp_path, REVIEW / "en-coastal-science-week.txt")
    sources = project / "graph" / "sources"
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        watch = Watch(page, base)
        page.set_viewport_size(LAPTOP)
        page.goto(f"{base}/curate/{slug}")
        ready(page)
        funder = fact_card(page, "Albatross Foundation", "funder of")
        funder.locator("button.edit").click()
        pick(funder.locator("select[data-field$='-agent']"), "PUERTO VENTANA")
        wrong = fact_card(page, "PUERTO VENTANA", "funder of")
        page.click("#save")
        page.wait_for_selector(".fact.invalid")
        assert "Nothing was written: 1 problem" in page.inner_text("#status")
        assert "invalid" in wrong.get_attribute("class")
        assert (
            "must point at an organization or a person"
            in wrong.locator(".problem-list").inner_text()
        )
        assert page.locator(".fact.invalid").count() == 1
        shot(page, "review-violation-1366")
        assert list(sources.iterdir()) == []
        assert not ask(base, f"ASK {{ ?e <{EDGO}funder> ?who }}")

        # Put right, it saves.
        pick(wrong.locator("select[data-field$='-agent']"), "Albatross Foundation")
        assert page.locator(".fact.invalid").count() == 0  # the edit clears its problem
        page.click("#save")
        page.wait_for_selector(".outcome-box")
        assert [p.name for p in sources.iterdir()] == [f"{slug}.ttl"]
        watch.check(422)


def test_two_tabs_saving_the_same_source(tmp_path: Path, page: Any) -> None:
    project = init(tmp_path)
    slug = added(project, tmp_path, REVIEW / "en-coastal-science-week.txt")
    written = project / "graph" / "sources" / f"{slug}.ttl"
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        first, second = page, page.context.new_page()
        watches = [Watch(first, base), Watch(second, base)]
        for tab in (first, second):
            tab.set_viewport_size(LAPTOP)
            tab.goto(f"{base}/curate/{slug}")
            ready(tab)
        fact_card(first, "Salinas Rural School", "host of").locator("button.reject").click()
        first.click("#save")
        first.wait_for_selector(".outcome-box")
        by_first = written.read_text()
        assert "salinas-rural-school" not in by_first

        fact_card(second, "Gull Coast University", "organizer of").locator("button.reject").click()
        second.click("#save")
        second.wait_for_selector("#banner:not([hidden])")
        assert "Another page saved this source" in second.inner_text("#banner")
        shot(second, "review-conflict-1366")
        assert written.read_text() == by_first  # nothing written from the second tab
        # nothing lost: the second tab keeps its edit, and the workspace a copy of what it sent
        assert "rejected" in fact_card(
            second, "Gull Coast University", "organizer of"
        ).get_attribute("class")
        refused = list((project / ".edgraph" / "curation" / slug).glob("refused-*.json"))
        assert len(refused) == 1
        # The second tab saves its version on top, knowingly.
        second.click("button:has-text('Save this page')")
        second.wait_for_selector(".outcome-box")
        assert "gull-coast-university" not in written.read_text()
        assert "salinas-rural-school" in written.read_text()  # its version accepted it

        # The first tab is now the stale one; it reloads the saved version instead.
        fact_card(first, "Kelp Energy", "sponsor of").locator("button.reject").click()
        first.click("#save")
        first.wait_for_selector("#banner:not([hidden])")
        first.click("button:has-text('Reload the saved version')")
        ready(first)
        assert "rejected" in fact_card(
            first, "Gull Coast University", "organizer of"
        ).get_attribute("class")
        assert "rejected" not in fact_card(first, "Kelp Energy", "sponsor of").get_attribute(
            "class"
        )
        for watch in watches:
            watch.check(409)


NO_MARKUP = """() => ({
  elements: document.querySelectorAll(
    '#review img, #review svg, #review script, #review iframe, #review [onerror], #review [onload]').length,
  scripts: [...document.scripts].map(s => s.getAttribute('src')),
  javascript: [...document.querySelectorAll('a[href]')].filter(a => a.href.startsWith('javascript')).length,
  pwned: window.__pwned === undefined ? null : window.__pwned,
})"""
CLEAN = {"elements": 0, "scripts": ["/static/viewer.js", "/static/curate.js"], "javascript": 0,
         "pwned": None}  # fmt: skip


def test_hostile_names_are_inert_on_the_review_page(tmp_path: Path, page: Any) -> None:
    project = init(tmp_path)
    slug = added(project, tmp_path, REVIEW / "en-hostile.txt")
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        watch = Watch(page, base)
        page.set_viewport_size(LAPTOP)
        page.goto(f"{base}/curate/{slug}")
        ready(page)
        assert page.evaluate(NO_MARKUP) == CLEAN
        assert page.inner_text(".para.headline .ptext").startswith(
            "The <img src=x onerror=alert(1)> Prize"
        )
        assert "</script><script>alert(2)</script>" in page.inner_text(".para[data-paragraph='2']")

        # The curator gives markup as names: a renamed entity, a new one from a selection.
        labs = page.locator(".entity").filter(has_text="Harbour Labs")
        labs.locator("button:has-text('Change…')").click()
        labs.locator("input[data-field$='-name']").fill(HOSTILE)
        labs.locator("input[data-field$='-name']").press("Tab")
        select_words(page, 2, "</script><script>alert(2)</script>")
        page.click("#add-from-selection")
        dialog = page.locator("#add-dialog[open]")
        dialog.locator("select[data-field='add-agent']").select_option("__new__")
        dialog.locator("input[data-field='add-agent-new-name']").fill(
            "</script><script>alert(2)</script>"
        )
        dialog.locator("select[data-field='add-agent-new-class']").select_option(
            EDGO + "Organization"
        )
        dialog.locator("select[data-field='add-role']").select_option("supporter")
        dialog.locator("#add-confirm").click()
        page.click("#save")
        page.wait_for_selector(".outcome-box")
        shot(page, "review-hostile-1366")
        page.reload()
        ready(page)
        assert page.evaluate(NO_MARKUP) == CLEAN
        assert fact_card(page, HOSTILE, "sponsor of").count() == 1
        assert fact_card(page, "</script><script>alert(2)</script>", "supporter of").count() == 1
        assert page.locator(".outcome-box").count() == 0
        for link in page.locator("#review a[href]").all():
            assert link.get_attribute("href").startswith(("/", "#", "http://", "https://"))
        # and on the viewer's page of the renamed entity
        page.goto(f"{base}/id/org/harbour-labs")
        assert page.inner_text("h1") == HOSTILE
        watch.check()


def test_an_html_page_with_scripts_is_shown_as_its_text(tmp_path: Path, page: Any) -> None:
    project = init(tmp_path)
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        watch = Watch(page, base)
        page.goto(base + "/curate")
        page.set_input_files("#file", str(REVIEW / "en-scripted.html"))
        page.click("button:has-text('Add and propose its facts')")
        page.wait_for_url(f"{base}/curate/the-harbour-fund-backs-the-caleta-sur-science-2025")
        ready(page)
        assert page.evaluate(NO_MARKUP) == CLEAN
        text = page.inner_text("#text")
        assert "The fair was funded by the Harbour Fund and sponsored by Tide Labs." in text
        for script in ("alert", "Injected by a script", "Home", "All rights reserved"):
            assert script not in text
        assert page.locator(".para").count() == 4  # the headline and three paragraphs
        watch.check()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_add_form_says_what_is_wrong_in_the_form(tmp_path: Path, page: Any, width: int) -> None:
    project = init(tmp_path)
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        watch = Watch(page, base)
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.goto(base + "/curate")
        page.set_input_files("#file", str(bad))
        page.click("summary")
        page.fill("#url", "https://news.example/a")
        page.click("button:has-text('Add and propose its facts')")
        page.wait_for_selector("#add-error")
        assert "this is a PNG image, not an article" in page.inner_text("#add-error")
        assert page.input_value("#url") == "https://news.example/a"  # what was typed stays
        shot(page, f"sources-error-{width}")
        watch.check(400)


def test_a_page_of_another_site_cannot_change_anything(tmp_path: Path, page: Any) -> None:
    """A page served from another origin (another port of 127.0.0.1) posts the add form and
    the decisions as a browser sends them: both are refused, and nothing changes."""
    import http.server
    import threading

    project = init(tmp_path)
    slug = added(project, tmp_path, REVIEW / "en-coastal-science-week.txt")
    decisions = project / ".edgraph" / "curation" / slug / "decisions.json"
    before = decisions.read_text()
    with edgraph_curate(project, str(tmp_path / "store"), tmp_path) as base:
        hostile = f"""<!doctype html><html><body>
          <form id="f" method="post" enctype="multipart/form-data" action="{base}/curate/add">
            <input name="token" value="guessed"><input type="file" name="file"></form>
          <script>
            fetch("{base}/curate/{slug}/decisions.json", {{method: "POST", body: "{{}}",
              headers: {{"Content-Type": "application/json", "X-Edgraph-Token": "guessed"}}}})
              .then(r => {{ document.title = "answered " + r.status; }},
                    () => {{ document.title = "blocked"; }});
          </script></body></html>""".encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(hostile)

            def log_message(self, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.wait_for_function("document.title !== ''")
            assert page.title() == "blocked"  # the browser's CORS check: no answer to read
            with page.expect_response(f"{base}/curate/add") as answer:
                page.evaluate("document.getElementById('f').submit()")
            assert answer.value.status == 403
            assert "from another site (same-site)" in page.inner_text("main")
        finally:
            server.shutdown()
        assert decisions.read_text() == before
        assert session_slugs(project) == [slug]
        assert list((project / "graph" / "sources").iterdir()) == []


def session_slugs(project: Path) -> list[str]:
    return sorted(p.name for p in (project / ".edgraph" / "curation").iterdir() if p.is_dir())
