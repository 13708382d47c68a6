/* Boussole — the words of the page that the ontology owns: node type names (singular and
 * plural), how a relation reads from either end, the search facets and the IRI prefixes. They are
 * fetched once from GET /vocabulary (read by the server from ontology/boussole.ttl), so the page
 * repeats none of them. Until it has answered, or if it cannot, names show as they are. */

const LANG = "fr";
let vocab = { types: {}, properties: {}, facets: [], prefixes: {} };
let prefixes = []; // [prefix, namespace], longest namespace first

export async function loadVocabulary() {
  try {
    const resp = await fetch("/vocabulary", { headers: { Accept: "application/json" } });
    if (!resp.ok) return;
    vocab = await resp.json();
    prefixes = Object.entries(vocab.prefixes || {}).sort((a, b) => b[1].length - a[1].length);
  } catch (_) { /* the page works without it: raw names instead of labels */ }
}

function pick(labels) { return (labels && (labels[LANG] || labels.en)) || ""; }

/** "Objective" → "Objectif". */
export function typeLabel(t) {
  const known = vocab.types[t];
  return (known && pick(known.label)) || t || "Élément";
}

/** "Objective" → "Objectifs". */
export function pluralLabel(t) {
  const known = vocab.types[t];
  return (known && pick(known.plural)) || typeLabel(t);
}

/** The heading of a relation seen from one end ("out": the entity is the subject), or null. */
export function relationLabel(predicate, direction) {
  const known = vocab.properties[predicate];
  return (known && pick(direction === "out" ? known.forward : known.inverse)) || null;
}

/** The search facets, in display order: [name, label]. */
export function facets() { return (vocab.facets || []).map((f) => [f.name, pick(f.label) || f.name]); }

export function facetLabel(name) {
  const f = (vocab.facets || []).find((x) => x.name === name);
  return f ? pick(f.label) || name : name;
}

export function compact(iri) {
  for (const [p, ns] of prefixes) if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
  return iri;
}
