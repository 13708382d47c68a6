/* Boussole — the pictures of the advisers' page: the theme × plan heat map and the comparison it
 * opens, an entity's neighbourhood as an interactive graph (Cytoscape.js, vendored), and a plan
 * as a collapsible tree.
 *
 * SECURITY: labels come from documents we do not control. They reach the DOM through textContent
 * (the `h` helper of dom.js) and the graph canvas as plain text; the only hrefs built from data
 * are "#/entity/…", "#/compare?…" and "#/plans?…" with encoded values.
 */
import { $, h, clear, entityHref, entityLink, badge, linesText, setStatus, getJSON, networkMessage, fmt, fmtScore,
  plural } from "./dom.js";
import { compact, pluralLabel, typeLabel } from "./vocabulary.js";


// Type → colour and shape of a graph node. Colours after Okabe & Ito (told apart with the
// common colour-vision deficiencies); the shape repeats the type for those who still cannot.
const NODE_STYLE = {
  Plan: ["#1f3a68", "hexagon"], Axis: ["#5b7bb4", "round-rectangle"], Objective: ["#0072b2", "round-rectangle"],
  Engagement: ["#56b4e9", "ellipse"], Indicator: ["#009e73", "ellipse"], Action: ["#e69f00", "ellipse"],
  Project: ["#cc79a7", "star"], Figure: ["#8e63b5", "round-triangle"], Device: ["#d55e00", "diamond"],
  Theme: ["#f0e442", "round-pentagon"], Commune: ["#6b8e23", "triangle"], Departement: ["#6b8e23", "triangle"],
  Academy: ["#3d4b5c", "hexagon"], School: ["#8c6d46", "barrel"], Organisation: ["#8c6d46", "barrel"],
};
const OTHER_STYLE = ["#9aa5b1", "ellipse"];
// Nodes that give context (where it sits, what it is about) take the inner ring of the
// layout; the many leaves (actions, indicators, figures…) go around them.
const HUB_TYPES = new Set(["Plan", "Axis", "Objective", "Theme", "Device", "Project", "Commune", "Departement", "Academy", "School", "Organisation"]);
// The lists of a /compare column, by the type of their items (headed by its plural label).
const COMPARE_KINDS = [["objectives", "Objective"], ["engagements", "Engagement"], ["indicators", "Indicator"],
  ["actions", "Action"], ["projects", "Project"], ["figures", "Figure"]];
const COMPARE_VISIBLE = 8;
const LABEL_MAX = 48;

