"""The advisers' page in a real browser (Chromium via Playwright) against a real `boussole serve`
on the ingested seed corpus: search, facets, entity page, SPARQL console, chat, phone layout,
keyboard use, and untrusted text rendered as text.

Screenshots of every step go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright import sync_api

CHROMIUM = Path("/usr/bin/chromium")
expect = sync_api.expect

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERY = "excellence boarding schools"


@pytest.fixture(scope="session")
def browser():
    # The page is a deliverable: no browser is a failure, not a skip. scripts/test.sh installs it.
    if not CHROMIUM.exists():
        pytest.fail(f"the page tests need Chromium at {CHROMIUM}: run ./scripts/test.sh, or apt-get install chromium")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


class Problems(list):
    """Console errors and uncaught exceptions of a page: a working page has none (a CSP
    violation or a script error would show here). HTTP errors the test provokes on purpose
    (a malformed SPARQL query) are logged by Chromium as "Failed to load resource": the page
    shows those itself, and the tests check that it does."""

    def console(self, msg):
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            self.append(f"console.error: {msg.text}")


def _open(browser, base, width=1280, height=900):
    ctx = browser.new_context(viewport={"width": width, "height": height}, base_url=base, accept_downloads=True,
                              locale="fr-FR")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    problems = Problems()
    page.on("console", problems.console)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return ctx, page, problems


@pytest.fixture
def desktop(browser, live_server):
    ctx, page, problems = _open(browser, live_server)
    yield page
    ctx.close()
    assert not problems, problems


@pytest.fixture
def phone(browser, live_server):
    ctx, page, problems = _open(browser, live_server, 390, 844)
    yield page
    ctx.close()
    assert not problems, problems


def shot(page, name, full_page=False):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


# -- helpers ------------------------------------------------------------------------------------
def wait_search(page):
    """Until the search in flight has been rendered."""
    page.wait_for_function("() => document.querySelector('#results').getAttribute('aria-busy') === 'false'"
                           " && !document.querySelector('#search-status').textContent.startsWith('Recherche en cours')"
                           " && document.querySelector('#search-status').textContent.trim() !== ''")


def cards(page):
    return page.locator("#results > li.card")


def card_types(page):
    return [c.get_attribute("data-type") for c in cards(page).all()]


def status_total(page) -> int:
    text = page.locator("#search-status").inner_text()
    m = re.match(r"([\d\s\u202f\u00a0]+) résultats?", text)
    assert m, text
    return int(re.sub(r"\D", "", m.group(1)))


def facet(page, kind, value=None):
    sel = f"#facet-groups button.facet-btn[data-kind='{kind}']"
    if value is not None:
        sel += f"[data-value='{value}']"
    return page.locator(sel)


def no_horizontal_scroll(page) -> int:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page scrolls sideways: {width}px"
    return width


# -- the adviser's journey --------------------------------------------------------------------------
def test_adviser_journey(desktop, live_server):
    page = desktop
    page.goto("/")
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.locator("#corpus-stats")).to_contain_text("documents indexés")
    shot(page, "01-home")

    # 1. search in English, results come back from French plans
    page.get_by_label("Recherche (français ou anglais)").fill(QUERY)
    page.get_by_label("Recherche (français ou anglais)").press("Enter")
    wait_search(page)
    expect(cards(page).first).to_be_visible()
    first = cards(page).first
    assert "internat" in first.inner_text().lower()
    n_cards = cards(page).count()
    total = status_total(page)
    assert 0 < n_cards <= 10 and n_cards <= total
    assert "q=excellence+boarding+schools" in page.url
    # the card carries its place in the plan and its source lines
    expect(first.locator(".card-title a")).to_have_attribute("href", re.compile(r"^#/entity/https%3A%2F%2F"))
    expect(first.locator("ol.breadcrumb li").first).to_be_visible()
    expect(first.locator(".source")).to_contain_text(re.compile(r"\.(txt|pdf|md), lignes? \d+"))
    assert first.locator("a.chip").count() >= 1  # devices and themes as chips
    shot(page, "02-results")

    # 2. facets: pick a type, then an académie; every result obeys both filters
    type_btn = facet(page, "type", "Indicator")
    if type_btn.count() == 0:  # corpus without indicators in the top results: take the rarest type
        type_btn = facet(page, "type").last
    chosen = type_btn.get_attribute("data-value")
    facet_count = int(type_btn.get_attribute("data-count"))
    assert facet_count >= 1
    unfiltered_of_type = [c.get_attribute("data-id") for c in cards(page).all() if c.get_attribute("data-type") == chosen]
    type_btn.click()
    expect(page.locator("#active-filter-list .filter-chip")).to_have_count(1)
    wait_search(page)
    assert f"type={chosen}" in page.url
    types = card_types(page)
    assert types and set(types) == {chosen}
    # the filtered search keeps what the facet counted, and its own facet shows only that type
    filtered_ids = [c.get_attribute("data-id") for c in cards(page).all()]
    assert set(unfiltered_of_type[:1]) <= set(filtered_ids)
    only = facet(page, "type")
    expect(only).to_have_count(1)
    expect(only).to_have_attribute("aria-pressed", "true")
    filtered_total = status_total(page)
    assert cards(page).count() <= int(only.get_attribute("data-count")) <= filtered_total
    assert cards(page).count() >= min(facet_count, 10)

    academy_btn = facet(page, "academy").filter(has_text="Clermont-Ferrand")
    if academy_btn.count() == 0:
        academy_btn = facet(page, "academy").first
    academy = academy_btn.locator(".facet-label").inner_text()
    academy_count = int(academy_btn.get_attribute("data-count"))
    academy_btn.click()
    expect(page.locator("#active-filter-list .filter-chip")).to_have_count(2)
    wait_search(page)
    assert 0 < cards(page).count() <= academy_count
    for c in cards(page).all():
        assert c.get_attribute("data-type") == chosen
        expect(c.locator(".academy")).to_have_text(f"Académie de {academy}")
    expect(page.locator("#active-filter-list")).to_contain_text(academy)
    shot(page, "03-filtered")

    # removing the type filter keeps the académie one
    page.locator("#active-filter-list .filter-chip", has_text="Type").click()
    expect(page.locator("#active-filter-list .filter-chip")).to_have_count(1)
    wait_search(page)
    assert "type=" not in page.url
    for c in cards(page).all():
        expect(c.locator(".academy")).to_have_text(f"Académie de {academy}")
    page.locator("#active-filter-list .filter-chip").click()
    expect(page.locator("#active-filters")).to_be_hidden()
    wait_search(page)
    assert status_total(page) == total

    # 3. entity page: label, breadcrumb, provenance with line numbers, neighbours
    title = cards(page).first.locator(".card-title a")
    label = title.inner_text()
    card_source = cards(page).first.locator(".source .lines").inner_text()
    title.click()
    expect(page.locator("#view-entity")).to_be_visible()
    expect(page.locator("#entity-title")).to_have_text(label)
    assert "#/entity/" in page.url
    prov = page.locator("#entity-provenance li.provenance").first
    expect(prov.locator(".lines")).to_have_text(card_source)  # same lines as on the card
    expect(prov.locator("blockquote")).not_to_be_empty()
    expect(page.locator("#entity-breadcrumb a").first).to_be_visible()
    assert page.locator(".neighbour-group").count() >= 1
    neighbour = page.locator(".neighbour-list a").first
    expect(neighbour).to_have_attribute("href", re.compile(r"^#/entity/"))
    shot(page, "04-entity", full_page=True)

    # following a neighbour opens its page; "Retour aux résultats" restores the search
    page.locator("#entity-breadcrumb a").first.click()
    expect(page.locator("#entity-title")).not_to_have_text(label)
    expect(page.locator("#entity-type")).to_have_text("Plan")
    shot(page, "05-entity-plan")
    page.locator("#entity-back-results").click()
    expect(page.locator("#view-search")).to_be_visible()
    expect(cards(page).first.locator(".card-title a")).to_have_text(label)

    # 4. SPARQL console: every ready example runs and returns rows
    page.get_by_role("link", name="SPARQL").first.click()
    expect(page.locator("#view-sparql")).to_be_visible()
    examples = page.locator("#sparql-examples button")
    assert examples.count() >= 4
    for i in range(examples.count()):
        name = examples.nth(i).inner_text()
        examples.nth(i).click()
        page.get_by_role("button", name="Exécuter").click()
        expect(page.locator("#sparql-status")).to_contain_text(re.compile(r"lignes? — "))
        rows = page.locator("table.sparql-table tbody tr").count()
        assert rows > 0, f"example {name!r} returned no rows"
    page.get_by_role("button", name="Indicateurs de Clermont-Ferrand").click()
    assert "bsl:Indicator" in page.get_by_label("Requête SPARQL").input_value()
    page.get_by_label("Requête SPARQL").press("Control+Enter")
    expect(page.locator("#sparql-status")).to_contain_text(re.compile(r"\d+ lignes — "))
    rows = page.locator("table.sparql-table tbody tr").count()
    assert rows > 0
    assert int(re.sub(r"\D", "", page.locator("#sparql-status").inner_text().split("lignes")[0])) == rows
    expect(page.locator("table.sparql-table thead")).to_contain_text("?indicateur")
    shot(page, "06-sparql")

    with page.expect_download() as dl:
        page.get_by_role("button", name="Télécharger CSV").click()
    assert dl.value.suggested_filename.endswith(".csv")
    table = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert table[0][:2] == ["indicateur", "objectif"] and len(table) - 1 == rows
    with page.expect_download() as dl:
        page.get_by_role("button", name="Télécharger JSON").click()
    data = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert "indicateur" in data["head"]["vars"] and len(data["results"]["bindings"]) == rows

    # a query error is shown, not swallowed
    page.get_by_label("Requête SPARQL").fill("SELEC nothing")
    page.get_by_role("button", name="Exécuter").click()
    expect(page.locator("#sparql-status")).to_have_class(re.compile("error"))
    expect(page.locator("#sparql-status")).to_contain_text("400")

    # 5. chat: an answer with numbered citations linking to entity pages, conversation kept
    page.get_by_role("link", name="Assistant").click()
    expect(page.locator("#view-chat")).to_be_visible()
    page.get_by_label("Votre question").fill("Combien d'internats d'excellence ?")
    page.get_by_label("Votre question").press("Enter")
    answer = page.locator("#chat-log .msg-bot").first
    expect(answer).to_be_visible()
    expect(answer.locator(".msg-text")).not_to_be_empty()
    cites = answer.locator(".msg-text a.cite")
    assert cites.count() >= 1
    expect(cites.first).to_have_attribute("href", re.compile(r"^#/entity/"))
    assert re.fullmatch(r"\[\d+\]", cites.first.inner_text())
    expect(answer.locator(".citations li").first.locator(".source")).to_contain_text(re.compile(r"lignes? \d+"))
    conversation = page.evaluate("() => JSON.parse(sessionStorage.getItem('boussole.chat.v1')).conversation_id")
    assert conversation
    shot(page, "07-chat", full_page=True)

    cited_label = answer.locator(".citations a.citation-link").first.inner_text()
    cites.first.click()
    expect(page.locator("#view-entity")).to_be_visible()
    expect(page.locator("#entity-title")).to_have_text(cited_label)
    page.locator("#entity-back").click()
    expect(page.locator("#view-chat")).to_be_visible()
    expect(page.locator("#chat-log .msg-bot")).to_have_count(1)

    page.get_by_label("Votre question").fill("et à Clermont-Ferrand ?")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#chat-log .msg-bot")).to_have_count(2)
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('boussole.chat.v1')).conversation_id") == conversation
    shot(page, "08-chat-follow-up", full_page=True)


def test_phone_layout_has_no_horizontal_scroll(phone):
    page = phone
    page.goto("/#/search?q=" + quote(QUERY))
    wait_search(page)
    expect(cards(page).first).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, "09-phone-results")
    # facets fold behind a button on a phone
    expect(page.locator("#facets")).to_be_hidden()
    page.get_by_role("button", name="Affiner les résultats").click()
    expect(page.locator("#facets")).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, "10-phone-facets")

    page.locator("#results .card-title a").first.click()
    expect(page.locator("#entity-provenance li.provenance").first).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, "11-phone-entity", full_page=True)

    page.goto("/#/sparql")
    page.get_by_role("button", name="Données chiffrées avec année").click()
    page.get_by_role("button", name="Exécuter").click()
    expect(page.locator("table.sparql-table tbody tr").first).to_be_visible()
    no_horizontal_scroll(page)  # the wide table scrolls inside its own box
    shot(page, "12-phone-sparql")


def test_keyboard_only(desktop):
    page = desktop
    page.goto("/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "search-input":
            break
    else:
        pytest.fail("Tab never reached the search box")
    # the focus is visible
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.type("internats d'excellence")
    page.keyboard.press("Enter")
    wait_search(page)
    expect(cards(page).first).to_be_visible()

    # facets are buttons: reachable with Tab and pressed with Enter
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('facet-btn')"):
            break
    else:
        pytest.fail("Tab never reached a facet")
    kind = page.evaluate("() => document.activeElement.dataset.kind")
    value = page.evaluate("() => document.activeElement.dataset.value")
    shot(page, "13-keyboard-facet-focus")
    page.keyboard.press("Enter")
    expect(page.locator("#active-filter-list .filter-chip")).to_have_count(1)
    wait_search(page)
    hash_query = parse_qs(urlsplit(page.url).fragment.partition("?")[2])
    assert hash_query[kind] == [value]
    # and a result title opens with Enter
    page.locator("#results .card-title a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#view-entity")).to_be_visible()
    expect(page.locator("#entity-title")).to_be_focused()
    shot(page, "14-keyboard-entity")


HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def test_untrusted_text_is_rendered_as_text(desktop):
    """Plan text is untrusted: markup in labels, quotes, facet labels and answers shows as
    characters and never runs."""
    page = desktop
    iri = "https://w3id.org/boussole/id/plan/evil/objective/1"
    result = {
        "id": iri, "type": "Objective", "label": "Objectif " + HOSTILE, "text": "Citation " + HOSTILE, "score": 1.0,
        "source": {"document": "corpus/<b>evil</b>.txt", "lines": [3, 4]},
        "context": {"plan": "Plan " + HOSTILE, "plan_id": "javascript:alert(1)", "academy": HOSTILE,
                    "axis": HOSTILE, "objective": None},
        "devices": [{"id": "javascript:window.__pwned=3", "label": HOSTILE}],
        "themes": [{"id": "https://w3id.org/boussole/theme/x", "label": HOSTILE}],
        "places": [], "status": None, "ranks": {}, "duplicates": [],
    }
    search = {"query": HOSTILE, "total": 1, "results": [result],
              "facets": {"type": [{"value": "Objective", "label": "Objective", "count": 1}],
                         "academy": [{"value": HOSTILE, "label": HOSTILE, "count": 1}], "theme": [], "device": []},
              "understood": {"devices": [], "themes": [{"id": "x", "label": HOSTILE, "score": 1}]}}
    entity = {"id": iri, "label": HOSTILE, "type": "Objective", "types": [],
              "literals": [{"predicate": "http://example.org/" + HOSTILE, "value": HOSTILE, "lang": None, "datatype": None}],
              "neighbours": [{"predicate": "https://w3id.org/boussole/ns#inPlan", "direction": "out",
                              "id": "javascript:window.__pwned=4", "label": HOSTILE, "type": "Plan"}],
              "neighbours_total": 1, "provenance": [{"document": HOSTILE, "lines": [3, 4], "quote": HOSTILE}],
              "themes": [{"id": "https://w3id.org/boussole/theme/x", "label": HOSTILE, "score": 0.5}],
              "breadcrumb": [{"id": "https://w3id.org/boussole/id/plan/evil", "label": HOSTILE, "type": "Plan"}]}
    chat = {"answer": "Réponse " + HOSTILE + " [1]", "language": "fr", "conversation_id": "c1", "understood": {},
            "results": [], "citations": [{"n": 1, "id": iri, "label": HOSTILE, "source": {"document": HOSTILE, "lines": [3, 4]}}]}

    def fulfil(body):
        return lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route(re.compile(r".*/search\?.*"), fulfil(search))
    page.route(re.compile(r".*/entities/.*"), fulfil(entity))
    page.route(re.compile(r".*/chat$"), fulfil(chat))

    page.goto("/#/search?q=evil")
    wait_search(page)
    card = cards(page).first
    expect(card.locator(".card-title")).to_have_text("Objectif " + HOSTILE)
    expect(card.locator("blockquote")).to_have_text("Citation " + HOSTILE)
    expect(page.locator("#facet-groups")).to_contain_text(HOSTILE)
    shot(page, "15-untrusted-search")
    card.locator(".card-title a").click()
    expect(page.locator("#entity-title")).to_have_text(HOSTILE)
    expect(page.locator("#entity-provenance blockquote")).to_have_text(HOSTILE)
    page.goto("/#/chat")
    page.get_by_label("Votre question").fill("evil ?")
    page.get_by_label("Votre question").press("Enter")
    expect(page.locator("#chat-log .msg-bot .msg-text")).to_contain_text(HOSTILE)
    shot(page, "16-untrusted-chat")

    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("main img, main script, main b").count() == 0
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript:")], hrefs


def test_api_docs_render_offline(browser, live_server):
    """/docs renders its operations with every request outside this server blocked."""
    ctx, page, problems = _open(browser, live_server)
    outside: list[str] = []

    def block(route):
        outside.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!" + re.escape(live_server) + ")https?://"), block)
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path", has_text="/search").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/sparql").first).to_be_visible()
    shot(page, "17-api-docs")
    ctx.close()
    assert not outside, outside
    assert not problems, problems
