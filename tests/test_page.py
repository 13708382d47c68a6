"""The advisers' page in a real browser (Chromium via Playwright) against a real `boussole serve`
on the ingested seed corpus: search, facets, entity page, SPARQL console, chat, phone layout,
keyboard use, untrusted text rendered as text; and the pictures: the theme × plan heat map and
the comparison it opens, an entity's neighbourhood graph, a plan as a tree.

Screenshots of every step go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
import urllib.request
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from playwright import sync_api

pytestmark = pytest.mark.slow  # drives Chromium

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
    ctx = browser.new_context(
        viewport={"width": width, "height": height}, base_url=base, accept_downloads=True, locale="fr-FR"
    )
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
    page.wait_for_function(
        "() => document.querySelector('#results').getAttribute('aria-busy') === 'false'"
        " && !document.querySelector('#search-status').textContent.startsWith('Recherche en cours')"
        " && document.querySelector('#search-status').textContent.trim() !== ''"
    )


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
    unfiltered_of_type = [
        c.get_attribute("data-id") for c in cards(page).all() if c.get_attribute("data-type") == chosen
    ]
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
        "id": iri,
        "type": "Objective",
        "label": "Objectif " + HOSTILE,
        "text": "Citation " + HOSTILE,
        "score": 1.0,
        "source": {"document": "corpus/<b>evil</b>.txt", "lines": [3, 4]},
        "context": {
            "plan": "Plan " + HOSTILE,
            "plan_id": "javascript:alert(1)",
            "academy": HOSTILE,
            "axis": HOSTILE,
            "objective": None,
        },
        "devices": [{"id": "javascript:window.__pwned=3", "label": HOSTILE}],
        "themes": [{"id": "https://w3id.org/boussole/theme/x", "label": HOSTILE}],
        "places": [],
        "status": None,
        "ranks": {},
        "duplicates": [],
    }
    search = {
        "query": HOSTILE,
        "total": 1,
        "results": [result],
        "facets": {
            "type": [{"value": "Objective", "label": "Objective", "count": 1}],
            "academy": [{"value": HOSTILE, "label": HOSTILE, "count": 1}],
            "theme": [],
            "device": [],
        },
        "understood": {"devices": [], "themes": [{"id": "x", "label": HOSTILE, "score": 1}]},
    }
    entity = {
        "id": iri,
        "label": HOSTILE,
        "type": "Objective",
        "types": [],
        "literals": [{"predicate": "http://example.org/" + HOSTILE, "value": HOSTILE, "lang": None, "datatype": None}],
        "neighbours": [
            {
                "predicate": "https://w3id.org/boussole/ns#inPlan",
                "direction": "out",
                "id": "javascript:window.__pwned=4",
                "label": HOSTILE,
                "type": "Plan",
            }
        ],
        "neighbours_total": 1,
        "provenance": [{"document": HOSTILE, "lines": [3, 4], "quote": HOSTILE}],
        "themes": [{"id": "https://w3id.org/boussole/theme/x", "label": HOSTILE, "score": 0.5}],
        "breadcrumb": [{"id": "https://w3id.org/boussole/id/plan/evil", "label": HOSTILE, "type": "Plan"}],
    }
    chat = {
        "answer": "Réponse " + HOSTILE + " [1]",
        "language": "fr",
        "conversation_id": "c1",
        "understood": {},
        "results": [],
        "citations": [{"n": 1, "id": iri, "label": HOSTILE, "source": {"document": HOSTILE, "lines": [3, 4]}}],
    }

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


# -- the pictures: heat map and comparison, neighbourhood graph, plan tree -------------------------
# Every request that would leave the server fails these tests: the page must work offline.
AMIENS_TEXT = ROOT / "corpus" / "amiens_ambitions-2025_bilan-etape.txt"
AMIENS = "https://w3id.org/boussole/id/plan/amiens-2021-2025-progress-report"


def api(base: str, path: str, **params) -> dict:
    url = base + path + ("?" + urlencode(params, doseq=True) if params else "")
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def folded(text: str) -> str:
    """Lower case, one space between words, no markdown stars: to find a label in the source."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().casefold()


def offline(pg, base: str) -> list[str]:
    """Abort and record every request of the page that is not for the server under test."""
    outside: list[str] = []

    def block(route):
        outside.append(route.request.url)
        route.abort()

    pg.route(re.compile(r"^(?!" + re.escape(base) + r"/)[a-z]+://"), block)
    return outside