function short(text, max) {
  const t = String(text || "").replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

// -- heat map ------------------------------------------------------------------------------
let coverage = null; // the /coverage answer, fetched once per page load
let coverageWired = false;

// ColorBrewer "Blues" (sequential, print- and colour-blind-safe), light to dark.
const BLUES = [[0xde, 0xeb, 0xf7], [0xc6, 0xdb, 0xef], [0x9e, 0xca, 0xe1], [0x6b, 0xae, 0xd6], [0x42, 0x92, 0xc6],
  [0x21, 0x71, 0xb5], [0x08, 0x51, 0x9c], [0x08, 0x30, 0x6b]];

/** Background for a count: the ramp on the square root of count/max, so that a theme with a
 * handful of nodes is still told apart from an absent one. */
function heat(count, max) {
  if (!count || !max) return { bg: "#f7f8fa", ink: "#6b7480" };
  const t = Math.sqrt(Math.min(1, count / max)) * (BLUES.length - 1);
  const i = Math.min(BLUES.length - 2, Math.floor(t));
  const f = t - i;
  const c = BLUES[i].map((v, k) => Math.round(v + (BLUES[i + 1][k] - v) * f));
  return { bg: `rgb(${c.join(",")})`, ink: t > 3.6 ? "#ffffff" : "#0b2545" };
}

export async function showCoverage() {
  document.title = "Couverture des thèmes — Boussole";
  const status = $("coverage-status");
  if (!coverageWired) {
    coverageWired = true;
    $("coverage-share").addEventListener("change", () => { if (coverage) renderCoverage(coverage); });
  }
  if (coverage) { renderCoverage(coverage); return; }
  setStatus(status, "Chargement…");
  try {
    coverage = await getJSON("/coverage");
    renderCoverage(coverage);
    setStatus(status, "");
  } catch (err) {
    setStatus(status, networkMessage(err), "error");
  }
}

function renderCoverage(data) {
  const box = clear($("coverage"));
  const plans = data.plans || [];
  const counts = data.counts || [];
  const rows = (data.themes || []).map((t, i) => ({ theme: t, counts: counts[i] || [], total: (counts[i] || []).reduce((a, b) => a + b, 0) }));
  // Most covered themes first: the eye reads the map from the top.
  rows.sort((a, b) => b.total - a.total || a.theme.label_fr.localeCompare(b.theme.label_fr, "fr"));
  const max = Math.max(0, ...rows.flatMap((r) => r.counts));
  // Plans differ in length: "share" colours each column against its own largest count, so a
  // short plan's priorities show as clearly as a long one's. The numbers stay counts.
  const share = $("coverage-share").checked;
  const colMax = plans.map((_, j) => Math.max(0, ...rows.map((r) => r.counts[j] || 0)));
  const table = h("table", { class: "heatmap", id: "heatmap" },
    h("caption", {}, `${plural(rows.length, "thème", "thèmes")} × ${plural(plans.length, "plan", "plans")} — nombre d'éléments rattachés`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "heat-theme-head" }, "Thème"),
      plans.map((p) => h("th", { scope: "col", class: "heat-plan", dataset: { plan: p.id } },
        h("span", { class: "heat-academy" }, p.academy || ""), h("span", { class: "heat-plan-label" }, short(p.label, 70)))),
      h("th", { scope: "col", class: "heat-total" }, "Total"))));
  const body = h("tbody");
  for (const r of rows) {
    const t = r.theme;
    const tr = h("tr", { dataset: { theme: t.id } },
      h("th", { scope: "row", class: "heat-theme" }, h("span", { class: "heat-fr" }, t.label_fr),
        h("span", { class: "heat-en", lang: "en" }, t.label_en)));
    plans.forEach((p, j) => {
      const n = r.counts[j] || 0;
      const { bg, ink } = heat(n, share ? colMax[j] : max);
      const split = ((data.by_type || {})[t.id] || {})[p.id] || {};
      const detail = Object.entries(split).map(([k, v]) => `${fmt.format(v)} ${pluralLabel(k).toLowerCase()}`).join(", ");
      const btn = h("a", {
        class: "heat-cell", href: "#/compare?" + new URLSearchParams({ theme: t.id }).toString(),
        dataset: { theme: t.id, plan: p.id, count: String(n) },
        "aria-label": `${t.label_fr}, ${p.academy || p.label} : ${plural(n, "élément", "éléments")}${detail ? " (" + detail + ")" : ""}. Comparer les plans sur ce thème.`,
        title: detail || null,
      }, fmt.format(n));
      // CSSOM, not a style attribute: allowed by the page's Content-Security-Policy.
      btn.style.backgroundColor = bg;
      btn.style.color = ink;
      tr.append(h("td", {}, btn));
    });
    tr.append(h("td", { class: "heat-total" }, fmt.format(r.total)));
    body.append(tr);
  }
  table.append(body);
  box.append(h("div", { class: "table-wrap heat-scroll", tabindex: "0", role: "region", "aria-label": "Carte de couverture" }, table));
  renderScale(share ? 0 : max);
}

