"""POST /chat: a short answer with citations (api/chat.ChatService, as the MCP `ask` tool)."""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import Chat, Fair
from ..queries import ChatRequest
from ..schemas import ChatResponse, errors

router = APIRouter()


@router.post(
    "/chat",
    tags=["chat"],
    response_model=ChatResponse,
    responses=errors(400, 413, 422, 429),
    summary="Ask a question in French or English; get a short answer with citations",
)
def chat(body: ChatRequest, service: Chat, fair: Fair) -> dict:
    return fair.run(lambda: service.ask(body.message, body.conversation_id))