@pytest.fixture
def guarded(browser, live_server):
    """A desktop page whose requests may only go to the server under test; console errors
    (a CSP violation shows as one) and requests elsewhere fail the test."""
    ctx, pg, problems = _open(browser, live_server)
    outside = offline(pg, live_server)
    yield pg
    ctx.close()
    assert not outside, f"requests left the server: {outside}"
    assert not problems, problems


def shot_of(locator, name: str) -> None:
    """A screenshot of one picture rather than the whole page, so that it stays readable."""
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(SHOTS / f"{name}.png"))


def cells(pg) -> list[dict]:
    return pg.evaluate("""() => [...document.querySelectorAll('#heatmap .heat-cell')].map(a => (
        {theme: a.dataset.theme, plan: a.dataset.plan, count: a.dataset.count, text: a.textContent.trim()}))""")


def test_heat_map_and_comparison(guarded, live_server):
    page = guarded
    cov = api(live_server, "/coverage")
    page.goto("/#/coverage")
    expect(page.locator("#heatmap tbody tr").first).to_be_visible()

    # one row per theme, one column per plan, in the API's plan order
    expect(page.locator("#heatmap tbody tr")).to_have_count(len(cov["themes"]))
    heads = page.locator("#heatmap thead th.heat-plan")
    assert [heads.nth(i).get_attribute("data-plan") for i in range(heads.count())] == [p["id"] for p in cov["plans"]]
    for i, p in enumerate(cov["plans"]):
        expect(heads.nth(i)).to_contain_text(p["academy"])
    # every cell shows exactly the API's count
    shown = {(c["theme"], c["plan"]): c for c in cells(page)}
    assert len(shown) == len(cov["themes"]) * len(cov["plans"])
    for i, t in enumerate(cov["themes"]):
        for j, p in enumerate(cov["plans"]):
            c = shown[(t["id"], p["id"])]
            assert int(c["text"]) == int(c["count"]) == cov["counts"][i][j], (t["id"], p["academy"], c)
    # darker means more: the fullest cell is darker than an empty one (luminance of the background)
    lum = page.evaluate("""() => [...document.querySelectorAll('#heatmap .heat-cell')].map(a => {
        const [r, g, b] = getComputedStyle(a).backgroundColor.match(/\\d+/g).map(Number);
        return [Number(a.dataset.count), 0.2126 * r + 0.7152 * g + 0.0722 * b]; })""")
    lum.sort()
    assert lum[-1][1] < lum[0][1], lum
    shot(page, "18-coverage-heatmap", full_page=True)

    # the "inclusion" cell of the first plan opens the side-by-side comparison of that theme
    ti = next(i for i, t in enumerate(cov["themes"]) if t["id"] == "inclusion")
    cell = page.locator(f"#heatmap .heat-cell[data-theme='inclusion'][data-plan='{cov['plans'][0]['id']}']")
    cell.click()
    expect(page.locator("#view-compare")).to_be_visible()
    assert "theme=inclusion" in page.url
    cmp = api(live_server, "/compare", theme="inclusion")
    expect(page.locator("#compare-title")).to_contain_text(cmp["theme"]["label_fr"])
    cols = page.locator("#compare .compare-col")
    expect(cols).to_have_count(len(cov["plans"]))
    for j, col_api in enumerate(cmp["plans"]):
        col = cols.nth(j)
        plan = col_api["plan"]
        assert col.get_attribute("data-plan") == plan["id"]
        # the column lists as many elements as the heat map counted for that plan
        expect(col.locator(".hint").first).to_contain_text(f"{cov['counts'][ti][j]} élément")
        for kind in ("objectives", "engagements", "indicators", "actions", "projects", "figures"):
            ids = [it["id"] for it in col_api[kind]]
            got = col.locator(f".compare-group[data-kind='{kind}'] li").evaluate_all(
                "els => els.map(e => e.dataset.id)"
            )
            assert got == ids, (plan["academy"], kind)
    # Amiens' inclusion objective is the one its text names, at the lines it was read from
    amiens = page.locator(f"#compare .compare-col[data-plan='{AMIENS}']")
    objectives = amiens.locator(".compare-group[data-kind='objectives'] li")
    assert objectives.count() >= 1
    lines = AMIENS_TEXT.read_text(encoding="utf-8").splitlines()
    for it in next(c for c in cmp["plans"] if c["plan"]["id"] == AMIENS)["objectives"]:
        first, last = it["lines"]
        assert folded(it["label"]) in folded(" ".join(lines[first - 1 : last])), it
        li = objectives.filter(has=page.locator(f"a[href='#/entity/{quote(it['id'], safe='')}']"))
        expect(li.locator(".notation")).to_have_text(it["notation"])
        expect(li.locator(".item-meta")).to_contain_text(f"lignes {first}–{last}")
    shot(page, "19-compare-inclusion", full_page=True)

    # each element links to its entity view
    link = objectives.first.locator("a")
    label = link.inner_text()
    link.click()
    expect(page.locator("#entity-title")).to_have_text(label)