function renderScale(max) {
  const scale = clear($("coverage-scale"));
  scale.hidden = !max;
  if (!max) return;
  scale.append(h("span", { class: "hint" }, "Échelle : "));
  const steps = [0, 1, Math.round(max / 4), Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  for (const v of steps) {
    const { bg, ink } = heat(v, max);
    const sw = h("span", { class: "heat-swatch" }, fmt.format(v));
    sw.style.backgroundColor = bg;
    sw.style.color = ink;
    scale.append(sw);
  }
}

// -- comparison ---------------------------------------------------------------------------
let compareCtl = null;

export async function showCompare(params) {
  const theme = (params.get("theme") || "").trim();
  const plans = params.getAll("plans").filter(Boolean);
  const status = $("compare-status");
  const grid = clear($("compare"));
  $("compare-shared-section").hidden = true;
  if (!theme) { setStatus(status, "Choisissez un thème sur la carte de couverture.", "warn"); return; }
  if (compareCtl) compareCtl.abort();
  compareCtl = new AbortController();
  setStatus(status, "Chargement…");
  grid.setAttribute("aria-busy", "true");
  const q = new URLSearchParams({ theme });
  for (const p of plans) q.append("plans", p);
  try {
    const data = await getJSON("/compare?" + q.toString(), { signal: compareCtl.signal, headers: { Accept: "application/json" } });
    renderCompare(data);
    setStatus(status, "");
  } catch (err) {
    if (err.name === "AbortError") return;
    setStatus(status, networkMessage(err), "error");
  } finally {
    grid.setAttribute("aria-busy", "false");
  }
}

function renderCompare(data) {
  const t = data.theme || {};
  document.title = `${t.label_fr || t.id} — Comparaison — Boussole`;
  $("compare-title").textContent = `Thème « ${t.label_fr || t.id} » : les plans côte à côte`;
  $("compare-subtitle").textContent = t.label_en ? `${t.label_en}. Éléments triés par score d'attribution du thème.` : "";
  const shared = clear($("compare-shared"));
  for (const d of data.shared_devices || []) {
    shared.append(h("li", {}, h("a", { class: "chip device", href: entityHref(d.id) }, d.label || compact(d.id))));
  }
  $("compare-shared-section").hidden = !(data.shared_devices || []).length;
  const grid = clear($("compare"));
  (data.plans || []).forEach((col, ci) => {
    const p = col.plan || {};
    const hid = "compare-plan-" + ci;
    const total = COMPARE_KINDS.reduce((a, [k]) => a + (col[k] || []).length, 0);
    const section = h("section", { class: "compare-col card", "aria-labelledby": hid, dataset: { plan: p.id || "" } },
      h("h2", { id: hid, class: "compare-plan" }, h("span", { class: "heat-academy" }, p.academy ? "Académie de " + p.academy : ""),
        entityLink(p.id, p.label)),
      h("p", { class: "hint" }, plural(total, "élément sur ce thème", "éléments sur ce thème")));
    const empty = [];
    for (const [kind, type] of COMPARE_KINDS) {
      const name = pluralLabel(type);
      if ((col[kind] || []).length) section.append(compareGroup(hid + "-" + kind, kind, name, col[kind]));
      else empty.push(name.toLowerCase());
    }
    if (empty.length) section.append(h("p", { class: "hint compare-none" }, "Aucun élément sur ce thème parmi : " + empty.join(", ") + "."));
    grid.append(section);
  });
  if (!grid.children.length) grid.append(h("p", { class: "hint" }, "Aucun plan ne traite ce thème."));
}

function compareGroup(gid, kind, name, items) {
  const group = h("div", { class: "compare-group", dataset: { kind } },
    h("h3", { id: gid }, name, " ", h("span", { class: "count" }, `(${fmt.format(items.length)})`)));
  const ol = h("ol", { class: "compare-list", id: gid + "-list", "aria-labelledby": gid });
  items.forEach((it, i) => {
    const meta = [];
    if (it.lines) meta.push(linesText(it.lines));
    ol.append(h("li", { hidden: i >= COMPARE_VISIBLE ? true : null, dataset: { extra: i >= COMPARE_VISIBLE ? "1" : "", id: it.id } },
      it.notation ? h("span", { class: "notation" }, it.notation) : null,
      entityLink(it.id, it.label || compact(it.id)),
      h("span", { class: "item-meta" }, h("span", { class: "score", title: "score d'attribution du thème" }, fmtScore.format(it.score || 0)),
        meta.length ? " · " + meta.join(" · ") : "")));
  });
  group.append(ol);
  if (items.length > COMPARE_VISIBLE) {
    const more = `Afficher les ${fmt.format(items.length - COMPARE_VISIBLE)} autres`;
    const btn = h("button", { type: "button", class: "btn btn-link btn-small", "aria-expanded": "false", "aria-controls": gid + "-list" }, more);
    btn.addEventListener("click", () => {
      const open = btn.getAttribute("aria-expanded") !== "true";
      btn.setAttribute("aria-expanded", String(open));
      btn.textContent = open ? "Afficher moins" : more;
      for (const li of ol.querySelectorAll("li[data-extra='1']")) li.hidden = !open;
    });
    group.append(btn);
  }
  return group;
}

// -- neighbourhood graph -------------------------------------------------------------------
let cy = null;
let graphCtl = null;
let graphHome = null; // the entity whose page shows the graph
let graphCenter = null;

function styleOf(type) { return NODE_STYLE[type] || OTHER_STYLE; }

function renderLegend(types) {
  const ul = clear($("graph-legend"));
  for (const t of types) {
    const sw = h("span", { class: "legend-swatch", "aria-hidden": "true", dataset: { shape: styleOf(t)[1] } });
    sw.style.backgroundColor = styleOf(t)[0];
    ul.append(h("li", {}, sw, typeLabel(t)));
  }
}

export function showGraph(iri) {
  graphHome = iri;
  $("graph-depth").value = "1";
  loadGraph(iri);
}

async function loadGraph(iri) {
  const status = $("graph-status");
  const box = $("entity-graph");
  if (typeof window.cytoscape !== "function") {
    setStatus(status, "La bibliothèque de graphe n'a pas pu être chargée.", "error");
    return;
  }
  if (graphCtl) graphCtl.abort();
  graphCtl = new AbortController();
  setStatus(status, "Chargement du voisinage…");
  box.setAttribute("aria-busy", "true");
  const depth = $("graph-depth").value === "2" ? "2" : "1";
  try {
    const data = await getJSON("/graph/neighbourhood?" + new URLSearchParams({ id: iri, depth }).toString(),
      { signal: graphCtl.signal, headers: { Accept: "application/json" } });
    renderGraph(data);
    setStatus(status, "");
  } catch (err) {
    if (err.name === "AbortError") return;
    if (cy) { cy.destroy(); cy = null; }
    box.removeAttribute("data-nodes");
    box.removeAttribute("data-center");
    box.hidden = true; // no empty frame where the picture would be
    clear($("graph-legend"));
    clear($("graph-nodes"));
    $("graph-node-count").textContent = "0";
    setStatus(status, "Voisinage indisponible. " + networkMessage(err), "error");
  } finally {
    box.setAttribute("aria-busy", "false");
  }
}

/** Hops from the centre along the edges, either way: the rings of the layout. */
function distances(center, edges) {
  const adj = new Map();
  for (const e of edges) {
    if (!adj.has(e.source)) adj.set(e.source, []);
    if (!adj.has(e.target)) adj.set(e.target, []);
    adj.get(e.source).push(e.target);
    adj.get(e.target).push(e.source);
  }
  const dist = new Map([[center, 0]]);
  const queue = [center];
  while (queue.length) {
    const n = queue.shift();
    for (const m of adj.get(n) || []) if (!dist.has(m)) { dist.set(m, dist.get(n) + 1); queue.push(m); }
  }
  return dist;
}

function renderGraph(data) {
  const box = $("entity-graph");
  box.hidden = false;
  const center = data.center;
  graphCenter = center;
  const nodes = data.nodes || [];
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (data.edges || []).filter((e) => ids.has(e.source) && ids.has(e.target));
  const dist = distances(center, edges);
  const far = Math.max(1, ...dist.values()) + 1;
  const elements = [];
  for (const n of nodes) {
    const [color, shape] = styleOf(n.type);
    elements.push({ group: "nodes", data: { id: n.id, label: short(n.label || compact(n.id), LABEL_MAX), full: n.label || n.id,
      type: n.type || "", color, shape, ring: 2 * (dist.has(n.id) ? dist.get(n.id) : far) + (HUB_TYPES.has(n.type) ? 0 : 1) },
      classes: n.id === center ? "center" : "" });
  }
  // Parallel edges (skos:broader and bsl:hasObjective between the same pair) draw as one.
  const seen = new Set();
  edges.forEach((e, i) => {
    const key = [e.source, e.target].sort().join(" ");
    if (seen.has(key)) return;
    seen.add(key);
    elements.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, predicate: compact(e.predicate || "") },
      classes: e.source === center || e.target === center ? "spoke" : "" });
  });
  if (cy) cy.destroy();
  cy = window.cytoscape({
    container: box,
    elements,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", shape: "data(shape)", width: 22, height: 22,
        "border-width": 1, "border-color": "#4f5866",
        label: "data(label)", "font-size": 11, color: "#1b1f24", "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "wrap", "text-max-width": 130, "text-background-color": "#ffffff", "text-background-opacity": 0.85,
        "text-background-padding": 2, "text-background-shape": "round-rectangle", "min-zoomed-font-size": 6,
      } },
      { selector: "node.center", style: {
        width: 38, height: 38, "border-width": 4, "border-color": "#c8102e", "font-size": 12, "font-weight": "bold",
        "text-max-width": 200, "z-index": 10,
      } },
      { selector: "node:active, node.hover", style: { "border-color": "#ffbf47", "border-width": 4, "z-index": 20 } },
      // Links between neighbours stay faint: the links of the centre are what the picture is about.
      { selector: "edge", style: {
        width: 0.8, "line-color": "#d5dbe3", "target-arrow-color": "#d5dbe3", "target-arrow-shape": "triangle",
        "arrow-scale": 0.6, "curve-style": "bezier", opacity: 0.8,
      } },
      { selector: "edge.spoke", style: { width: 1.4, "line-color": "#8f9bab", "target-arrow-color": "#8f9bab", opacity: 1 } },
    ],
    layout: {
      name: "concentric", concentric: (n) => 2 * far + 2 - n.data("ring"), levelWidth: () => 1,
      minNodeSpacing: 52, spacingFactor: 1, avoidOverlap: true, padding: 24, animate: false,
    },
  });
  widen(cy, box);
  cy.on("tap", "node", (evt) => { const id = evt.target.id(); if (id !== graphCenter) loadGraph(id); });
  cy.on("mouseover", "node", (evt) => { evt.target.addClass("hover"); box.title = evt.target.data("full"); box.classList.add("pointer"); });
  cy.on("mouseout", "node", (evt) => { evt.target.removeClass("hover"); box.removeAttribute("title"); box.classList.remove("pointer"); });
  // What the canvas shows, readable by scripts and tests: the instance and its node count.
  box.cy = cy;
  box.dataset.center = center;
  box.dataset.nodes = String(cy.nodes().length);
  const centerNode = nodes.find((n) => n.id === center);
  const centerLabel = centerNode ? centerNode.label || compact(center) : compact(center);
  const link = $("graph-center-link");
  link.textContent = centerLabel;
  link.setAttribute("href", entityHref(center));
  $("graph-reset").hidden = center === graphHome;
  renderLegend([...new Set(nodes.map((n) => n.type || ""))]);
  renderNodeList(nodes, center);
}

