/* Boussole — the SPARQL console: examples, results as a table or RDF, downloads, the dumps. */
import { $, h, clear, entityLink, fmt, plural, setStatus, focusHeading, apiError, getJSON, networkMessage } from "./dom.js";
import { compact } from "./vocabulary.js";

const DATA_BASE = "https://w3id.org/boussole/";

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


export function showSparql(params, changed, first) {
  document.title = "Console SPARQL — Boussole";
  const q = params.get("query");
  if (q) $("sparql-query").value = q;
  if (changed) { window.scrollTo(0, 0); if (!first) focusHeading("sparql-title"); }
  loadDumps();
}

/** Wires the examples, the form and the download buttons (once, at start). */
export function initSparql() {
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
}