def _objective(live_server, notation: str) -> dict:
    tree = api(live_server, "/plans/tree", plan=AMIENS)
    return next(o for a in tree["children"] for o in a["children"] if o.get("notation") == notation)


def _node_xy(page, iri: str) -> tuple[float, float]:
    return tuple(
        page.evaluate(
            """(id) => { const box = document.querySelector('#entity-graph');
        const p = box.cy.getElementById(id).renderedPosition(); const r = box.getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""",
            iri,
        )
    )


def test_neighbourhood_graph(guarded, live_server):
    page = guarded
    obj = _objective(live_server, "1.2")
    hood = api(live_server, "/graph/neighbourhood", id=obj["id"], depth=1)
    page.goto("/#/entity/" + quote(obj["id"], safe=""))
    expect(page.locator("#entity-title")).to_have_text(obj["label"])
    graph = page.locator("#entity-graph")
    expect(graph).to_have_attribute("data-center", obj["id"])
    expect(graph.locator("canvas").first).to_be_attached()
    # the canvas draws exactly the API's nodes, coloured by type
    assert graph.get_attribute("data-nodes") == str(len(hood["nodes"]))
    drawn = page.evaluate(
        "() => document.querySelector('#entity-graph').cy.nodes().map(n => [n.id(), n.data('type'), n.style('background-color')])"
    )
    assert sorted(d[0] for d in drawn) == sorted(n["id"] for n in hood["nodes"])
    colours = {}
    for _id, typ, colour in drawn:
        colours.setdefault(typ, set()).add(colour)
    assert all(len(c) == 1 for c in colours.values()), colours  # one colour per type
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)  # and types told apart
    expect(page.locator("#graph-legend li")).to_have_count(len(colours))
    expect(page.locator("#graph-node-count")).to_have_text(str(len(hood["nodes"])))
    # Cytoscape was kept from injecting a <style> element (the CSP refuses inline styles)
    assert page.locator("style").count() == 0
    shot_of(page.locator("#entity-graph-section"), "20-entity-graph")

    # clicking a node on the canvas recentres the graph on it
    theme = next(n for n in hood["nodes"] if n["type"] == "Theme")
    x, y = _node_xy(page, theme["id"])
    page.mouse.click(x, y)
    expect(graph).to_have_attribute("data-center", theme["id"])
    around = api(live_server, "/graph/neighbourhood", id=theme["id"], depth=1)
    expect(graph).to_have_attribute("data-nodes", str(len(around["nodes"])))
    expect(page.locator("#graph-center-link")).to_have_text(theme["label"])
    expect(page.locator("#entity-title")).to_have_text(obj["label"])  # still this entity's page
    shot_of(page.locator("#entity-graph-section"), "21-graph-recentred")

    # and back, with the keyboard
    page.locator("#graph-reset").focus()
    page.keyboard.press("Enter")
    expect(graph).to_have_attribute("data-center", obj["id"])
    expect(graph).to_have_attribute("data-nodes", str(len(hood["nodes"])))
    expect(page.locator("#graph-reset")).to_be_hidden()

    # two hops: the API's depth-2 neighbourhood, drawn in full
    deeper = api(live_server, "/graph/neighbourhood", id=obj["id"], depth=2)
    page.locator("#graph-depth").select_option("2")
    expect(graph).to_have_attribute("data-nodes", str(len(deeper["nodes"])))
    assert len(deeper["nodes"]) > len(hood["nodes"])  # the objective's actions lead on to devices, places…


