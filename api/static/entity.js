/* Boussole — the entity view: an entity with its provenance, themes, literals, neighbourhood
 * graph (pictures.js) and relations grouped by how they read. */
import { $, h, clear, entityHref, entityLink, badge, sourceLine, fmt, fmtScore, setStatus, focusHeading, getJSON,
  networkMessage } from "./dom.js";
import { compact, relationLabel, typeLabel } from "./vocabulary.js";
import { visits } from "./nav.js";
import { showGraph } from "./pictures.js";

const TYPE_ORDER = ["Plan", "Axis", "Objective", "Engagement", "Indicator", "Action", "Focus", "Project", "Figure", "Passage"];

let entityCtl = null;

export async function loadEntity(iri, moveFocus) {
  const status = $("entity-status");
  const art = $("entity");
  $("entity-back-results").hidden = !visits.lastSearchHash;
  if (visits.lastSearchHash) $("entity-back-results").setAttribute("href", visits.lastSearchHash);
  if (!iri) { art.hidden = true; setStatus(status, "Adresse d'entité invalide.", "error"); return; }
  if (entityCtl) entityCtl.abort();
  entityCtl = new AbortController();
  setStatus(status, "Chargement…");
  art.setAttribute("aria-busy", "true");
  try {
    const data = await getJSON("/entities/" + encodeURIComponent(iri), { signal: entityCtl.signal, headers: { Accept: "application/json" } });
    renderEntity(data);
    setStatus(status, "");
    art.hidden = false;
    showGraph(data.id); // after unhiding: the graph needs its box's size
    if (moveFocus) focusHeading("entity-title");
  } catch (err) {
    if (err.name === "AbortError") return;
    art.hidden = true;
    document.title = "Entité introuvable — Boussole";
    setStatus(status, networkMessage(err), "error");
  } finally {
    art.setAttribute("aria-busy", "false");
  }
}

function renderEntity(d) {
  const label = d.label || compact(d.id);
  document.title = `${label} — Boussole`;
  $("entity-title").textContent = label;
  const type = $("entity-type");
  type.textContent = typeLabel(d.type);
  type.dataset.type = d.type || "";
  $("entity-iri").textContent = d.id;
  $("entity-sparql").setAttribute("href", "#/sparql?query=" + encodeURIComponent(
    `SELECT ?p ?o WHERE {\n  <${d.id}> ?p ?o\n}\nORDER BY ?p`));

  const crumbs = clear($("entity-breadcrumb"));
  for (const c of d.breadcrumb || []) crumbs.append(h("li", {}, entityLink(c.id, c.label, { title: typeLabel(c.type) })));
  if ((d.breadcrumb || []).length) crumbs.append(h("li", { "aria-current": "page" }, label.length > 60 ? label.slice(0, 57) + "…" : label));
  crumbs.parentElement.hidden = !(d.breadcrumb || []).length;

  const prov = clear($("entity-provenance"));
  for (const p of d.provenance || []) {
    prov.append(h("li", { class: "provenance" },
      sourceLine({ document: p.document, lines: p.lines }, "Document : "),
      p.quote ? h("blockquote", { class: "quote" }, p.quote) : null));
  }
  if (!prov.children.length) prov.append(h("li", { class: "hint" }, "Pas de passage source : entité du thésaurus ou construite par l'ingestion."));

  const themes = clear($("entity-themes"));
  for (const t of d.themes || []) {
    themes.append(h("li", {}, h("a", { class: "chip theme", href: entityHref(t.id), title: "score d'attribution" },
      t.label || compact(t.id), h("span", { class: "score" }, fmtScore.format(t.score)))));
  }
  $("entity-themes-section").hidden = !(d.themes || []).length;

  const lits = clear($("entity-literals"));
  for (const l of d.literals || []) {
    lits.append(h("dt", { title: l.predicate }, compact(l.predicate)));
    lits.append(h("dd", {}, l.value, l.lang ? h("span", { class: "lang" }, "@" + l.lang) : null));
  }
  $("entity-literals-section").hidden = !(d.literals || []).length;

  renderNeighbours(d);
}

function renderNeighbours(d) {
  const box = clear($("entity-neighbours"));
  const all = d.neighbours || [];
  const note = $("entity-neighbours-note");
  note.textContent = d.neighbours_total > all.length
    ? `${fmt.format(all.length)} relations affichées sur ${fmt.format(d.neighbours_total)} (utilisez la console SPARQL pour le reste).` : "";
  // Group by how the relation reads; the graph states some links twice (skos:broader and
  // skos:narrower, bsl:hasIndicator…): one group, each neighbour once, every predicate named.
  const groups = new Map();
  for (const n of all) {
    const curie = compact(n.predicate);
    const title = relationLabel(n.predicate, n.direction) || (n.direction === "out" ? curie : `${curie} (relation entrante)`);
    const key = title;
    if (!groups.has(key)) groups.set(key, { title, out: false, preds: [], items: [], seen: new Set() });
    const g = groups.get(key);
    const arrow = (n.direction === "in" ? "← " : "→ ") + curie;
    if (!g.preds.includes(arrow)) g.preds.push(arrow);
    if (n.direction === "out") g.out = true;
    if (!g.seen.has(n.id)) { g.seen.add(n.id); g.items.push(n); }
  }
  const rank = (t) => { const i = TYPE_ORDER.indexOf(t); return i < 0 ? TYPE_ORDER.length : i; };
  const keys = [...groups.keys()].sort((a, b) => Number(groups.get(b).out) - Number(groups.get(a).out));
  let gi = 0;
  for (const key of keys) {
    const g = groups.get(key);
    const items = g.items.slice().sort((a, b) => rank(a.type) - rank(b.type));
    const hid = "ngroup-" + (gi++);
    const section = h("section", { class: "neighbour-group", "aria-labelledby": hid, dataset: { predicates: g.preds.join(" ") } },
      h("h3", { id: hid }, g.title, " ", h("span", { class: "count" }, `(${fmt.format(items.length)})`),
        h("span", { class: "pred" }, g.preds.join(" · "))));
    const ul = h("ul", { class: "neighbour-list", id: hid + "-list" });
    items.forEach((n, i) => {
      ul.append(h("li", { hidden: i >= 15 ? true : null, dataset: { extra: i >= 15 ? "1" : "" } },
        badge(n.type), entityLink(n.id, n.label || compact(n.id))));
    });
    section.append(ul);
    if (items.length > 15) {
      const btn = h("button", { type: "button", class: "btn btn-link btn-small", "aria-expanded": "false", "aria-controls": hid + "-list" },
        `Afficher les ${fmt.format(items.length - 15)} autres`);
      btn.addEventListener("click", () => {
        const open = btn.getAttribute("aria-expanded") !== "true";
        btn.setAttribute("aria-expanded", String(open));
        btn.textContent = open ? "Afficher moins" : `Afficher les ${fmt.format(items.length - 15)} autres`;
        for (const li of ul.querySelectorAll("li[data-extra='1']")) li.hidden = !open;
      });
      section.append(btn);
    }
    box.append(section);
  }
  $("entity-neighbours-section").hidden = !all.length;
}


export function initEntity() {
  $("entity-back").addEventListener("click", () => {
    if (visits.navCount > 0 && history.length > 1) history.back();
    else location.hash = visits.lastSearchHash || "#/";
  });
}
