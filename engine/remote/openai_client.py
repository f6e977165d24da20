"""Replies from a remote OpenAI-compatible engine (llama-server, vLLM, Ollama, LM Studio,
another Hearth): the models it serves, and one streamed chat reply with Hearth's own
statistics and finish reasons.

Stop closes the connection, which is how those servers learn that nobody is reading
(they then cancel the generation). Every failure becomes a :class:`RemoteError` that
says what happened in the user's words; the text received before it is kept in it.
"""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import httpx

from engine.common.errors import HearthError
from engine.common.messages import msg
from engine.llm.generation import Reply, ReplyStats
from engine.llm.messages import ChatMessage, FinishReason
from engine.llm.parameters import NO_REPLY_LIMIT, SamplingSettings
from engine.remote.endpoint import RemoteEndpoint
from engine.remote.reasoning_stream import RemoteReplyText, thinking_fields

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
# A stream that sends nothing for this long is given up (a stalled server).
DEFAULT_STALL_TIMEOUT_S = 120.0
# A 429's Retry-After is honoured up to this long, at most this many times.
MAX_RETRY_AFTER_S = 30.0
MAX_RATE_RETRIES = 2


class RemoteError(HearthError):
    """A remote engine failed; ``partial`` is the reply text received before."""

    def __init__(self, message: str, *, partial: str = "", retry_after: float | None = None):
        super().__init__(message)
        self.partial = partial
        self.retry_after = retry_after


def _error_message(endpoint: RemoteEndpoint, response: httpx.Response) -> str:
    detail = ""
    try:
        body: Any = json.loads(response.read() or b"{}")
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            detail = str(error.get("message") or "")
        elif isinstance(error, str):
            detail = error
        elif isinstance(body, dict) and body.get("detail"):
            detail = str(body["detail"])
    except (ValueError, httpx.HTTPError):
        pass
    return _status_message(f"{endpoint.name} ({endpoint.host})", response.status_code, detail)


def _status_message(where: str, status: int, detail: str) -> str:
    """What an HTTP error status means, followed by the server's own words (``detail``)."""
    detail = detail.rstrip()
    if status in (401, 403):
        if detail:
            return msg(
                "{where} refused the API key (HTTP {status}). {detail}",
                where=where,
                status=status,
                detail=detail,
            )
        return msg("{where} refused the API key (HTTP {status}).", where=where, status=status)
    if status == 404:
        if detail:
            return msg(
                "{where} has no such model or endpoint (HTTP 404). {detail}",
                where=where,
                detail=detail,
            )
        return msg("{where} has no such model or endpoint (HTTP 404).", where=where)
    if status == 429:
        if detail:
            return msg("{where} is busy (HTTP 429). {detail}", where=where, detail=detail)
        return msg("{where} is busy (HTTP 429).", where=where)
    if detail:
        return msg(
            "{where} answered HTTP {status}. {detail}", where=where, status=status, detail=detail
        )
    return msg("{where} answered HTTP {status}.", where=where, status=status)


def _transport_message(endpoint: RemoteEndpoint, error: httpx.TransportError) -> str:
    where = f"{endpoint.name} ({endpoint.host})"
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return msg(
                "The secure connection to {where} failed: {reason}.", where=where, reason=cause
            )
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, httpx.ConnectTimeout):
        return msg(
            "{where} cannot be reached: it did not answer within {seconds:.0f} s.",
            where=where,
            seconds=CONNECT_TIMEOUT_S,
        )
    if isinstance(error, httpx.ConnectError):
        return msg("{where} cannot be reached: {reason}.", where=where, reason=_plain_reason(error))
    if isinstance(error, httpx.ReadTimeout):
        return msg("{where} stopped sending (no data for too long).", where=where)
    return msg(
        "The connection to {where} was lost: {reason}.",
        where=where,
        reason=error or type(error).__name__,
    )


def _plain_reason(error: BaseException) -> str:
    """Why a connection failed, in words instead of an errno."""
    text = str(error).lower()
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError) or "refused" in text:
            return msg("nothing is listening at that address and port (is the server running?)")
        if isinstance(cause, socket.gaierror) or "name or service not known" in text:
            return msg("its host name is unknown (check the address, or the network)")
        if "unreachable" in text:
            return msg("the network cannot reach it")
        cause = cause.__cause__ or cause.__context__
    return str(error) or msg("no connection")


