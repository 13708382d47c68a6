/* Boussole — the search view: query, facets, filters as removable chips, result cards. */
import { $, h, clear, entityHref, entityLink, badge, sourceLine, norm, fmt, plural, setStatus, focusHeading, getJSON,
  networkMessage } from "./dom.js";
import { facets, facetLabel, pluralLabel, typeLabel } from "./vocabulary.js";
import { go, parseHash, visits } from "./nav.js";

const FACET_VISIBLE = 8;
export const PAGE = 10;
export const MAX_K = 100;
const STATUS_FR = { done: "réalisée", planned: "prévue" };
const SEARCH_EXAMPLES = [
  "internats d'excellence", "excellence boarding schools", "accès à la culture en zone rurale",
  "school climate indicators", "école inclusive",
];

const labels = new Map(); // "kind|value" → label, learnt from facets and results
let searchCtl = null;
let lastSearch = { key: null, data: null };
let focusFrom = null;

function learnLabel(kind, value, label) { if (value && label) labels.set(kind + "|" + value, label); }
function filterLabel(kind, value) {
  if (kind === "type") return typeLabel(value);
  return labels.get(kind + "|" + value) || decodeURIComponent(value.replace(/\/+$/, "").split("/").pop()).replace(/-/g, " ");
}

function searchState(params) {
  const s = { q: (params.get("q") || "").trim(), k: PAGE, filters: [] };
  const k = parseInt(params.get("k") || "", 10);
  if (k > 0) s.k = Math.min(MAX_K, k);
  for (const [kind] of facets()) for (const v of params.getAll(kind)) if (v) s.filters.push([kind, v]);
  return s;
}
function searchHash(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const [kind, v] of s.filters) p.append(kind, v);
  if (s.k && s.k !== PAGE) p.set("k", String(s.k));
  const qs = p.toString();
  return "#/search" + (qs ? "?" + qs : "");
}
function currentSearch() { return searchState(parseHash().params || new URLSearchParams()); }

export function routeSearch(params, changed, first) {
  const s = searchState(params);
  const input = $("search-input");
  if (document.activeElement !== input || changed) input.value = s.q;
  $("search-intro").hidden = !!s.q;
  $("search-layout").hidden = !s.q;
  if (!s.q) {
    document.title = "Recherche — Boussole";
    $("active-filters").hidden = true;
    if (changed && !first) { window.scrollTo(0, 0); focusHeading("search-title"); }
    return;
  }
  visits.lastSearchHash = searchHash(s);
  document.title = `« ${s.q} » — Recherche — Boussole`;
  const key = visits.lastSearchHash;
  if (lastSearch.key === key && lastSearch.data) {
    renderSearch(s, lastSearch.data);
    if (changed) window.scrollTo(0, visits.searchScroll);
    return;
  }
  if (changed) window.scrollTo(0, 0);
  runSearch(s, key);
}