/** The concentric layout draws circles; the box is wider than tall and labels are wider
 * than nodes, so stretch the rings into ellipses that use the width and give labels room. */
function widen(cy, box) {
  const w = box.clientWidth, hgt = box.clientHeight;
  if (!w || !hgt || cy.nodes().length < 3) return;
  const k = Math.min(2.2, Math.max(1, (w / hgt) * 0.9));
  const c = cy.getElementById(graphCenter).position();
  cy.nodes().positions((n) => { const p = n.position(); return { x: c.x + (p.x - c.x) * k, y: p.y }; });
  cy.fit(undefined, 24);
}

/** The canvas as a list: the same nodes, each a button that recentres and a link to its page. */
function renderNodeList(nodes, center) {
  $("graph-node-count").textContent = fmt.format(nodes.length);
  const ul = clear($("graph-nodes"));
  for (const n of nodes) {
    const label = n.label || compact(n.id);
    const li = h("li", { dataset: { id: n.id } }, badge(n.type), entityLink(n.id, label));
    if (n.id !== center) {
      li.append(h("button", { type: "button", class: "btn btn-link btn-small", "aria-label": `Recentrer le graphe sur ${label}`,
        onclick: () => loadGraph(n.id) }, "Recentrer"));
    } else {
      li.append(h("span", { class: "hint" }, "(centre)"));
    }
    ul.append(li);
  }
}