def list_models(endpoint: RemoteEndpoint, timeout: float = CONNECT_TIMEOUT_S) -> list[str]:
    """The model ids the engine serves (``GET /models``), sorted.

    Raises:
        RemoteError: unreachable, refused, or not an OpenAI-compatible answer.
    """
    try:
        response = httpx.get(
            endpoint.url("/models"), headers=endpoint.request_headers(), timeout=timeout
        )
    except httpx.TransportError as error:
        raise RemoteError(_transport_message(endpoint, error)) from None
    if response.status_code != 200:
        raise RemoteError(_error_message(endpoint, response))
    try:
        data = response.json()["data"]
        return sorted(str(entry["id"]) for entry in data)
    except (ValueError, KeyError, TypeError):
        raise RemoteError(
            msg(
                "{name} ({host}) did not answer like an OpenAI-compatible "
                "server: no model list at /models.",
                name=endpoint.name,
                host=endpoint.host,
            )
        ) from None


def choose_model(endpoint: RemoteEndpoint, wanted: str | None) -> str:
    """``wanted``, or the engine's only model when none is named.

    Raises:
        RemoteError: none is named and the engine serves several (or none), or it
            cannot be asked.
    """
    if wanted:
        return wanted
    served = list_models(endpoint)
    if len(served) != 1:
        raise RemoteError(
            msg(
                "{host} serves {count} models; name one with --model: {names}",
                host=endpoint.host,
                count=len(served),
                names=", ".join(served[:20]),
            )
        )
    return served[0]


def chat_body(
    model: str,
    messages: Sequence[ChatMessage],
    sampling: SamplingSettings,
    assistant_prefix: str = "",
) -> dict[str, Any]:
    """The request for a streamed reply. A reply being continued is sent as the last,
    unfinished assistant message, which llama-server, vLLM and Ollama continue.
    Earlier replies go without their thinking; the thinking choice goes along in the
    fields servers read (:func:`~engine.remote.reasoning_stream.thinking_fields`)."""
    wire = [{"role": str(m.role), "content": m.content} for m in messages]
    if assistant_prefix:
        wire.append({"role": "assistant", "content": assistant_prefix})
    body: dict[str, Any] = {
        "model": model,
        "messages": wire,
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
    }
    if sampling.max_tokens != NO_REPLY_LIMIT:
        body["max_tokens"] = sampling.max_tokens
    if sampling.seed is not None:
        body["seed"] = sampling.seed
    if sampling.stop:
        body["stop"] = list(sampling.stop)[:4]
    if sampling.frequency_penalty:
        body["frequency_penalty"] = sampling.frequency_penalty
    if sampling.presence_penalty:
        body["presence_penalty"] = sampling.presence_penalty
    body.update(thinking_fields(sampling.thinking))
    return body


