"""Whether the hub can be reached at all, found out in one quick try.

huggingface_hub retries a failed connection five times with a growing pause (1 + 2 +
4 + 8 + 8 s) before ``list_models`` gives up, so with no network or an unknown host a
search said nothing for about 23 s and then "[Errno -2] Name or service not known".
One name lookup and one TCP connection (to the proxy when one applies, as the HTTP
client would) tell at once, and the error says what the user can do about it.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import urllib.request
from urllib.parse import urlsplit

from engine.common.errors import HubError
from engine.common.messages import msg
from engine.hub.hub_config import HubConfig

log = logging.getLogger(__name__)

# Seconds for the name lookup and, separately, for the connection. A hub that answers
# needs a fraction of this; a resolver that does not answer would hold a search longer.
CHECK_TIMEOUT = 5.0

_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


class HubUnreachableError(HubError):
    """No connection to the hub (or mirror): no network, an unknown name, no route, or
    nothing listening. Nothing was sent; Retry may work later."""

    def __init__(self, config: HubConfig, reason: str) -> None:
        self.endpoint = config.endpoint
        self.reason = reason
        super().__init__(unreachable_message(config, reason))


def unreachable_message(config: HubConfig, reason: str) -> str:
    return msg(
        "You are offline (or the hub is unreachable): {endpoint} cannot be "
        "reached ({reason}). Retry when the network is back, or set a mirror in "
        "Models → Settings.",
        endpoint=config.endpoint,
        reason=reason,
    )


def check_reachable(config: HubConfig, timeout: float = CHECK_TIMEOUT) -> None:
    """Raise :class:`HubUnreachableError` unless a TCP connection to the endpoint (or the
    proxy the HTTP client would use for it) opens within ``timeout`` seconds."""
    parts = urlsplit(config.endpoint)
    host = parts.hostname or ""
    if not host:
        raise HubUnreachableError(config, msg("the address has no host name"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    proxy = _proxy_for(parts.scheme, host)
    if proxy is not None:
        host, port = proxy
    addresses = _resolve(host, port, timeout)
    if addresses is None:
        if proxy is not None:
            reason = msg(
                "looking up the proxy {host}:{port} did not finish",
                host=host,
                port=port,
            )
        else:
            reason = msg("looking up {host} did not finish", host=host)
        raise HubUnreachableError(config, reason)
    if isinstance(addresses, socket.gaierror):
        if proxy is not None:
            reason = msg(
                "the name of the proxy {host}:{port} could not be resolved",
                host=host,
                port=port,
            )
        else:
            reason = msg("the name {host} could not be resolved", host=host)
        raise HubUnreachableError(config, reason)
    last: OSError | None = None
    for family, kind, protocol, _name, address in addresses:
        connection = socket.socket(family, kind, protocol)
        connection.settimeout(timeout)
        try:
            connection.connect(address)
        except OSError as error:
            last = error
            continue
        finally:
            connection.close()
        return
    if proxy is not None:
        raise HubUnreachableError(
            config,
            msg(
                "{reason} through the proxy {host}:{port}",
                reason=_reason(last),
                host=host,
                port=port,
            ),
        )
    raise HubUnreachableError(config, _reason(last))


_Addresses = list[tuple[socket.AddressFamily, socket.SocketKind, int, str, tuple[str, int]]]


def _resolve(host: str, port: int, timeout: float) -> _Addresses | socket.gaierror | None:
    """``getaddrinfo`` with a time limit (it has none of its own): the addresses, the
    lookup's error, or None when it did not finish in time."""
    found: list[_Addresses | socket.gaierror] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))  # type: ignore[arg-type]
        except socket.gaierror as error:
            found.append(error)
        except (OSError, UnicodeError) as error:  # e.g. a label too long to encode
            log.info("Looking up %r failed: %s", host, error)
            found.append(socket.gaierror(str(error)))

    # A daemon thread: a lookup stuck in the resolver is left behind, not waited for.
    worker = threading.Thread(target=lookup, name="hub-lookup", daemon=True)
    worker.start()
    worker.join(timeout)
    return found[0] if found else None


def _proxy_for(scheme: str, host: str) -> tuple[str, int] | None:
    """The proxy's host and port from the standard variables, or None for a direct
    connection (no proxy, or the host is in ``no_proxy``)."""
    proxies = urllib.request.getproxies()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass(host):
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if not parts.hostname:
        return None
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def _reason(error: OSError | None) -> str:
    if isinstance(error, ConnectionRefusedError):
        return msg("the connection was refused")
    if isinstance(error, TimeoutError):
        return msg("no answer to the connection")
    if error is not None and error.errno in _NO_ROUTE:
        return msg("no route to it")
    return str(error.strerror or error) if error is not None else msg("no address to connect to")
