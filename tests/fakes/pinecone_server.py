"""A local test double of Pinecone's data plane and an OpenAI-compatible embeddings API.

Serves, on 127.0.0.1 and a free port, the endpoints the real `pinecone` client and
`langchain-openai` call, so tests drive the real clients with no network:

    POST /vectors/upsert  POST /query  POST /vectors/delete  POST /describe_index_stats
    GET  /vectors/fetch   GET  /vectors/list                POST /v1/embeddings

Vectors live in memory per namespace; queries rank by cosine similarity and honour
metadata filters ($eq $ne $in $nin $gt $gte $lt $lte $and $or). Embeddings are a
hashed bag of words, so texts sharing words are close. Set `fail_status` to answer
every data-plane request with that HTTP status.

    with FakePinecone() as fake:
        Pinecone(api_key="test").Index(host=fake.url)
        OpenAIEmbeddings(base_url=fake.openai_url, api_key="test", ...)
"""

import base64
import json
import math
import re
import struct
import threading
import zlib
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DIMENSION = 64
_WORD = re.compile(r"\w+")


def fake_embedding(text: str, dimension: int = DIMENSION) -> list[float]:
    """A unit vector from hashed words: the same words give nearby vectors."""
    vector = [0.0] * dimension
    for word in _WORD.findall(text.lower()):
        vector[zlib.crc32(word.encode()) % dimension] += 1.0
    norm = math.sqrt(sum(v * v for v in vector))
    if not norm:
        vector[0], norm = 1.0, 1.0
    return [v / norm for v in vector]


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def matches_filter(metadata: dict[str, Any], condition: dict[str, Any] | None) -> bool:
    if not condition:
        return True
    for key, expected in condition.items():
        if key == "$and":
            if not all(matches_filter(metadata, c) for c in expected):
                return False
            continue
        if key == "$or":
            if not any(matches_filter(metadata, c) for c in expected):
                return False
            continue
        value = metadata.get(key)
        operators = expected if isinstance(expected, dict) else {"$eq": expected}
        for operator, operand in operators.items():
            if not _compare(operator, value, operand):
                return False
    return True


def _compare(operator: str, value: Any, operand: Any) -> bool:
    if operator == "$eq":
        return value == operand
    if operator == "$ne":
        return value != operand
    if operator == "$in":
        return value in operand
    if operator == "$nin":
        return value not in operand
    if value is None:
        return False
    if operator == "$gt":
        return value > operand
    if operator == "$gte":
        return value >= operand
    if operator == "$lt":
        return value < operand
    if operator == "$lte":
        return value <= operand
    raise ValueError(f"unsupported filter operator {operator}")


def _number(value: Any) -> Any:
    # Pinecone hands metadata numbers back as floats.
    if isinstance(value, bool):
        return value
    return float(value) if isinstance(value, int) else value