@contextmanager
def _closed_on_cancel(response: httpx.Response, cancel: threading.Event | None) -> Iterator[None]:
    """Close ``response`` as soon as ``cancel`` is set, so a read blocked on a quiet
    server returns at once."""
    if cancel is None:
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(0.05):
            if cancel.is_set():
                response.close()
                return

    watcher = threading.Thread(target=watch, name="hearth-remote-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        watcher.join()


def stream_chat(
    endpoint: RemoteEndpoint,
    model: str,
    messages: Sequence[ChatMessage],
    sampling: SamplingSettings,
    *,
    cancel: threading.Event | None = None,
    on_token: Callable[[str], None] | None = None,
    assistant_prefix: str = "",
    stall_timeout: float = DEFAULT_STALL_TIMEOUT_S,
    on_reasoning: Callable[[str], None] | None = None,
) -> Reply:
    """Stream one reply from ``endpoint``; ``on_token`` gets each piece of the answer,
    ``on_reasoning`` each piece of a reasoning model's thinking (sent apart by the
    server, or inline in ``<think>…</think>`` at the start of the content).

    Raises:
        RemoteError: the engine could not be reached, refused, stalled or dropped the
            connection; its ``partial`` holds the text that came before.
    """
    body = chat_body(model, messages, sampling, assistant_prefix)
    timeout = httpx.Timeout(stall_timeout, connect=CONNECT_TIMEOUT_S)
    started = time.perf_counter()
    for attempt in range(MAX_RATE_RETRIES + 1):
        try:
            text = RemoteReplyText(on_token, on_reasoning, after_reasoning=bool(assistant_prefix))
            return _stream_once(endpoint, body, timeout, started, cancel, text)
        except RemoteError as error:
            wait = error.retry_after
            if wait is None or attempt == MAX_RATE_RETRIES or error.partial:
                raise
            log.info("%s is busy; retrying in %.1f s", endpoint.name, wait)
            if cancel is not None and cancel.wait(wait):
                return Reply("", _stats(started, None, None, 0, {}, FinishReason.CANCELLED))
    raise AssertionError("unreachable")


def _stream_once(
    endpoint: RemoteEndpoint,
    body: dict[str, Any],
    timeout: httpx.Timeout,
    started: float,
    cancel: threading.Event | None,
    text: RemoteReplyText,
) -> Reply:
    usage: dict[str, Any] = {}
    finish: FinishReason | None = None
    try:
        with (
            httpx.Client(timeout=timeout) as client,
            client.stream(
                "POST",
                endpoint.url("/chat/completions"),
                json=body,
                headers=endpoint.request_headers(),
            ) as response,
        ):
            if response.status_code != 200:
                retry = None
                if response.status_code == 429:
                    retry = _retry_after(response.headers.get("retry-after"))
                raise RemoteError(_error_message(endpoint, response), retry_after=retry)
            with _closed_on_cancel(response, cancel):
                for line in response.iter_lines():
                    if cancel is not None and cancel.is_set():
                        finish = FinishReason.CANCELLED
                        break
                    if not line.startswith("data:"):
                        continue
                    data = line[len("data:") :].strip()
                    if data == "[DONE]":
                        break
                    chunk = _chunk(endpoint, data, text.answer)
                    if isinstance(chunk.get("usage"), dict):
                        usage = chunk["usage"]
                    for choice in chunk.get("choices") or ():
                        part = choice.get("delta") or choice.get("message")
                        if isinstance(part, dict):
                            text.feed(part)
                        reason = choice.get("finish_reason")
                        if reason:
                            finish = (
                                FinishReason.LENGTH if reason == "length" else FinishReason.STOP
                            )
    except httpx.TransportError as error:
        if cancel is not None and cancel.is_set():
            finish = FinishReason.CANCELLED
        else:
            raise RemoteError(_transport_message(endpoint, error), partial=text.answer) from None
    if finish is None:
        if cancel is not None and cancel.is_set():
            finish = FinishReason.CANCELLED
        else:
            raise RemoteError(
                msg(
                    "{name} ({host}) ended the reply without finishing it.",
                    name=endpoint.name,
                    host=endpoint.host,
                ),
                partial=text.answer,
            )
    unfinished = text.finish(finish)
    stats = _stats(started, text.first_at, text.last_at, text.pieces, usage, finish)
    stats = replace(
        stats,
        reasoning_tokens=_reasoning_tokens(usage, text.reasoning_pieces) if text.reasoning else 0,
        thinking_s=text.thinking_s if text.reasoning else 0.0,
        thinking_unfinished=unfinished,
    )
    return Reply(text.answer, stats, text.reasoning)


def _chunk(endpoint: RemoteEndpoint, data: str, partial: str) -> dict[str, Any]:
    try:
        chunk = json.loads(data)
    except ValueError:
        raise RemoteError(
            msg(
                "{name} ({host}) sent something that is not a reply chunk.",
                name=endpoint.name,
                host=endpoint.host,
            ),
            partial=partial,
        ) from None
    if not isinstance(chunk, dict):
        raise RemoteError(
            msg("{name} sent an unexpected chunk.", name=endpoint.name), partial=partial
        )
    error = chunk.get("error")
    if error:
        message = error.get("message") if isinstance(error, dict) else str(error)
        raise RemoteError(
            msg(
                "{name} ({host}) stopped the reply: {reason}",
                name=endpoint.name,
                host=endpoint.host,
                reason=message,
            ),
            partial=partial,
        )
    return chunk


def _retry_after(value: str | None) -> float:
    try:
        seconds = float(value) if value else 1.0
    except ValueError:
        seconds = 1.0
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def _stats(
    started: float,
    first_at: float | None,
    last_at: float | None,
    pieces: int,
    usage: dict[str, Any],
    finish: FinishReason,
) -> ReplyStats:
    end = last_at or time.perf_counter()
    ttft = (first_at or end) - started
    completion = _count(usage.get("completion_tokens"), pieces)
    prompt = _count(usage.get("prompt_tokens"), 0)
    decode_time = end - (first_at or end)
    return ReplyStats(
        prompt_tokens=prompt,
        cached_tokens=_count(
            (usage.get("prompt_tokens_details") or {}).get("cached_tokens")
            if isinstance(usage.get("prompt_tokens_details"), dict)
            else None,
            0,
        ),
        completion_tokens=completion,
        ttft_s=ttft,
        prefill_tps=prompt / ttft if prompt and ttft > 0 and first_at is not None else 0.0,
        decode_tps=(completion - 1) / decode_time if decode_time > 0 and completion > 1 else 0.0,
        finish_reason=finish,
    )


def _reasoning_tokens(usage: dict[str, Any], pieces: int) -> int:
    """The server's count of thinking tokens (OpenAI's
    ``completion_tokens_details.reasoning_tokens``), else the pieces of thinking."""
    details = usage.get("completion_tokens_details")
    told = details.get("reasoning_tokens") if isinstance(details, dict) else None
    return _count(told, pieces) or pieces


def _count(value: Any, fallback: int) -> int:
    return value if isinstance(value, int) and value >= 0 else fallback