async function runSearch(s, key) {
  if (searchCtl) searchCtl.abort();
  searchCtl = new AbortController();
  const list = $("results");
  list.setAttribute("aria-busy", "true");
  setStatus($("search-status"), "Recherche en cours…");
  renderActiveFilters(s);
  const p = new URLSearchParams({ q: s.q, k: String(s.k) });
  for (const [kind, v] of s.filters) p.append(kind, v);
  try {
    const data = await getJSON("/search?" + p.toString(), { signal: searchCtl.signal, headers: { Accept: "application/json" } });
    lastSearch = { key, data };
    renderSearch(s, data);
  } catch (err) {
    if (err.name === "AbortError") return;
    clear(list);
    clear($("facet-groups"));
    $("more-results").hidden = true;
    setStatus($("search-status"), networkMessage(err), "error");
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

function renderSearch(s, data) {
  for (const [kind] of facets()) for (const f of (data.facets && data.facets[kind]) || []) learnLabel(kind, f.value, f.label);
  renderActiveFilters(s);
  const results = data.results || [];
  const total = data.total || 0;
  let msg;
  if (!results.length) msg = `Aucun résultat pour « ${data.query} »${s.filters.length ? " avec ces filtres" : ""}.`;
  else {
    msg = `${plural(total, "résultat", "résultats")} pour « ${data.query} »`;
    if (results.length < total) msg += ` — ${plural(results.length, "affiché", "affichés")}`;
    msg += ".";
  }
  setStatus($("search-status"), msg);
  renderUnderstood(data.understood);
  renderFacets(s, data.facets || {});
  const list = clear($("results"));
  results.forEach((r, i) => list.append(resultCard(r, i)));
  if (focusFrom !== null) {
    const link = list.children[focusFrom] && list.children[focusFrom].querySelector(".card-title a");
    focusFrom = null;
    if (link) link.focus();
  }
  const more = $("more-results");
  more.hidden = !(results.length >= s.k && s.k < MAX_K && total > results.length);
}

function renderUnderstood(u) {
  const node = clear($("search-understood"));
  const parts = [];
  if (u && u.devices && u.devices.length) parts.push([typeLabel("Device"), u.devices]);
  if (u && u.themes && u.themes.length) parts.push([pluralLabel("Theme"), u.themes]);
  // glossary terms are vocabulary, not graph nodes: shown as words (French, with the English)
  if (u && u.terms && u.terms.length) parts.push(["Glossaire", u.terms.map((t) => ({ text: t.en ? `${t.label} (${t.en})` : t.label }))]);
  node.hidden = !parts.length;
  if (!parts.length) return;
  node.append("Requête rapprochée de : ");
  parts.forEach(([name, items], i) => {
    if (i) node.append(" · ");
    node.append(name + " ");
    items.forEach((it, j) => {
      if (j) node.append(", ");
      node.append(it.text !== undefined ? it.text : entityLink(it.id, it.label));
    });
  });
}

function renderActiveFilters(s) {
  const box = $("active-filters");
  const list = clear($("active-filter-list"));
  box.hidden = !s.filters.length || !s.q;
  for (const [kind, value] of s.filters) {
    const name = facetLabel(kind);
    const text = `${name} : ${filterLabel(kind, value)}`;
    list.append(h("li", {}, h("button", {
      type: "button", class: "filter-chip", "aria-label": `Retirer le filtre ${text}`,
      dataset: { kind, value }, onclick: () => toggleFilter(kind, value),
    }, h("span", {}, text), h("span", { class: "x", "aria-hidden": "true" }, "×"))));
  }
}

function toggleFilter(kind, value) {
  const s = currentSearch();
  const i = s.filters.findIndex(([k, v]) => k === kind && v === value);
  if (i >= 0) s.filters.splice(i, 1); else s.filters.push([kind, value]);
  s.k = PAGE;
  go(searchHash(s));
}

function renderFacets(s, counts) {
  const box = clear($("facet-groups"));
  const counted = ((counts.type || []).reduce((a, f) => a + f.count, 0));
  $("facets-hint").textContent = !counted ? "" : (counted === 1 ? "Répartition du premier résultat." : `Répartition des ${fmt.format(counted)} premiers résultats.`) + " Cliquer une valeur pour filtrer.";
  for (const [kind, name] of facets()) {
    const values = counts[kind] || [];
    if (!values.length) continue;
    const gid = "facet-" + kind;
    const group = h("section", { class: "facet-group", "aria-labelledby": gid + "-title" },
      h("h3", { id: gid + "-title" }, name));
    const ul = h("ul", { class: "facet-list", id: gid });
    values.forEach((f, i) => {
      const active = s.filters.some(([k, v]) => k === kind && v === f.value);
      const label = kind === "type" ? typeLabel(f.value) : f.label;
      const li = h("li", { hidden: i >= FACET_VISIBLE && !active ? true : null, dataset: { extra: i >= FACET_VISIBLE ? "1" : "" } },
        h("button", {
          type: "button", class: "facet-btn", "aria-pressed": active ? "true" : "false",
          dataset: { kind, value: f.value, count: String(f.count) },
          onclick: () => toggleFilter(kind, f.value),
        }, h("span", { class: "facet-label" }, label), h("span", { class: "count" }, fmt.format(f.count),
          h("span", { class: "visually-hidden" }, f.count === 1 ? " résultat" : " résultats"))));
      ul.append(li);
    });
    group.append(ul);
    if (values.length > FACET_VISIBLE) {
      const btn = h("button", { type: "button", class: "btn btn-link btn-small", "aria-expanded": "false", "aria-controls": gid },
        `Afficher les ${values.length} valeurs`);
      btn.addEventListener("click", () => {
        const open = btn.getAttribute("aria-expanded") !== "true";
        btn.setAttribute("aria-expanded", String(open));
        btn.textContent = open ? "Afficher moins" : `Afficher les ${values.length} valeurs`;
        for (const li of ul.querySelectorAll("li[data-extra='1']")) {
          const isActive = li.querySelector("[aria-pressed='true']");
          li.hidden = !open && !isActive;
        }
      });
      group.append(btn);
    }
    box.append(group);
  }
}

function resultCard(r, i) {
  learnLabel("academy", r.context && r.context.academy, r.context && r.context.academy);
  for (const t of r.themes || []) learnLabel("theme", t.id, t.label);
  for (const d of r.devices || []) learnLabel("device", d.id, d.label);
  const titleId = "result-" + i;
  const li = h("li", { class: "card", dataset: { id: r.id, type: r.type }, "aria-labelledby": titleId });
  const head = h("div", { class: "card-head" }, badge(r.type));
  const ctx = r.context || {};
  if (ctx.academy) head.append(h("span", { class: "status-tag academy" }, "Académie de " + ctx.academy));
  if (r.status) head.append(h("span", { class: "status-tag" }, "Action " + (STATUS_FR[r.status] || r.status)));
  li.append(head);
  li.append(h("h3", { class: "card-title", id: titleId }, entityLink(r.id, r.label || r.id)));
  const crumbs = [];
  if (ctx.plan) crumbs.push(ctx.plan_id ? entityLink(ctx.plan_id, ctx.plan) : ctx.plan);
  if (ctx.axis) crumbs.push(ctx.axis);
  if (ctx.objective && norm(ctx.objective) !== norm(r.label)) crumbs.push(ctx.objective);
  if (crumbs.length) li.append(h("ol", { class: "breadcrumb", "aria-label": "Contexte dans le plan" }, crumbs.map((c) => h("li", {}, c))));
  if (r.text && norm(r.text) !== norm(r.label)) li.append(h("blockquote", { class: "quote" }, r.text));
  const src = sourceLine(r.source, "Source : ");
  if (src) li.append(src);
  const chips = [];
  for (const d of r.devices || []) chips.push(h("li", {}, h("a", { class: "chip device", href: entityHref(d.id) },
    h("span", { class: "chip-kind" }, typeLabel("Device")), d.label)));
  for (const t of r.themes || []) chips.push(h("li", {}, h("a", { class: "chip theme", href: entityHref(t.id) },
    h("span", { class: "chip-kind" }, typeLabel("Theme")), t.label)));
  for (const p of r.places || []) chips.push(h("li", {}, h("a", { class: "chip place", href: entityHref(p.id) },
    h("span", { class: "chip-kind" }, typeLabel("Place")), p.label)));
  if (chips.length) li.append(h("ul", { class: "chip-list", "aria-label": "Dispositifs, thèmes et lieux" }, chips));
  if (r.duplicates && r.duplicates.length) {
    li.append(h("p", { class: "dups" }, `${plural(r.duplicates.length, "passage très proche regroupé", "passages très proches regroupés")} avec ce résultat.`));
  }
  return li;
}


/** Wires the search form, the filters and the examples (once, at start). */
export function initSearch() {
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("search-input").value.trim();
    if (!q) return;
    const s = currentSearch();
    s.q = q; s.k = PAGE;
    if (parseHash().view !== "search") s.filters = [];
    go(searchHash(s));
  });
  $("clear-filters").addEventListener("click", () => {
    const s = currentSearch(); s.filters = []; s.k = PAGE; go(searchHash(s));
    $("search-input").focus();
  });
  $("more-results").addEventListener("click", () => {
    const s = currentSearch(); s.k = Math.min(MAX_K, s.k + PAGE);
    focusFrom = $("results").children.length; // keep the keyboard user where the new results start
    go(searchHash(s));
  });
  $("facets-toggle").addEventListener("click", () => {
    const open = !$("facets").classList.contains("open");
    $("facets").classList.toggle("open", open);
    $("facets-toggle").setAttribute("aria-expanded", String(open));
  });
  const ex = $("search-examples");
  for (const q of SEARCH_EXAMPLES) {
    ex.append(h("li", {}, h("button", { type: "button", class: "btn btn-small", onclick: () => {
      $("search-input").value = q; go(searchHash({ q, k: PAGE, filters: [] }));
    } }, q)));
  }
}
