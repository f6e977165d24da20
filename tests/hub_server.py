"""A small Hugging Face hub on 127.0.0.1 for tests: the real huggingface_hub client
talks to it through ``endpoint=``. It serves in-memory repositories and has switches
for the failures downloads must survive (a cut body, a stall, a server that ignores
Range, wrong bytes, missing headers, gated repositories and tokens).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

COMMIT = "a" * 40


@dataclass
class HubRepo:
    files: dict[str, bytes]
    gated: bool = False
    downloads: int = 0
    likes: int = 0
    commit: str = COMMIT
    # sha256 the hub advertises per file; defaults to the real one.
    advertised_sha256: dict[str, str] = field(default_factory=dict)

    def sha256(self, path: str) -> str:
        return self.advertised_sha256.get(path) or hashlib.sha256(self.files[path]).hexdigest()


@dataclass
class Faults:
    """What the next requests do wrong. Counters count down per body served."""

    cut_after_bytes: int | None = None  # close the connection after this many body bytes
    cut_times: int = 0  # how many bodies to cut
    stall_after_bytes: int | None = None  # stop sending (but keep the socket) after this
    stall_seconds: float = 0.0
    ignore_range: bool = False  # answer 200 with the whole file to a Range request
    drop_size: bool = False  # no Content-Length on HEAD
    corrupt_times: int = 0  # flip one byte in this many bodies (damage in transit)


class HubServer:
    """Start with :meth:`start`; ``endpoint`` is the URL to give the client."""

    def __init__(self, token: str | None = None) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.faults = Faults()
        self.token = token  # when set, gated repos need "Bearer <token>"
        self.rate_limit: float | None = None  # bytes per second per body, like a real link
        self.requests: list[tuple[str, str]] = []
        self.body_bytes: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._released = threading.Event()

    @property
    def endpoint(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add_repo(self, repo_id: str, files: dict[str, bytes], **options: object) -> HubRepo:
        repo = HubRepo(files=dict(files), **options)  # type: ignore[arg-type]
        self.repos[repo_id] = repo
        return repo

    def start(self) -> HubServer:
        hub = self

        class Handler(_Handler):
            server_hub = hub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def wait_for_stop(self, timeout: float) -> None:
        """Block a stalled body until the server stops or ``timeout`` passes."""
        self._released.wait(timeout)

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def count_body(self, path: str, n: int) -> None:
        with self._lock:
            self.body_bytes[path] += n


class _Handler(BaseHTTPRequestHandler):
    server_hub: HubServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    # -- routing ---------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self._route(head=True)

    def do_GET(self) -> None:
        self._route(head=False)

    def _route(self, *, head: bool) -> None:
        hub = self.server_hub
        url = urlsplit(self.path)
        path = unquote(url.path)
        hub.record(self.command, self.path)
        query = parse_qs(url.query)
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "models"]:
            if len(parts) == 2:
                return self._search(query)
            repo_id = "/".join(parts[2:4])
            repo = self._repo_or_error(repo_id)
            if repo is None:
                return
            rest = parts[4:]
            if rest[:1] == ["tree"]:
                return self._tree(repo)
            return self._info(repo_id, repo, blobs="blobs" in query)
        if len(parts) >= 5 and parts[2] == "resolve":
            repo_id = "/".join(parts[:2])
            repo = self._repo_or_error(repo_id)
            if repo is None:
                return
            file_path = "/".join(parts[4:])
            if file_path not in repo.files:
                return self._error(404, "EntryNotFound", f"{file_path} not found", repo)
            return self._file(repo, file_path, head=head)
        self._error(404, "", "not found")

    def _repo_or_error(self, repo_id: str) -> HubRepo | None:
        hub = self.server_hub
        repo = hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return None
        if repo.gated:
            auth = self.headers.get("Authorization", "")
            if not auth:
                self._error(401, "GatedRepo", "Access to this repository is restricted.", repo)
                return None
            if hub.token is None or auth != f"Bearer {hub.token}":
                self._error(401, "", "Invalid credentials in Authorization header")
                return None
        return repo

    # -- answers ---------------------------------------------------------------------

    def _json(self, value: object) -> None:
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str, repo: HubRepo | None = None) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        if code:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if repo is not None:
            self.send_header("X-Repo-Commit", repo.commit)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _search(self, query: dict[str, list[str]]) -> None:
        text = (query.get("search") or [""])[0].lower()
        sort = (query.get("sort") or ["downloads"])[0]
        limit = int((query.get("limit") or ["50"])[0])
        found = [
            {
                "id": repo_id,
                "downloads": repo.downloads,
                "likes": repo.likes,
                "gated": repo.gated,
                "tags": ["gguf"],
            }
            for repo_id, repo in self.server_hub.repos.items()
            if text in repo_id.lower()
        ]
        if sort in ("downloads", "likes"):
            found.sort(key=lambda item: -int(str(item[sort])))
        self._json(found[:limit])

    def _info(self, repo_id: str, repo: HubRepo, *, blobs: bool) -> None:
        siblings = []
        for name, data in repo.files.items():
            sibling: dict[str, object] = {"rfilename": name}
            if blobs:
                sibling["size"] = len(data)
                sibling["blobId"] = hashlib.sha1(data).hexdigest()
                sibling["lfs"] = {
                    "sha256": repo.sha256(name),
                    "size": len(data),
                    "pointerSize": 134,
                }
            siblings.append(sibling)
        self._json(
            {
                "id": repo_id,
                "sha": repo.commit,
                "gated": repo.gated,
                "private": False,
                "downloads": repo.downloads,
                "likes": repo.likes,
                "tags": ["gguf"],
                "siblings": siblings,
            }
        )

    def _tree(self, repo: HubRepo) -> None:
        self._json(
            [
                {
                    "type": "file",
                    "path": name,
                    "size": len(data),
                    "oid": hashlib.sha1(data).hexdigest(),
                    "lfs": {"oid": repo.sha256(name), "size": len(data), "pointerSize": 134},
                }
                for name, data in repo.files.items()
            ]
        )

    def _file(self, repo: HubRepo, file_path: str, *, head: bool) -> None:
        hub = self.server_hub
        faults = hub.faults
        data = repo.files[file_path]
        start = 0
        range_header = self.headers.get("Range")
        partial = False
        if range_header and not faults.ignore_range and not head:
            spec = range_header.removeprefix("bytes=").split("-")[0]
            start = int(spec)
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            partial = True
        body = data[start:]
        if faults.corrupt_times > 0 and body and not head:
            faults.corrupt_times -= 1
            body = bytes([body[0] ^ 0xFF]) + body[1:]
        self.send_response(206 if partial else 200)
        self.send_header("X-Repo-Commit", repo.commit)
        self.send_header("ETag", f'"{repo.sha256(file_path)}"')
        self.send_header("Accept-Ranges", "bytes")
        if not (head and faults.drop_size):
            self.send_header("Content-Length", str(len(body)))
        if partial:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if head:
            return
        limit = len(body)
        cut = False
        if faults.cut_times > 0 and faults.cut_after_bytes is not None:
            faults.cut_times -= 1
            limit = min(limit, faults.cut_after_bytes)
            cut = True
        stall_at = faults.stall_after_bytes
        rate = hub.rate_limit
        began = time.perf_counter()
        sent = 0
        step = 64 * 1024
        try:
            while sent < limit:
                if stall_at is not None and start + sent >= stall_at:
                    hub.wait_for_stop(faults.stall_seconds)
                    self.close_connection = True
                    return
                end = min(limit, sent + step)
                if stall_at is not None and start + sent < stall_at:
                    end = min(end, stall_at - start)
                self.wfile.write(body[sent:end])
                hub.count_body(file_path, end - sent)
                sent = end
                if rate:
                    ahead = sent / rate - (time.perf_counter() - began)
                    if ahead > 0:
                        time.sleep(ahead)
            if cut:
                self.wfile.flush()
                time.sleep(0.01)
                self.close_connection = True
                self.connection.shutdown(2)
        except (BrokenPipeError, ConnectionResetError):
            return