class FakePinecone:
    def __init__(self, *, dimension: int = DIMENSION) -> None:
        self.dimension = dimension
        self.namespaces: dict[str, dict[str, dict[str, Any]]] = {}
        self.requests: list[dict[str, Any]] = []
        self.fail_status: int | None = None
        self.embedding_calls = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle -------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    def start(self) -> "FakePinecone":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakePinecone":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- inspection --------------------------------------------------------------------
    def ids(self, namespace: str = "") -> set[str]:
        with self._lock:
            return set(self.namespaces.get(namespace, {}))

    def vector(self, vector_id: str, namespace: str = "") -> dict[str, Any] | None:
        with self._lock:
            return self.namespaces.get(namespace, {}).get(vector_id)

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

    # --- data plane ----------------------------------------------------------------------
    def upsert(self, body: dict[str, Any]) -> dict[str, Any]:
        namespace = body.get("namespace", "")
        vectors = body.get("vectors", [])
        with self._lock:
            store = self.namespaces.setdefault(namespace, {})
            for vector in vectors:
                values = vector["values"]
                if len(values) != self.dimension or not all(isinstance(v, float) for v in values):
                    raise _BadRequest(f"vector {vector['id']} must be {self.dimension} floats")
                store[vector["id"]] = {
                    "id": vector["id"],
                    "values": values,
                    "metadata": {k: _number(v) for k, v in (vector.get("metadata") or {}).items()},
                }
        return {"upsertedCount": len(vectors)}

    def query(self, body: dict[str, Any]) -> dict[str, Any]:
        namespace = body.get("namespace", "")
        with self._lock:
            store = dict(self.namespaces.get(namespace, {}))
        vector = body.get("vector")
        if vector is None and body.get("id") in store:
            vector = store[body["id"]]["values"]
        if vector is None:
            raise _BadRequest("query needs a vector or a known id")
        scored = [
            (_cosine(vector, item["values"]), item)
            for item in store.values()
            if matches_filter(item["metadata"], body.get("filter"))
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]["id"]))
        matches = []
        for score, item in scored[: int(body.get("topK", 10))]:
            match = {"id": item["id"], "score": score, "values": []}
            if body.get("includeValues"):
                match["values"] = item["values"]
            if body.get("includeMetadata"):
                match["metadata"] = item["metadata"]
            matches.append(match)
        return {"matches": matches, "namespace": namespace, "usage": {"readUnits": 1}}

    def delete(self, body: dict[str, Any]) -> dict[str, Any]:
        namespace = body.get("namespace", "")
        with self._lock:
            store = self.namespaces.setdefault(namespace, {})
            if body.get("deleteAll"):
                store.clear()
            elif body.get("ids"):
                for vector_id in body["ids"]:
                    store.pop(vector_id, None)
            elif body.get("filter"):
                for vector_id, item in list(store.items()):
                    if matches_filter(item["metadata"], body["filter"]):
                        del store[vector_id]
        return {}

    def describe_index_stats(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            namespaces = {ns: {"vectorCount": len(v)} for ns, v in self.namespaces.items() if v}
        return {
            "namespaces": namespaces,
            "dimension": self.dimension,
            "indexFullness": 0.0,
            "totalVectorCount": sum(n["vectorCount"] for n in namespaces.values()),
        }

    def fetch(self, query: dict[str, list[str]]) -> dict[str, Any]:
        namespace = query.get("namespace", [""])[0]
        with self._lock:
            store = self.namespaces.get(namespace, {})
            found = {i: store[i] for i in query.get("ids", []) if i in store}
        return {"vectors": found, "namespace": namespace, "usage": {"readUnits": 1}}

    def list(self, query: dict[str, list[str]]) -> dict[str, Any]:
        namespace = query.get("namespace", [""])[0]
        prefix = query.get("prefix", [""])[0]
        limit = int(query.get("limit", ["100"])[0])
        start = int(query.get("paginationToken", ["0"])[0])
        with self._lock:
            ids = sorted(i for i in self.namespaces.get(namespace, {}) if i.startswith(prefix))
        page = ids[start : start + limit]
        response: dict[str, Any] = {
            "vectors": [{"id": i} for i in page],
            "namespace": namespace,
            "usage": {"readUnits": 1},
        }
        if start + limit < len(ids):
            response["pagination"] = {"next": str(start + limit)}
        return response

    # --- embeddings ------------------------------------------------------------------------
    def embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        inputs = body["input"]
        if isinstance(inputs, str):
            inputs = [inputs]
        if inputs and not isinstance(inputs[0], str):
            raise _BadRequest("this fake embeds strings, not token arrays")
        self.embedding_calls += 1
        data = []
        for index, text in enumerate(inputs):
            vector = fake_embedding(text, self.dimension)
            if body.get("encoding_format") == "base64":
                # The OpenAI SDK asks for base64 and decodes little-endian float32.
                encoded: Any = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            else:
                encoded = vector
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        tokens = sum(len(_WORD.findall(t)) for t in inputs)
        return {
            "object": "list",
            "data": data,
            "model": body.get("model", "fake-embedding"),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }

    # --- HTTP plumbing -----------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self
        routes_post = {
            "/vectors/upsert": fake.upsert,
            "/query": fake.query,
            "/vectors/delete": fake.delete,
            "/describe_index_stats": fake.describe_index_stats,
            "/v1/embeddings": fake.embeddings,
        }
        routes_get = {"/vectors/fetch": fake.fetch, "/vectors/list": fake.list}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else {}
                fake.requests.append(
                    {
                        "method": method,
                        "path": parts.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                routes = routes_post if method == "POST" else routes_get
                handler = routes.get(parts.path)
                if handler is None:
                    self._reply(HTTPStatus.NOT_FOUND, {"code": 5, "message": "Not Found"})
                    return
                if fake.fail_status and not parts.path.startswith("/v1/"):
                    self._reply(fake.fail_status, {"code": 13, "message": "fake failure"})
                    return
                try:
                    argument = body if method == "POST" else parse_qs(parts.query)
                    self._reply(HTTPStatus.OK, handler(argument))
                except _BadRequest as exc:
                    self._reply(HTTPStatus.BAD_REQUEST, {"code": 3, "message": str(exc)})

            def do_POST(self) -> None:
                self._handle("POST")

            def do_GET(self) -> None:
                self._handle("GET")

        return Handler


class _BadRequest(Exception):
    pass
