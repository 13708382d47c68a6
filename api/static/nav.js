/* Boussole — the page's hash routes, and what the views share about where the user has been.
 *
 *   #/search?q=…&type=…&academy=…&theme=…&device=…&k=…   search (filters repeatable)
 *   #/entity/<encoded IRI>                                  one entity
 *   #/sparql[?query=…]                                      SPARQL console
 *   #/chat                                                  chat
 *   #/coverage                                              theme × plan heat map
 *   #/compare?theme=…[&plans=…]                             plans side by side on one theme
 *   #/plans[?plan=…]                                        a plan as a tree */

export const visits = {
  navCount: 0,          // in-page navigations since load: "← Retour" uses history when > 0
  lastSearchHash: null, // "Retour aux résultats"
  searchScroll: 0,
};

let router = () => {};
/** The function that shows the current route (set once by app.js). */
export function onRoute(fn) { router = fn; }
export function route() { router(); }

export function parseHash() {
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

export function go(hash) {
  if (location.hash === hash) router(); // same route: run again (e.g. Enter on an unchanged query)
  else location.hash = hash;
}
