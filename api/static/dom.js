/* Boussole — shared helpers of the page: building the DOM as text, links to entities, numbers
 * in French, talking to the API.
 *
 * SECURITY: everything the API returns comes from documents we do not control. The DOM is built
 * with createElement/textContent only — never innerHTML — and the only hrefs built from data
 * are "#/entity/" + encodeURIComponent(iri) and "/dumps/" + encodeURIComponent(name). */
import { compact, typeLabel } from "./vocabulary.js";

export const $ = (id) => document.getElementById(id);

/** createElement with attributes; `text` sets textContent; children are nodes or strings. */
export function h(tag, attrs, ...children) {
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
export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
export function entityHref(iri) { return "#/entity/" + encodeURIComponent(iri); }
export function entityLink(iri, label, attrs) {
  return h("a", Object.assign({ href: entityHref(iri) }, attrs || {}), label || compact(iri));
}
export function badge(t) { return h("span", { class: "badge", dataset: { type: t || "" }, title: t || "" }, typeLabel(t)); }
export function linesText(lines) {
  if (!lines || lines.length < 2) return "";
  return lines[0] === lines[1] ? `ligne ${lines[0]}` : `lignes ${lines[0]}–${lines[1]}`;
}
function basename(path) { return (path || "").split("/").pop(); }
export function sourceLine(source, prefix) {
  if (!source || (!source.document && !source.lines)) return null;
  const p = h("p", { class: "source" });
  if (prefix) p.append(prefix);
  if (source.document) p.append(h("span", { class: "doc", title: source.document }, basename(source.document)));
  const l = linesText(source.lines);
  if (l) p.append(source.document ? ", " : "", h("span", { class: "lines" }, l));
  return p;
}
export function norm(s) { return (s || "").replace(/[\s’']+/g, " ").replace(/[.…\s]+$/, "").trim().toLowerCase(); }
export const fmt = new Intl.NumberFormat("fr-FR");
export const fmtScore = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export function plural(n, one, many) { return `${fmt.format(n)} ${n === 1 ? one : many}`; }

export function setStatus(node, text, kind) {
  node.textContent = text || "";
  node.classList.toggle("error", kind === "error");
  node.classList.toggle("warn", kind === "warn");
}
export function focusHeading(id) {
  const node = $(id);
  if (node) node.focus({ preventScroll: true });
}

export async function apiError(resp) {
  let detail = "";
  try {
    const text = await resp.text();
    try { const j = JSON.parse(text); detail = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); }
    catch (_) { detail = text; }
  } catch (_) { /* body unreadable */ }
  return new Error(`Erreur ${resp.status}${detail ? " : " + detail.slice(0, 500) : ""}`);
}
export async function getJSON(url, opts) {
  const resp = await fetch(url, Object.assign({ headers: { Accept: "application/json" } }, opts || {}));
  if (!resp.ok) throw await apiError(resp);
  return resp.json();
}
export function networkMessage(err) {
  if (err && err.name === "TypeError") return "Le serveur ne répond pas. Vérifiez que « boussole serve » tourne.";
  return (err && err.message) || String(err);
}