function wireGraph() {
  $("graph-reset").addEventListener("click", () => { if (graphHome) loadGraph(graphHome); });
  $("graph-depth").addEventListener("change", () => { if (graphCenter) loadGraph(graphCenter); });
}

// -- plan tree -------------------------------------------------------------------------------
let plansList = null;
let treeCtl = null;

export async function showPlans(params) {
  document.title = "Structure des plans — Boussole";
  const status = $("plans-status");
  try {
    if (!plansList) {
      setStatus(status, "Chargement…");
      plansList = (await getJSON("/plans")).plans || [];
      setStatus(status, "");
    }
  } catch (err) {
    setStatus(status, networkMessage(err), "error");
    return;
  }
  const wanted = (params.get("plan") || "").trim();
  const current = wanted || (plansList[0] && plansList[0].id) || "";
  renderPicker(current);
  if (current) loadTree(current);
}

function renderPicker(current) {
  const ul = clear($("plans-list"));
  for (const p of plansList) {
    const on = p.id === current || p.academy === current || p.slug === current;
    ul.append(h("li", {}, h("a", {
      class: "plan-pick" + (on ? " current" : ""), href: "#/plans?" + new URLSearchParams({ plan: p.id }).toString(),
      "aria-current": on ? "true" : null, dataset: { plan: p.id },
    }, h("span", { class: "heat-academy" }, p.academy || ""), h("span", {}, p.label || compact(p.id)))));
  }
}