def test_plan_tree(guarded, live_server):
    page = guarded
    plans = api(live_server, "/plans")["plans"]
    amiens = next(p for p in plans if p["academy"] == "Amiens")
    tree = api(live_server, "/plans/tree", plan=amiens["id"])
    page.goto("/#/plans")
    picks = page.locator("#plans-list a.plan-pick")
    expect(picks).to_have_count(len(plans))
    picks.filter(has_text="Amiens").click()
    expect(page.locator("#plan-tree")).to_have_attribute("data-plan", amiens["id"])

    # the axes, numbered as in the source text ("AXE 1" … "AXE 4"), titles from it too
    text = AMIENS_TEXT.read_text(encoding="utf-8")
    numbers = sorted(set(re.findall(r"^AXE (\d+)\s*$", text, re.M)), key=int)
    axes = page.locator("#plan-tree > li.tree-node[data-type='Axis']")
    expect(axes).to_have_count(len(numbers))
    notations = axes.locator(":scope > .tree-row .notation").all_inner_texts()
    assert notations == numbers
    for label in axes.locator(":scope > .tree-row .tree-label").all_inner_texts():
        assert folded(label) in folded(text), label
    # collapsed at first
    expect(page.locator("#plan-tree .tree-children").first).to_be_hidden()
    shot(page, "22-plan-tree")

    # keyboard: Tab to the first toggle, Enter opens the axis on its objectives
    page.locator("#tree-collapse").focus()
    page.keyboard.press("Tab")
    first = axes.first.locator(":scope > .tree-row .tree-toggle")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-expanded", "true")
    objectives = axes.first.locator(":scope > .tree-children > li.tree-node")
    expect(objectives.first).to_be_visible()
    api_objectives = tree["children"][0]["children"]
    assert objectives.evaluate_all("els => els.map(e => e.dataset.type)") == ["Objective"] * len(api_objectives)
    got = objectives.locator(":scope > .tree-row .notation").all_inner_texts()
    assert got == [o["notation"] for o in api_objectives]
    assert all(n.startswith(numbers[0] + ".") for n in got), got
    # Space on an objective opens its engagements / indicators / actions
    objective = objectives.first.locator(":scope > .tree-row .tree-toggle")
    objective.focus()
    page.keyboard.press("Space")
    leaves = objectives.first.locator(":scope > .tree-children > li.tree-node")
    expect(leaves.first).to_be_visible()
    kids = api_objectives[0]["children"]
    assert leaves.evaluate_all("els => els.map(e => e.dataset.id)") == [k["id"] for k in kids]
    assert set(leaves.evaluate_all("els => els.map(e => e.dataset.type)")) <= {"Engagement", "Indicator", "Action"}
    shot(page, "23-plan-tree-open", full_page=True)

    # Enter again folds it back
    first.focus()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(objectives.first).to_be_hidden()


def test_pictures_fit_a_phone(browser, live_server):
    """At phone width the heat map scrolls inside its own box and the tree wraps: the page
    itself never scrolls sideways."""
    ctx, pg, problems = _open(browser, live_server, 390, 844)
    outside = offline(pg, live_server)
    try:
        for hash_, ready, name in (
            ("#/coverage", "#heatmap .heat-cell", "24-phone-heatmap"),
            ("#/compare?theme=inclusion", "#compare .compare-col", "25-phone-compare"),
            ("#/plans?plan=Amiens", "#plan-tree .tree-toggle", None),
        ):
            pg.goto("/" + hash_)
            expect(pg.locator(ready).first).to_be_visible()
            if hash_.startswith("#/plans"):
                pg.get_by_role("button", name="Tout déplier").click()
                name = "26-phone-plan-tree"
            width = pg.evaluate("() => document.scrollingElement.scrollWidth")
            assert width <= 391, f"{hash_} scrolls sideways: {width}px"
            shot(pg, name)
    finally:
        ctx.close()
    assert not outside, f"requests left the server: {outside}"
    assert not problems, problems


