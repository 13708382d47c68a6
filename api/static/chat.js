/* Boussole — the chat view: a conversation kept in the tab's session storage, answers with
 * numbered citations linking to their sources. */
import { $, h, clear, entityHref, entityLink, sourceLine, setStatus, apiError, networkMessage } from "./dom.js";
import { compact, typeLabel } from "./vocabulary.js";

const CHAT_EXAMPLES = [
  "Combien d'internats d'excellence ?", "Which projects support rural access to culture?",
  "Quels dispositifs pour l'école inclusive ?",
];

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


export function showChat(changed, first) {
  document.title = "Assistant — Boussole";
  if (changed) { window.scrollTo(0, 0); if (!first) $("chat-input").focus(); }
}

/** Wires the form, "new conversation" and the examples, and shows the saved conversation. */
export function initChat() {
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
}