async function loadTree(plan) {
  const status = $("plans-status");
  if (treeCtl) treeCtl.abort();
  treeCtl = new AbortController();
  setStatus(status, "Chargement du plan…");
  try {
    const tree = await getJSON("/plans/tree?" + new URLSearchParams({ plan }).toString(),
      { signal: treeCtl.signal, headers: { Accept: "application/json" } });
    renderTree(tree);
    setStatus(status, "");
  } catch (err) {
    if (err.name === "AbortError") return;
    $("plan-tree-box").hidden = true;
    setStatus(status, networkMessage(err), "error");
  }
}

function renderTree(tree) {
  $("plan-tree-box").hidden = false;
  const title = $("plan-tree-title");
  clear(title).append(entityLink(tree.id, tree.label || compact(tree.id)));
  const root = clear($("plan-tree"));
  root.dataset.plan = tree.id;
  let seq = 0;
  function branch(node, depth) {
    const kids = node.children || [];
    const id = "tree-" + (seq++);
    const li = h("li", { class: "tree-node", dataset: { type: node.type || "", id: node.id, depth: String(depth) } });
    const row = h("div", { class: "tree-row" });
    if (kids.length) {
      row.append(h("button", { type: "button", class: "tree-toggle", "aria-expanded": "false", "aria-controls": id,
        "aria-label": `Déplier ${typeLabel(node.type).toLowerCase()} ${node.notation || ""} : ${plural(kids.length, "élément", "éléments")}`,
        onclick: (e) => toggle(e.currentTarget) }, h("span", { class: "chev", "aria-hidden": "true" }, "▸")));
    } else {
      row.append(h("span", { class: "tree-leaf", "aria-hidden": "true" }));
    }
    row.append(badge(node.type));
    if (node.notation) row.append(h("span", { class: "notation" }, node.notation));
    row.append(entityLink(node.id, node.label || compact(node.id), { class: "tree-label" }));
    if (kids.length) row.append(h("span", { class: "tree-count" }, `(${fmt.format(kids.length)})`));
    li.append(row);
    if (kids.length) {
      const ul = h("ul", { class: "tree-children", id, hidden: true });
      for (const k of kids) ul.append(branch(k, depth + 1));
      li.append(ul);
    }
    return li;
  }
  for (const axis of tree.children || []) root.append(branch(axis, 1));
  if (!root.children.length) root.append(h("li", { class: "hint" }, "Ce plan n'a pas d'axe identifié."));
}

function toggle(btn, force) {
  const open = force === undefined ? btn.getAttribute("aria-expanded") !== "true" : force;
  btn.setAttribute("aria-expanded", String(open));
  const label = btn.getAttribute("aria-label") || "";
  btn.setAttribute("aria-label", label.replace(/^(Déplier|Replier)/, open ? "Replier" : "Déplier"));
  const list = document.getElementById(btn.getAttribute("aria-controls"));
  if (list) list.hidden = !open;
}

function wireTree() {
  $("tree-expand").addEventListener("click", () => { for (const b of $("plan-tree").querySelectorAll(".tree-toggle")) toggle(b, true); });
  $("tree-collapse").addEventListener("click", () => { for (const b of $("plan-tree").querySelectorAll(".tree-toggle")) toggle(b, false); });
}


/** Wires the graph's and the tree's controls (once, at start). */
export function initPictures() {
  wireGraph();
  wireTree();
}
