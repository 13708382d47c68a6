"""The MCP `ask` tool and POST /chat give the same answers: both call ChatService.ask over the
same data (a real `boussole mcp` child driven by the SDK's client, a real `boussole serve`)."""

from __future__ import annotations

import pytest

from test_mcp import http, mcp  # noqa: F401  (module fixtures: one MCP session, one HTTP client)

QUESTIONS = [
    "How many internats d'excellence does Amiens have?",
    "Où se trouve le projet Calliopé ?",
    "Which CNR projects are in the Oise?",
    "Which national devices do both plans mention?",
]


def _same(a: dict, b: dict) -> dict:
    # conversation ids are drawn per server; everything else must match
    return {k: v for k, v in a.items() if k != "conversation_id"} == {
        k: v for k, v in b.items() if k != "conversation_id"
    }


@pytest.mark.parametrize("question", QUESTIONS)
def test_ask_answers_as_chat(mcp, http, question):  # noqa: F811
    over_mcp = mcp.ok("ask", {"message": question})
    over_http = http.post("/chat", json={"message": question}).json()
    assert _same(over_mcp, over_http) and over_mcp["citations"]


def test_ask_follow_up_in_its_conversation(mcp, http):  # noqa: F811
    a = mcp.ok("ask", {"message": "Quels projets CNR sont dans l'Aisne ?"})
    b = mcp.ok("ask", {"message": "et dans l'Oise ?", "conversation_id": a["conversation_id"]})
    h = http.post("/chat", json={"message": "Quels projets CNR sont dans l'Aisne ?"}).json()
    h2 = http.post("/chat", json={"message": "et dans l'Oise ?", "conversation_id": h["conversation_id"]}).json()
    assert b["conversation_id"] == a["conversation_id"] and _same(b, h2)


def test_ask_refuses_what_chat_refuses(mcp, http):  # noqa: F811
    assert http.post("/chat", json={"message": ""}).status_code == 422
    assert "message" in mcp.error("ask", {"message": ""})
