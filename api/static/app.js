/* Boussole — advisers' page: search, entities, SPARQL console, chat.
 *
 * One page, hash routes:
 *   #/search?q=…&type=…&academy=…&theme=…&device=…&k=…   search (filters repeatable)
 *   #/entity/<encoded IRI>                                  one entity
 *   #/sparql[?query=…]                                      SPARQL console
 *   #/chat                                                  chat
 *   #/coverage                                              theme × plan heat map
 *   #/compare?theme=…[&plans=…]                             plans side by side on one theme
 *   #/plans[?plan=…]                                        a plan as a tree
 * The pictures (heat map, neighbourhood graph, plan tree) live in pictures.js.
 *
 * SECURITY: everything the API returns comes from documents we do not control. The DOM is built
 * with createElement/textContent only — never innerHTML — and the only hrefs built from data
 * are "#/entity/" + encodeURIComponent(iri) and "/dumps/" + encodeURIComponent(name).
 */
(function () {
  "use strict";

  // -- constants --------------------------------------------------------------------------------
  const TYPE_FR = {
    Plan: "Plan", Axis: "Axe", Objective: "Objectif", Engagement: "Engagement", Indicator: "Indicateur",
    Action: "Action", Focus: "Focus", Passage: "Passage", Project: "Projet", Figure: "Donnée chiffrée",
    Device: "Dispositif", Theme: "Thème", Academy: "Académie", School: "Établissement",
    Organisation: "Organisation", Commune: "Commune", Departement: "Département",
    SourceDocument: "Document source", TextSpan: "Extrait", ThemeAssignment: "Thème attribué", DataSet: "Jeu de données",
  };
  const FACETS = [["type", "Type"], ["academy", "Académie"], ["theme", "Thème"], ["device", "Dispositif"]];
  const FACET_VISIBLE = 8;
  const PAGE = 10;
  const MAX_K = 100;
  const DATA_BASE = "https://w3id.org/boussole/";
  const PREFIXES = [
    ["bsl", "https://w3id.org/boussole/ns#"], ["bsld", "https://w3id.org/boussole/device/"],
    ["bslt", "https://w3id.org/boussole/theme/"], ["bsli", "https://w3id.org/boussole/id/"],
    ["skos", "http://www.w3.org/2004/02/skos/core#"], ["rdfs", "http://www.w3.org/2000/01/rdf-schema#"],
    ["rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["dcterms", "http://purl.org/dc/terms/"],
    ["prov", "http://www.w3.org/ns/prov#"], ["schema", "https://schema.org/"], ["org", "http://www.w3.org/ns/org#"],
    ["qb", "http://purl.org/linked-data/cube#"], ["xsd", "http://www.w3.org/2001/XMLSchema#"],
    ["owl", "http://www.w3.org/2002/07/owl#"],
  ];
  // How a relation reads on the entity page: [outgoing, incoming]
  const PREDICATES = {
    "bsl:inPlan": ["Plan", "Éléments du plan"],
    "skos:broader": ["Élément parent", "Éléments rattachés"],
    "skos:narrower": ["Éléments rattachés", "Élément parent"],
    "bsl:hasAxis": ["Axes", "Élément parent"],
    "bsl:hasObjective": ["Objectifs", "Élément parent"],
    "bsl:hasEngagement": ["Engagements", "Élément parent"],
    "bsl:hasIndicator": ["Indicateurs", "Élément parent"],
    "bsl:hasAction": ["Actions", "Élément parent"],
    "bsl:hasFocus": ["Focus", "Élément parent"],
    "bsl:device": ["Dispositifs cités", "Cité dans"],
    "dcterms:subject": ["Thèmes", "Éléments sur ce thème"],
    "bsl:place": ["Lieux cités", "Éléments citant ce lieu"],
    "bsl:organisation": ["Organisations citées", "Éléments citant cette organisation"],
    "dcterms:publisher": ["Publié par", "Plans publiés"],
    "dcterms:source": ["Document source", "Source de"],
    "dcterms:isPartOf": ["Fait partie de", "Comprend"],
    "bsl:carriedBy": ["Porté par", "Projets portés"],
    "bsl:presentedUnder": ["Présenté sous", "Projets présentés ici"],
    "bsl:describes": ["Décrit", "Données chiffrées"],
    "schema:location": ["Lieu", "Établissements situés ici"],
    "schema:containedInPlace": ["Situé dans", "Contient"],
    "skos:inScheme": ["Thésaurus", "Concepts"],
    "skos:topConceptOf": ["Thésaurus", "Concepts de tête"],
    "skos:hasTopConcept": ["Concepts de tête", "Thésaurus"],
    "skos:related": ["Concepts liés", "Concepts liés"],
    "prov:wasDerivedFrom": ["Dérivé de", "Source de"],
  };
  const TYPE_ORDER = ["Plan", "Axis", "Objective", "Engagement", "Indicator", "Action", "Focus", "Project", "Figure", "Passage"];
  const STATUS_FR = { done: "réalisée", planned: "prévue" };

  const SPARQL_EXAMPLES = [
    ["Objectifs par plan", `# Les objectifs de chaque plan, avec leur numéro
SELECT ?plan ?numero ?objectif ?o WHERE {
  ?o a bsl:Objective ; bsl:inPlan ?p ; rdfs:label ?objectif .
  ?p rdfs:label ?plan .
  OPTIONAL { ?o skos:notation ?numero }
}
ORDER BY ?plan ?numero ?objectif`],
    ["Indicateurs de Clermont-Ferrand", `# Indicateurs du plan de l'académie de Clermont-Ferrand, avec leur objectif et leurs lignes
SELECT ?indicateur ?objectif ?debut ?fin ?i WHERE {
  ?p a bsl:Plan ; dcterms:publisher ?a .
  ?a rdfs:label ?academie FILTER(CONTAINS(?academie, "Clermont"))
  ?i a bsl:Indicator ; bsl:inPlan ?p ; rdfs:label ?indicateur ; skos:broader ?o ;
     prov:wasDerivedFrom ?s .
  ?o rdfs:label ?objectif .
  ?s bsl:startLine ?debut ; bsl:endLine ?fin .
}
ORDER BY ?debut`],
    ["Dispositifs communs aux plans", `# Dispositifs nationaux cités dans au moins deux plans
SELECT ?dispositif (COUNT(DISTINCT ?p) AS ?plans) (COUNT(?x) AS ?mentions) ?d WHERE {
  ?x bsl:inPlan ?p ; bsl:device ?d .
  ?d skos:prefLabel ?dispositif FILTER(LANG(?dispositif) = "fr")
}
GROUP BY ?d ?dispositif
HAVING (COUNT(DISTINCT ?p) >= 2)
ORDER BY DESC(?mentions)`],
    ["Données chiffrées avec année", `# Chiffres cités par les plans, avec l'année et la source
SELECT ?annee ?valeur ?unite ?plan ?debut ?citation ?f WHERE {
  ?f a bsl:Figure ; bsl:value ?valeur ; bsl:refPeriod ?annee ; bsl:inPlan ?p ;
     prov:wasDerivedFrom ?s .
  ?p rdfs:label ?plan .
  ?s bsl:startLine ?debut ; bsl:quote ?citation .
  OPTIONAL { ?f bsl:unit ?unite }
}
ORDER BY ?annee ?debut`],
    ["Projets par département", `# Projets et département de l'établissement qui les porte
SELECT ?departement ?projet ?etablissement ?p WHERE {
  ?p a bsl:Project ; rdfs:label ?projet ; bsl:carriedBy ?e .
  ?e rdfs:label ?etablissement ; schema:location/schema:containedInPlace ?d .
  ?d rdfs:label ?departement .
}
ORDER BY ?departement ?projet`],
    ["Thèmes les plus présents", `# Nombre d'éléments rattachés à chaque thème, par plan
SELECT ?theme ?plan (COUNT(?x) AS ?elements) WHERE {
  ?x bsl:inPlan ?p ; dcterms:subject ?t .
  ?t a bsl:Theme ; skos:prefLabel ?theme FILTER(LANG(?theme) = "fr")
  ?p rdfs:label ?plan .
}
GROUP BY ?theme ?plan
ORDER BY DESC(?elements)`],
  ];
  const SEARCH_EXAMPLES = [
    "internats d'excellence", "excellence boarding schools", "accès à la culture en zone rurale",
    "school climate indicators", "école inclusive",
  ];
  const CHAT_EXAMPLES = [
    "Combien d'internats d'excellence ?", "Which projects support rural access to culture?",
    "Quels dispositifs pour l'école inclusive ?",
  ];

  // -- DOM helpers (text only) -----------------------------------------------------------------
  const $ = (id) => document.getElementById(id);

  /** createElement with attributes; `text` sets textContent; children are nodes or strings. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function entityHref(iri) { return "#/entity/" + encodeURIComponent(iri); }
  function entityLink(iri, label, attrs) {
    return h("a", Object.assign({ href: entityHref(iri) }, attrs || {}), label || compact(iri));
  }
  function compact(iri) {
    for (const [p, ns] of PREFIXES) if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    return iri;
  }
  function typeLabel(t) { return TYPE_FR[t] || t || "Élément"; }
  function badge(t) { return h("span", { class: "badge", dataset: { type: t || "" }, title: t || "" }, typeLabel(t)); }
  function linesText(lines) {
    if (!lines || lines.length < 2) return "";
    return lines[0] === lines[1] ? `ligne ${lines[0]}` : `lignes ${lines[0]}–${lines[1]}`;
  }
  function basename(path) { return (path || "").split("/").pop(); }
  function sourceLine(source, prefix) {
    if (!source || (!source.document && !source.lines)) return null;
    const p = h("p", { class: "source" });
    if (prefix) p.append(prefix);
    if (source.document) p.append(h("span", { class: "doc", title: source.document }, basename(source.document)));
    const l = linesText(source.lines);
    if (l) p.append(source.document ? ", " : "", h("span", { class: "lines" }, l));
    return p;
  }
  function norm(s) { return (s || "").replace(/[\s’']+/g, " ").replace(/[.…\s]+$/, "").trim().toLowerCase(); }
  const fmt = new Intl.NumberFormat("fr-FR");
  const fmtScore = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function plural(n, one, many) { return `${fmt.format(n)} ${n === 1 ? one : many}`; }

  function setStatus(node, text, kind) {
    node.textContent = text || "";
    node.classList.toggle("error", kind === "error");
    node.classList.toggle("warn", kind === "warn");
  }

  async function apiError(resp) {
    let detail = "";
    try {
      const text = await resp.text();
      try { const j = JSON.parse(text); detail = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); }
      catch (_) { detail = text; }
    } catch (_) { /* body unreadable */ }
    return new Error(`Erreur ${resp.status}${detail ? " : " + detail.slice(0, 500) : ""}`);
  }
  async function getJSON(url, opts) {
    const resp = await fetch(url, Object.assign({ headers: { Accept: "application/json" } }, opts || {}));
    if (!resp.ok) throw await apiError(resp);
    return resp.json();
  }
  function networkMessage(err) {
    if (err && err.name === "TypeError") return "Le serveur ne répond pas. Vérifiez que « boussole serve » tourne.";
    return (err && err.message) || String(err);
  }

  // -- routing -----------------------------------------------------------------------------------
  const VIEWS = ["search", "entity", "sparql", "chat", "coverage", "compare", "plans"];
  let currentView = null;
  let navCount = 0;          // in-page navigations since load: "← Retour" uses history when > 0
  let lastSearchHash = null; // "Retour aux résultats"
  let searchScroll = 0;

  function parseHash() {
    const raw = location.hash.replace(/^#/, "") || "/";
    const qi = raw.indexOf("?");
    const path = qi < 0 ? raw : raw.slice(0, qi);
    const params = new URLSearchParams(qi < 0 ? "" : raw.slice(qi + 1));
    if (path.startsWith("/entity/")) {
      let iri = null;
      try { iri = decodeURIComponent(path.slice("/entity/".length)); } catch (_) { iri = null; }
      return { view: "entity", iri };
    }
    if (path === "/sparql") return { view: "sparql", params };
    if (path === "/coverage") return { view: "coverage", params };
    if (path === "/compare") return { view: "compare", params };
    if (path === "/plans") return { view: "plans", params };
    if (path === "/chat") return { view: "chat", params };
    return { view: "search", params };
  }

  function showView(name) {
    const changed = currentView !== name;
    if (changed && currentView === "search") searchScroll = window.scrollY;
    for (const v of VIEWS) $("view-" + v).hidden = v !== name;
    for (const a of document.querySelectorAll("[data-nav]")) {
      if (a.dataset.nav === (name === "compare" ? "coverage" : name)) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    const first = currentView === null;
    currentView = name;
    return { changed, first };
  }
  function focusHeading(id) {
    const node = $(id);
    if (node) node.focus({ preventScroll: true });
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
      document.title = "Console SPARQL — Boussole";
      const q = r.params.get("query");
      if (q) $("sparql-query").value = q;
      if (changed) { window.scrollTo(0, 0); if (!first) focusHeading("sparql-title"); }
      loadDumps();
    } else if (r.view === "coverage" || r.view === "compare" || r.view === "plans") {
      if (changed) window.scrollTo(0, 0);
      const titles = { coverage: "coverage-title", compare: "compare-title", plans: "plans-title" };
      if (changed && !first) focusHeading(titles[r.view]);
      if (r.view === "coverage") pictures.showCoverage();
      else if (r.view === "compare") pictures.showCompare(r.params);
      else pictures.showPlans(r.params);
    } else if (r.view === "chat") {
      document.title = "Assistant — Boussole";
      if (changed) { window.scrollTo(0, 0); if (!first) $("chat-input").focus(); }
    }
  }
  window.addEventListener("hashchange", () => { navCount += 1; route(); });

  // -- search ------------------------------------------------------------------------------------
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
    for (const [kind] of FACETS) for (const v of params.getAll(kind)) if (v) s.filters.push([kind, v]);
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
  function go(hash) {
    if (location.hash === hash) route(); // same route: run again (e.g. Enter on an unchanged query)
    else location.hash = hash;
  }
  function currentSearch() { return searchState(parseHash().params || new URLSearchParams()); }

  function routeSearch(params, changed, first) {
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
    lastSearchHash = searchHash(s);
    document.title = `« ${s.q} » — Recherche — Boussole`;
    const key = lastSearchHash;
    if (lastSearch.key === key && lastSearch.data) {
      renderSearch(s, lastSearch.data);
      if (changed) window.scrollTo(0, searchScroll);
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
    for (const [kind] of FACETS) for (const f of (data.facets && data.facets[kind]) || []) learnLabel(kind, f.value, f.label);
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
    if (u && u.devices && u.devices.length) parts.push(["Dispositif", u.devices]);
    if (u && u.themes && u.themes.length) parts.push(["Thèmes", u.themes]);
    node.hidden = !parts.length;
    if (!parts.length) return;
    node.append("Requête rapprochée de : ");
    parts.forEach(([name, items], i) => {
      if (i) node.append(" · ");
      node.append(name + " ");
      items.forEach((it, j) => {
        if (j) node.append(", ");
        node.append(entityLink(it.id, it.label));
      });
    });
  }

  function renderActiveFilters(s) {
    const box = $("active-filters");
    const list = clear($("active-filter-list"));
    box.hidden = !s.filters.length || !s.q;
    for (const [kind, value] of s.filters) {
      const name = FACETS.find((f) => f[0] === kind)[1];
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

  function renderFacets(s, facets) {
    const box = clear($("facet-groups"));
    const counted = ((facets.type || []).reduce((a, f) => a + f.count, 0));
    $("facets-hint").textContent = !counted ? "" : (counted === 1 ? "Répartition du premier résultat." : `Répartition des ${fmt.format(counted)} premiers résultats.`) + " Cliquer une valeur pour filtrer.";
    for (const [kind, name] of FACETS) {
      const values = facets[kind] || [];
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
      h("span", { class: "chip-kind" }, "Dispositif"), d.label)));
    for (const t of r.themes || []) chips.push(h("li", {}, h("a", { class: "chip theme", href: entityHref(t.id) },
      h("span", { class: "chip-kind" }, "Thème"), t.label)));
    for (const p of r.places || []) chips.push(h("li", {}, h("a", { class: "chip place", href: entityHref(p.id) },
      h("span", { class: "chip-kind" }, "Lieu"), p.label)));
    if (chips.length) li.append(h("ul", { class: "chip-list", "aria-label": "Dispositifs, thèmes et lieux" }, chips));
    if (r.duplicates && r.duplicates.length) {
      li.append(h("p", { class: "dups" }, `${plural(r.duplicates.length, "passage très proche regroupé", "passages très proches regroupés")} avec ce résultat.`));
    }
    return li;
  }

  // -- entity ------------------------------------------------------------------------------------
  let entityCtl = null;

  async function loadEntity(iri, moveFocus) {
    const status = $("entity-status");
    const art = $("entity");
    $("entity-back-results").hidden = !lastSearchHash;
    if (lastSearchHash) $("entity-back-results").setAttribute("href", lastSearchHash);
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
      pictures.showGraph(data.id); // after unhiding: the graph needs its box's size
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
      const names = PREDICATES[curie];
      const title = names ? names[n.direction === "out" ? 0 : 1] : (n.direction === "out" ? curie : `${curie} (relation entrante)`);
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

  // -- pictures (pictures.js) --------------------------------------------------------------------
  const pictures = window.BoussolePictures({
    $, h, clear, entityHref, entityLink, compact, badge, typeLabel, linesText, setStatus, getJSON, networkMessage,
    fmt, fmtScore, plural,
  });

  // -- SPARQL ------------------------------------------------------------------------------------
  let lastRun = null; // {query, kind}
  let sparqlCtl = null;
  let dumpsLoaded = false;
  const DOWNLOADS = {
    solutions: [["CSV", "text/csv", "csv"], ["JSON", "application/sparql-results+json", "json"]],
    boolean: [null, ["JSON", "application/sparql-results+json", "json"]],
    graph: [["Turtle", "text/turtle", "ttl"], ["JSON-LD", "application/ld+json", "jsonld"]],
  };

  function sparqlPost(query, accept, signal) {
    return fetch("/sparql", {
      method: "POST", body: new URLSearchParams({ query }), headers: { Accept: accept }, signal,
    });
  }

  async function runSparql() {
    const query = $("sparql-query").value.trim();
    const status = $("sparql-status");
    const out = $("sparql-result");
    if (!query) { setStatus(status, "Saisissez une requête ou choisissez un exemple.", "warn"); return; }
    if (sparqlCtl) sparqlCtl.abort();
    sparqlCtl = new AbortController();
    setStatus(status, "Exécution…");
    $("sparql-run").disabled = true;
    out.setAttribute("aria-busy", "true");
    const t0 = performance.now();
    try {
      const resp = await sparqlPost(query, "application/sparql-results+json, text/turtle;q=0.9", sparqlCtl.signal);
      if (!resp.ok) throw await apiError(resp);
      const ms = Math.round(performance.now() - t0);
      const ctype = (resp.headers.get("content-type") || "").split(";")[0].trim();
      const truncated = resp.headers.get("x-boussole-truncated");
      clear(out);
      let kind, summary;
      if (ctype.includes("json")) {
        const data = await resp.json();
        if (typeof data.boolean === "boolean") {
          kind = "boolean";
          summary = `Réponse : ${data.boolean ? "vrai" : "faux"}`;
          out.append(h("p", { class: "ask-result" }, summary));
        } else {
          kind = "solutions";
          const rows = (data.results && data.results.bindings) || [];
          summary = plural(rows.length, "ligne", "lignes");
          out.append(resultTable((data.head && data.head.vars) || [], rows, summary));
        }
      } else {
        kind = "graph";
        const text = await resp.text();
        const n = text.split("\n").filter((l) => l.trim() && !l.startsWith("@prefix")).length;
        summary = `Graphe RDF (${ctype || "texte"}), ${plural(n, "ligne", "lignes")}`;
        out.append(h("pre", { class: "rdf", tabindex: "0", "aria-label": "Résultat RDF" }, text));
      }
      lastRun = { query, kind };
      setDownloads(kind);
      setStatus(status, `${summary} — ${fmt.format(ms)} ms.${truncated ? " Résultat tronqué par le serveur (" + truncated + ")." : ""}`,
        truncated ? "warn" : null);
    } catch (err) {
      if (err.name === "AbortError") return;
      clear(out);
      lastRun = null;
      setDownloads(null);
      setStatus(status, networkMessage(err), "error");
    } finally {
      $("sparql-run").disabled = false;
      out.setAttribute("aria-busy", "false");
    }
  }

  function resultTable(vars, rows, summary) {
    const MAX_SHOWN = 2000;
    const table = h("table", { class: "sparql-table" },
      h("caption", {}, rows.length > MAX_SHOWN ? `${summary} (les ${fmt.format(MAX_SHOWN)} premières affichées ; téléchargez le reste)` : summary),
      h("thead", {}, h("tr", {}, vars.map((v) => h("th", { scope: "col" }, "?" + v)))));
    const body = h("tbody");
    for (const row of rows.slice(0, MAX_SHOWN)) body.append(h("tr", {}, vars.map((v) => h("td", {}, termNode(row[v])))));
    table.append(body);
    return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Résultats de la requête" }, table);
  }

  function termNode(t) {
    if (!t) return "";
    if (t.type === "uri") {
      return t.value.startsWith(DATA_BASE) ? entityLink(t.value, compact(t.value), { title: t.value })
        : h("span", { title: t.value }, compact(t.value));
    }
    if (t.type === "bnode") return "_:" + t.value;
    const frag = document.createDocumentFragment();
    frag.append(t.value);
    if (t["xml:lang"]) frag.append(h("span", { class: "lang" }, "@" + t["xml:lang"]));
    return frag;
  }

  function setDownloads(kind) {
    const [csv, json] = kind ? DOWNLOADS[kind] : [null, null];
    const bc = $("sparql-download-csv"), bj = $("sparql-download-json");
    bc.disabled = !csv; bj.disabled = !json;
    bc.textContent = "Télécharger " + (csv ? csv[0] : "CSV");
    bj.textContent = "Télécharger " + (json ? json[0] : "JSON");
  }

  async function download(which) {
    if (!lastRun) return;
    const spec = DOWNLOADS[lastRun.kind][which];
    if (!spec) return;
    const [name, accept, ext] = spec;
    const status = $("sparql-status");
    try {
      const resp = await sparqlPost(lastRun.query, accept);
      if (!resp.ok) throw await apiError(resp);
      const blob = await resp.blob();
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: `boussole-resultats.${ext}`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setStatus(status, `Téléchargement ${name} prêt (${fmt.format(blob.size)} octets).`);
    } catch (err) {
      setStatus(status, networkMessage(err), "error");
    }
  }

  async function loadDumps() {
    if (dumpsLoaded) return;
    dumpsLoaded = true;
    const ul = clear($("dumps"));
    try {
      const data = await getJSON("/dumps");
      for (const d of data.dumps || []) {
        const kb = Math.max(1, Math.round((d.bytes || 0) / 1024));
        ul.append(h("li", {}, h("a", { href: "/dumps/" + encodeURIComponent(d.name), download: d.name }, d.name),
          h("span", { class: "hint" }, ` ${d.media_type}, ${fmt.format(kb)} Ko`)));
      }
      if (!ul.children.length) ul.append(h("li", { class: "hint" }, "Aucun export disponible (lancez « boussole ingest »)."));
    } catch (err) {
      dumpsLoaded = false;
      ul.append(h("li", { class: "hint" }, "Liste des exports indisponible."));
    }
  }

  // -- chat --------------------------------------------------------------------------------------
  const CHAT_KEY = "boussole.chat.v1";
  let chat = { conversation_id: null, messages: [] };
  let chatPending = false;
  try {
    const saved = JSON.parse(sessionStorage.getItem(CHAT_KEY) || "null");
    if (saved && Array.isArray(saved.messages)) chat = saved;
  } catch (_) { /* storage unavailable */ }
  function saveChat() {
    try { sessionStorage.setItem(CHAT_KEY, JSON.stringify(chat)); } catch (_) { /* full or disabled */ }
  }

  function renderChat() {
    const log = clear($("chat-log"));
    chat.messages.forEach((m, i) => log.append(chatMessage(m, i)));
    $("chat-reset").hidden = !chat.messages.length;
  }

  function chatMessage(m, i) {
    if (m.role === "user") {
      return h("li", { class: "msg msg-user" }, h("p", { class: "msg-who" }, "Vous"), h("p", { class: "msg-text" }, m.text));
    }
    const cites = new Map((m.citations || []).map((c) => [String(c.n), c]));
    const text = h("p", { class: "msg-text" });
    for (const [j, part] of (m.text || "").split(/\[(\d+)\]/).entries()) {
      if (j % 2 === 0) { if (part) text.append(part); continue; }
      const c = cites.get(part);
      if (c) text.append(h("a", { class: "cite", href: entityHref(c.id), "aria-label": `source ${part} : ${c.label}` }, `[${part}]`));
      else text.append(`[${part}]`);
    }
    const li = h("li", { class: "msg msg-bot", lang: m.language || null, dataset: { index: String(i) } },
      h("p", { class: "msg-who", lang: "fr" }, "Boussole"), text);
    if ((m.citations || []).length) {
      const ol = h("ol", { class: "citations", "aria-label": "Sources" });
      for (const c of m.citations) {
        ol.append(h("li", { class: "citation" }, h("span", { class: "n", "aria-hidden": "true" }, `[${c.n}]`),
          h("div", {}, entityLink(c.id, c.label || compact(c.id), { class: "citation-link" }), sourceLine(c.source, null))));
      }
      li.append(ol);
    }
    if (m.understood && m.understood.topic) {
      const u = m.understood;
      const bits = [`sujet « ${u.topic} »`];
      if (u.types && u.types.length) bits.push("types : " + u.types.map(typeLabel).join(", "));
      if (u.academies && u.academies.length) bits.push("académies : " + u.academies.join(", "));
      li.append(h("p", { class: "understood-chat", lang: "fr" }, "Question comprise : " + bits.join(" · ")));
    }
    return li;
  }

  async function sendChat(message) {
    message = (message || "").trim();
    if (!message || chatPending) return;
    chatPending = true;
    $("chat-send").disabled = true;
    chat.messages.push({ role: "user", text: message });
    renderChat();
    setStatus($("chat-status"), "Recherche de la réponse…");
    try {
      const resp = await fetch("/chat", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ message, conversation_id: chat.conversation_id }),
      });
      if (!resp.ok) throw await apiError(resp);
      const data = await resp.json();
      chat.conversation_id = data.conversation_id || chat.conversation_id;
      chat.messages.push({ role: "assistant", text: data.answer, language: data.language, citations: data.citations || [],
        understood: data.understood || null });
      $("chat-input").value = "";
      setStatus($("chat-status"), "");
    } catch (err) {
      chat.messages.pop();
      $("chat-input").value = message;
      setStatus($("chat-status"), networkMessage(err), "error");
    } finally {
      saveChat();
      renderChat();
      chatPending = false;
      $("chat-send").disabled = false;
      const last = $("chat-log").lastElementChild;
      if (last) last.scrollIntoView({ block: "nearest" });
    }
  }

  // -- wiring ------------------------------------------------------------------------------------
  function init() {
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

    $("entity-back").addEventListener("click", () => {
      if (navCount > 0 && history.length > 1) history.back();
      else location.hash = lastSearchHash || "#/";
    });

    const sx = $("sparql-examples");
    for (const [name, query] of SPARQL_EXAMPLES) {
      sx.append(h("li", {}, h("button", { type: "button", class: "btn btn-small", dataset: { example: name }, onclick: () => {
        $("sparql-query").value = query;
        $("sparql-query").focus();
        setStatus($("sparql-status"), `Exemple « ${name} » chargé : Exécuter (ou Ctrl+Entrée) pour le lancer.`);
      } }, name)));
    }
    if (!$("sparql-query").value) $("sparql-query").value = SPARQL_EXAMPLES[0][1];
    $("sparql-form").addEventListener("submit", (e) => { e.preventDefault(); runSparql(); });
    $("sparql-query").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runSparql(); }
    });
    $("sparql-download-csv").addEventListener("click", () => download(0));
    $("sparql-download-json").addEventListener("click", () => download(1));

    $("chat-form").addEventListener("submit", (e) => { e.preventDefault(); sendChat($("chat-input").value); });
    $("chat-reset").addEventListener("click", () => {
      chat = { conversation_id: null, messages: [] };
      saveChat(); renderChat();
      setStatus($("chat-status"), "Nouvelle conversation.");
      $("chat-input").focus();
    });
    const cx = $("chat-examples");
    for (const q of CHAT_EXAMPLES) {
      cx.append(h("li", {}, h("button", { type: "button", class: "btn btn-small", onclick: () => {
        $("chat-input").value = q; sendChat(q);
      } }, q)));
    }
    renderChat();
    route();
    getJSON("/health").then((d) => {
      if (typeof d.documents === "number") {
        $("corpus-stats").textContent = `${plural(d.documents, "document indexé", "documents indexés")}, ${plural(d.units || 0, "élément", "éléments")} recherchables.`;
      }
    }).catch(() => { /* the page works without it */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