def test_untrusted_labels_are_text(guarded):
    """Labels come from documents: markup in them shows as characters in the heat map, the
    comparison, the tree and the graph's node list, and never runs."""
    page = guarded
    iri = "https://w3id.org/boussole/id/plan/evil/objective/1"
    plan = {
        "id": "https://w3id.org/boussole/id/plan/evil",
        "label": "Plan " + HOSTILE,
        "academy": HOSTILE,
        "slug": "evil",
    }
    theme = {"id": "evil", "iri": "https://w3id.org/boussole/theme/evil", "label_fr": HOSTILE, "label_en": HOSTILE}
    item = {"id": iri, "label": HOSTILE, "notation": HOSTILE, "score": 0.5, "lines": [1, 2]}
    bodies = {
        "/coverage": {
            "themes": [theme],
            "plans": [plan],
            "counts": [[1]],
            "by_type": {"evil": {plan["id"]: {"Objective": 1}}},
        },
        "/compare": {
            "theme": theme,
            "plans": [
                {
                    "plan": plan,
                    "objectives": [item],
                    "engagements": [],
                    "indicators": [],
                    "actions": [],
                    "projects": [],
                    "figures": [],
                }
            ],
            "shared_devices": [{"id": "javascript:window.__pwned=3", "label": HOSTILE}],
        },
        "/plans": {"plans": [plan]},
        "/plans/tree": {
            "id": plan["id"],
            "label": HOSTILE,
            "type": "Plan",
            "children": [
                {
                    "id": "javascript:window.__pwned=4",
                    "label": HOSTILE,
                    "type": "Axis",
                    "notation": HOSTILE,
                    "children": [{"id": iri, "label": HOSTILE, "type": "Objective", "notation": "1.1", "children": []}],
                }
            ],
        },
        "/graph/neighbourhood": {
            "center": iri,
            "nodes": [
                {"id": iri, "label": HOSTILE, "type": "Objective"},
                {"id": plan["id"], "label": HOSTILE, "type": HOSTILE},
            ],
            "edges": [{"source": iri, "target": plan["id"], "predicate": HOSTILE}],
        },
        "/entities/": {
            "id": iri,
            "label": HOSTILE,
            "type": "Objective",
            "types": [],
            "literals": [],
            "neighbours": [],
            "neighbours_total": 0,
            "provenance": [],
            "themes": [],
            "breadcrumb": [],
        },
    }

    def fulfil(route):
        path = re.sub(r"^https?://[^/]+", "", route.request.url).split("?")[0]
        key = "/entities/" if path.startswith("/entities/") else path
        route.fulfill(status=200, content_type="application/json", body=json.dumps(bodies[key]))

    page.route(re.compile(r".*/(coverage|compare|plans|plans/tree|graph/neighbourhood|entities/.*)(\?.*)?$"), fulfil)
    page.goto("/#/coverage")
    expect(page.locator("#heatmap tbody th")).to_contain_text(HOSTILE)
    page.locator("#heatmap .heat-cell").click()
    expect(page.locator("#compare .compare-col h2")).to_contain_text(HOSTILE)
    expect(page.locator("#compare .compare-list li a")).to_have_text(HOSTILE)
    page.goto("/#/plans")
    expect(page.locator("#plan-tree .tree-label").first).to_have_text(HOSTILE)
    expect(page.locator("#plan-tree .notation").first).to_have_text(HOSTILE)
    page.goto("/#/entity/" + quote(iri, safe=""))
    expect(page.locator("#entity-graph")).to_have_attribute("data-nodes", "2")
    expect(page.locator("#graph-nodes li a").first).to_have_text(HOSTILE)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("main img, main script").count() == 0
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript:")], hrefs


# -- untrusted text from a real document, end to end ---------------------------------------------
# The same markup planted in a plan file, ingested and served for real: what the browser shows
# is what the parser, the graph, the index and the API made of it, with nothing mocked.
PLANTED_SCRIPT = "<script>window.__pwned=1</script>"
PLANTED_IMG = '<img src=x onerror="window.__pwned=2">'
LYON = Path(__file__).parent / "fixtures" / "lyon_ambitions.md"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """Lyon's plan with markup in an objective title and in an engagement, ingested into its own
    data directory and served by `boussole serve`."""
    from boussole.jobs import Source, ingest
    from boussole.serve_process import served

    root = tmp_path_factory.mktemp("hostile")
    text = LYON.read_text(encoding="utf-8")
    title = "### Objectif 1.1 — Consolider la maîtrise des savoirs fondamentaux"
    engagement = "- Généraliser devoirs faits dans tous les collèges publics et privés sous contrat"
    assert title in text and engagement in text  # the fixture the plants go into
    text = text.replace(title, f"### Objectif 1.1 — Consolider zorglub {PLANTED_SCRIPT} les savoirs fondamentaux")
    text = text.replace(engagement, f"- Généraliser zorglub {PLANTED_IMG} devoirs faits dans tous les collèges")
    plan = root / "lyon_hostile.md"
    plan.write_text(text, encoding="utf-8")
    data = root / "data"
    report = ingest([Source(plan, "hostile/lyon_hostile.md", academy="Lyon")], data)
    assert not report.failed, report.failed
    with served(data, "--no-ingest", log=root / "serve.log") as base:
        yield base


