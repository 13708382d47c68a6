/* Boussole — advisers' page: search, entities, SPARQL console, chat, and the pictures.
 *
 * The entry module: shows the view the hash names (routes in nav.js) and starts every view once
 * the vocabulary (type, relation and facet labels from the ontology) has arrived. One module per
 * view: search.js, entity.js, sparql.js, chat.js, pictures.js (heat map, comparison, graph, plan
 * tree); dom.js and vocabulary.js are shared. ES modules, no bundler: the page's
 * Content-Security-Policy allows scripts from this origin only. */
import { $, focusHeading, getJSON, plural } from "./dom.js";
import { loadVocabulary } from "./vocabulary.js";
import { onRoute, parseHash, visits } from "./nav.js";
import { initSearch, routeSearch } from "./search.js";
import { initEntity, loadEntity } from "./entity.js";
import { initSparql, showSparql } from "./sparql.js";
import { initChat, showChat } from "./chat.js";
import { initPictures, showCompare, showCoverage, showPlans } from "./pictures.js";

const VIEWS = ["search", "entity", "sparql", "chat", "coverage", "compare", "plans"];
const TITLES = { coverage: "coverage-title", compare: "compare-title", plans: "plans-title" };
let currentView = null;

function showView(name) {
  const changed = currentView !== name;
  if (changed && currentView === "search") visits.searchScroll = window.scrollY;
  for (const v of VIEWS) $("view-" + v).hidden = v !== name;
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === (name === "compare" ? "coverage" : name)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const first = currentView === null;
  currentView = name;
  return { changed, first };
}

function route() {
  const r = parseHash();
  const { changed, first } = showView(r.view);
  if (r.view === "search") {
    routeSearch(r.params, changed, first);
  } else if (r.view === "entity") {
    window.scrollTo(0, 0);
    loadEntity(r.iri, !first);
  } else if (r.view === "sparql") {
    showSparql(r.params, changed, first);
  } else if (r.view === "coverage" || r.view === "compare" || r.view === "plans") {
    if (changed) window.scrollTo(0, 0);
    if (changed && !first) focusHeading(TITLES[r.view]);
    if (r.view === "coverage") showCoverage();
    else if (r.view === "compare") showCompare(r.params);
    else showPlans(r.params);
  } else if (r.view === "chat") {
    showChat(changed, first);
  }
}

async function init() {
  await loadVocabulary();
  initPictures();
  initSearch();
  initEntity();
  initSparql();
  initChat();
  onRoute(route);
  window.addEventListener("hashchange", () => { visits.navCount += 1; route(); });
  route();
  getJSON("/health").then((d) => {
    if (typeof d.documents === "number") {
      $("corpus-stats").textContent = `${plural(d.documents, "document indexé", "documents indexés")}, ${plural(d.units || 0, "élément", "éléments")} recherchables.`;
    }
  }).catch(() => { /* the page works without it */ });
}

// A module runs once the document is parsed (like a deferred script).
init();