def test_markup_in_an_ingested_plan_is_shown_as_text(browser, hostile_server):
    base = hostile_server
    found = api(base, "/search", q="zorglub", k=10)["results"]
    # The Markdown reader takes `__` for emphasis and drops it ("window.pwned=1"): the tags stay.
    objective = next(r for r in found if r["type"] == "Objective" and "<script>window." in r["label"])
    engagement = next(r for r in found if r["type"] == "Engagement" and '<img src=x onerror="window.' in r["label"])
    assert objective["label"].endswith("</script> les savoirs fondamentaux"), objective["label"]

    ctx, page, problems = _open(browser, base)
    outside = offline(page, base)
    try:
        page.goto("/#/search?q=zorglub")
        wait_search(page)
        titles = cards(page).locator(".card-title").all_inner_texts()
        assert objective["label"] in titles and engagement["label"] in titles, titles
        shot(page, "30-planted-markup-search")

        # the objective's own page: its title is the label, markup and all
        page.locator(f"#results > li.card[data-id='{objective['id']}'] .card-title a").click()
        expect(page.locator("#entity-title")).to_have_text(objective["label"])
        # the provenance quotes the source line itself, underscores and all
        expect(page.locator("#entity-provenance blockquote").first).to_contain_text(PLANTED_SCRIPT)
        neighbours = page.locator(".neighbour-list a").all_inner_texts()
        assert engagement["label"] in neighbours, neighbours
        shot(page, "31-planted-markup-entity", full_page=True)

        # the plan as a tree: both labels in it, as text
        plan_id = api(base, "/plans")["plans"][0]["id"]
        page.goto("/#/plans")
        page.locator("#plans-list a.plan-pick").first.click()
        expect(page.locator("#plan-tree")).to_have_attribute("data-plan", plan_id)
        page.locator("#tree-expand").click()
        expect(page.locator("#plan-tree .tree-label", has_text="zorglub")).to_have_count(2)
        labels = page.locator("#plan-tree .tree-label").all_inner_texts()
        assert objective["label"] in labels and engagement["label"] in labels, labels
        shot(page, "32-planted-markup-tree", full_page=True)

        # chat: the answer cites the planted nodes; their labels show as text
        answer = json.loads(
            urllib.request.urlopen(
                urllib.request.Request(
                    base + "/chat",
                    data=json.dumps({"message": "zorglub ?"}).encode(),
                    headers={"content-type": "application/json"},
                ),
                timeout=60,
            ).read()
        )
        cited = [c["label"] for c in answer["citations"]]
        assert any("<script>" in c or "<img" in c for c in cited), cited
        page.goto("/#/chat")
        page.get_by_label("Votre question").fill("zorglub ?")
        page.get_by_label("Votre question").press("Enter")
        bot = page.locator("#chat-log .msg-bot").first
        expect(bot).to_be_visible()
        shown = bot.locator(".citations a.citation-link").all_inner_texts()
        for label in cited:
            assert label in shown, (label, shown)
        shot(page, "33-planted-markup-chat", full_page=True)

        assert page.evaluate("() => [window.__pwned, window.pwned]") == [None, None]
        assert page.locator("main img, main script").count() == 0
    finally:
        ctx.close()
    assert not outside, f"requests left the server: {outside}"
    assert not problems, problems


# -- the page's words come from the ontology ---------------------------------------------------------
def test_vocabulary_names_what_the_api_returns(live_server):
    """GET /vocabulary (read from ontology/boussole.ttl) has a French and an English name for every
    node type the API returns, the search facets in the API's order, and a heading for every
    Boussole relation an entity page lists."""
    v = api(live_server, "/vocabulary")
    found = api(live_server, "/search", q="culture", k=100)
    assert [f["name"] for f in v["facets"]] == list(found["facets"])
    assert all(f["label"].get("fr") and f["label"].get("en") for f in v["facets"]), v["facets"]

    plan = api(live_server, "/plans")["plans"][0]["id"]
    tree = api(live_server, "/plans/tree", plan=plan)
    types = {f["value"] for f in found["facets"]["type"]} | {tree["type"]}
    stack = list(tree["children"])
    while stack:
        node = stack.pop()
        types.add(node["type"])
        stack.extend(node.get("children") or [])
    entities = [
        api(live_server, "/entities/" + quote(iri, safe=""))
        for iri in [plan] + [r["id"] for r in found["results"][:20]]
    ]
    types |= {n["type"] for e in entities for n in e["neighbours"] if n.get("type")}
    assert len(types) >= 8, types
    for t in sorted(types):
        entry = v["types"].get(t)
        assert entry and entry["label"].get("fr") and entry["label"].get("en"), t
        assert entry["plural"].get("fr") and entry["plural"].get("en"), t

    bsl = "https://w3id.org/boussole/ns#"
    read = {
        (n["predicate"], n["direction"]) for e in entities for n in e["neighbours"] if n["predicate"].startswith(bsl)
    }
    assert len(read) >= 8, read
    for predicate, direction in sorted(read):
        heading = v["properties"].get(predicate, {}).get("forward" if direction == "out" else "inverse", {})
        assert heading.get("fr") and heading.get("en"), (predicate, direction)
    # the page shortens IRIs with the same prefixes the SPARQL endpoint declares
    assert v["prefixes"]["bsl"] == bsl and v["prefixes"]["skos"] == "http://www.w3.org/2004/02/skos/core#"


def test_page_words_come_from_the_vocabulary(guarded, live_server):
    """Change the words the vocabulary route serves and the page shows the new ones: type badges,
    facet names, filter chips, relation headings and the comparison's lists take no word of their
    own."""
    page = guarded
    v = api(live_server, "/vocabulary")
    v["types"]["Objective"]["label"]["fr"] = "Objectif (vocabulaire)"
    v["types"]["Plan"]["label"]["fr"] = "Plan (vocabulaire)"
    v["types"]["Objective"]["plural"]["fr"] = "Objectifs (vocabulaire)"
    next(f for f in v["facets"] if f["name"] == "type")["label"]["fr"] = "Nature"
    v["properties"]["https://w3id.org/boussole/ns#inPlan"]["forward"]["fr"] = "Plan du vocabulaire"
    page.route(
        re.compile(r".*/vocabulary$"),
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(v)),
    )

    page.goto("/#/search?" + urlencode({"q": QUERY, "type": "Objective"}))
    wait_search(page)
    assert set(card_types(page)) == {"Objective"}
    expect(cards(page).first.locator(".badge")).to_have_text("Objectif (vocabulaire)")
    expect(page.locator("#facet-type-title")).to_have_text("Nature")
    expect(page.locator("#active-filter-list .filter-chip")).to_have_text(
        re.compile(r"^Nature : Objectif \(vocabulaire\)")
    )

    cards(page).first.locator(".card-title a").click()
    expect(page.locator("#entity-type")).to_have_text("Objectif (vocabulaire)")
    expect(page.locator("#entity-neighbours h3", has_text="Plan du vocabulaire")).to_have_count(1)

    page.goto("/#/compare?theme=inclusion")
    expect(page.locator("#compare .compare-group[data-kind='objectives'] h3").first).to_contain_text(
        "Objectifs (vocabulaire)"
    )
    page.goto("/#/plans")
    expect(page.locator("#plan-tree .badge").first).to_be_visible()
    assert "Objectif (vocabulaire)" in page.locator("#plan-tree .badge").all_text_contents()


def test_page_works_without_the_vocabulary(browser, live_server):
    """If the vocabulary cannot be had, the page still searches and shows the raw type names."""
    ctx, page, problems = _open(browser, live_server)
    try:
        page.route(re.compile(r".*/vocabulary$"), lambda route: route.fulfill(status=503, body="{}"))
        page.goto("/#/search?" + urlencode({"q": QUERY}))
        wait_search(page)
        first = cards(page).first
        expect(first.locator(".badge")).to_have_text(first.get_attribute("data-type"))
    finally:
        ctx.close()
    assert not problems, problems


def test_glossary_terms_show_in_query_understood_as(browser, live_server):
    """An English query bridged through the bilingual glossary says which French words it used."""
    ctx, page, problems = _open(browser, live_server)
    try:
        page.goto("/#/search?" + urlencode({"q": "public speaking classes"}))
        wait_search(page)
        understood = page.locator("#search-understood")
        expect(understood).to_be_visible()
        expect(understood).to_contain_text("Glossaire")
        expect(understood).to_contain_text("éloquence (public speaking)")
    finally:
        ctx.close()
    assert not problems, problems
