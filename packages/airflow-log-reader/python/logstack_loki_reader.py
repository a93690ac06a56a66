"""Airflow 3.1 task logs read from Loki for the Airflow UI (airflow-logstack).

Shipped as the official chart's ``airflowLocalSettings`` (airflow_local_settings.py on every
component's Python path) and named by ``[logging] logging_config_class``: Airflow then takes
``REMOTE_TASK_LOG`` from this module (airflow/logging_config.py) and the task handler's
``_read_remote_logs`` calls its ``read`` (airflow/utils/log/file_task_handler.py).
Standard library only: no image rebuild. The generator appends ``LOGSTACK_SETTINGS`` and
``REMOTE_TASK_LOG`` below this source (packages/airflow-log-reader).
"""

from __future__ import annotations

import base64
import copy
import http.client
import json
import socket
import ssl
import threading
import time
import urllib.parse
from datetime import datetime, timezone

# airflow.settings.import_local_settings copies every public name of this module into
# airflow.settings unless __all__ lists them: none of ours belongs there.
__all__: list[str] = []

RUNNING_STATES = ("running", "restarting")
SOURCE = "logstack Loki reader"


class LokiReadError(Exception):
    """A read that failed, with a sentence meant for the person looking at the log tab."""


def _text(value) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def _read_secret(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def _ns(dt: datetime) -> int:
    return int(dt.timestamp()) * 1_000_000_000 + dt.microsecond * 1000


def _iso(ns: int) -> str:
    seconds, rest = divmod(ns, 1_000_000_000)
    dt = datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=rest // 1000)
    return dt.isoformat().replace("+00:00", "Z")


def _logql_string(value: str) -> str:
    # LogQL strings are Go strings; JSON's escapes are a subset of Go's.
    return json.dumps(value, ensure_ascii=False)


class LokiClient:
    """GET /loki/api/v1/query_range with a deadline that also covers a body that never ends."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.base = urllib.parse.urlsplit(settings["url"].rstrip("/"))
        if self.base.scheme not in ("http", "https") or not self.base.hostname:
            raise ValueError(f"logstack: Loki url must be http(s)://host[:port], got {settings['url']!r}")
        self.request_timeout = float(settings["requestTimeoutSeconds"])
        self.max_body = int(settings["maxResponseBytes"])

    def _headers(self) -> dict:
        headers = {"Accept": "application/json", "User-Agent": "airflow-logstack-reader"}
        if self.settings.get("tenant"):
            headers["X-Scope-OrgID"] = self.settings["tenant"]
        auth = self.settings.get("auth") or {}
        if auth.get("type") == "basic":
            pair = f"{_read_secret(auth['usernameFile'])}:{_read_secret(auth['passwordFile'])}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        elif auth.get("type") == "bearer":
            headers["Authorization"] = "Bearer " + _read_secret(auth["tokenFile"])
        return headers

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        host, port = self.base.hostname, self.base.port
        if self.base.scheme == "http":
            return http.client.HTTPConnection(host, port, timeout=timeout)
        tls = self.settings.get("tls") or {}
        ctx = ssl.create_default_context(cafile=tls.get("caFile"))
        if tls.get("certFile"):
            ctx.load_cert_chain(tls["certFile"], tls.get("keyFile"))
        if tls.get("insecureSkipVerify"):
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=ctx)

    def query_range(self, query: str, start_ns: int, end_ns: int, limit: int, deadline: float) -> list:
        """Entries (ns, labels, line) of one page, oldest first, across every stream of the answer."""
        params = urllib.parse.urlencode(
            {"query": query, "start": start_ns, "end": end_ns, "limit": limit, "direction": "forward"}
        )
        path = f"{self.base.path}/loki/api/v1/query_range?{params}"
        body = self._get(path, min(deadline, time.monotonic() + self.request_timeout))
        try:
            data = json.loads(body)
            streams = data["data"]["result"]
            entries = [
                (int(ts), stream.get("stream") or {}, line, order)
                for order, stream in enumerate(streams)
                for ts, line, *_ in stream.get("values") or []
            ]
        except (ValueError, KeyError, TypeError) as err:
            raise LokiReadError(f"Loki answered with something that is not a query_range result ({err})")
        entries.sort(key=lambda e: (e[0], e[3]))
        return [(ts, labels, line) for ts, labels, line, _ in entries]

    def _get(self, path: str, deadline: float) -> bytes:
        where = f"{self.base.scheme}://{self.base.netloc}"
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LokiReadError(f"no time left to ask Loki at {where}")
        late = f"Loki at {where} did not answer in full within {round(remaining, 1):g} s"

        conn = self._connection(remaining)
        # Closes the socket at the deadline whatever the read is waiting for (headers or a body
        # that trickles forever); the per-read timeout alone is reset by every byte that arrives.
        watchdog = threading.Timer(remaining, conn.close)
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.connect()
            sock = conn.sock
            conn.request("GET", path, headers=self._headers())
            resp = conn.getresponse()
            chunks, size = [], 0
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise socket.timeout()
                sock.settimeout(left)
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_body:
                    raise LokiReadError(f"Loki at {where} sent more than {self.max_body} bytes for one page")
                chunks.append(chunk)
            body = b"".join(chunks)
        except LokiReadError:
            raise
        except OSError as err:
            timed_out = isinstance(err, socket.timeout) or time.monotonic() >= deadline
            if timed_out:
                raise LokiReadError(late) from None
            raise LokiReadError(f"cannot reach Loki at {where}: {err}") from None
        except (http.client.HTTPException, ValueError) as err:
            if time.monotonic() >= deadline:
                raise LokiReadError(late) from None
            raise LokiReadError(f"Loki at {where} broke off the answer: {err!r}") from None
        finally:
            watchdog.cancel()
            conn.close()
        if resp.status != 200:
            raise LokiReadError(_http_failure(where, resp.status, resp.reason, body))
        return body


def _http_failure(where: str, status: int, reason: str, body: bytes) -> str:
    said = body[:300].decode("utf-8", "replace").strip()
    hint = {
        401: "Loki refused the credentials: check the Secret named in loki.auth of the logstack spec",
        403: "Loki refused the credentials or the tenant: check loki.auth and loki.tenant of the logstack spec",
        429: "Loki is rate limiting queries: open the log again in a moment",
    }.get(status, "Loki could not run the query: see Loki's own log" if status >= 500 else "")
    return f"Loki at {where} answered HTTP {status} {reason}" + (f": {said}" if said else "") + (
        f". {hint}" if hint else ""
    )


def attempt_query(settings: dict, ti) -> str:
    """LogQL for one attempt: labels in the stream selector, structured metadata as filters."""
    values = {
        "dag_id": _text(ti.dag_id),
        "task_id": _text(ti.task_id),
        "run_id": _text(ti.run_id),
        "map_index": str(ti.map_index if ti.map_index is not None else -1),
        "attempt": str(ti.try_number),
    }
    selector = [(name, value) for name, value in settings["staticPins"]]
    filters = []
    for name, where in settings["identity"].items():
        (selector if where == "label" else filters).append((name, values[name]))
    matchers = ", ".join(f"{n}={_logql_string(v)}" for n, v in selector)
    return "{" + matchers + "}" + "".join(f" | {n}={_logql_string(v)}" for n, v in filters)


def attempt_window(settings: dict, ti, now: datetime | None = None) -> tuple[int, int]:
    """The attempt's start and end (or now) with margins for clock skew and the sidecar's drain."""
    margin = int(settings["windowMarginSeconds"]) * 1_000_000_000
    now = now or datetime.now(timezone.utc)
    end = ti.end_date or now
    return _ns(ti.start_date) - margin, _ns(end) + margin


def _entry_key(entry) -> tuple:
    ts, labels, line = entry
    return ts, tuple(sorted(labels.items())), line


def iter_attempt_entries(client: LokiClient, settings: dict, query: str, window, deadline: float):
    """
    Every entry of the window, oldest first, page by page (forward, `limit` each). The next page
    starts at the last timestamp seen, not after it, so lines that share it across the boundary are
    neither lost nor repeated: entries at that timestamp already yielded are skipped by identity.
    """
    start, end = window
    limit = int(settings["pageLines"])
    boundary_ts, seen_at_boundary = None, set()
    while True:
        page = client.query_range(query, start, end, limit, deadline)
        fresh = [e for e in page if not (e[0] == boundary_ts and _entry_key(e) in seen_at_boundary)]
        yield from fresh
        if len(page) < limit:
            return
        last_ts = page[-1][0]
        if not fresh:
            # A whole page of lines sharing one timestamp: a bigger page, then move on.
            if limit < int(settings["maxPageLines"]):
                limit = min(int(settings["maxPageLines"]), limit * 2)
                continue
            yield (last_ts, {}, f"[logstack: more than {limit} lines share timestamp {_iso(last_ts)}; some are not shown]")
            start, boundary_ts, seen_at_boundary = last_ts + 1, None, set()
            continue
        if last_ts != boundary_ts:
            boundary_ts, seen_at_boundary = last_ts, set()
        seen_at_boundary.update(_entry_key(e) for e in page if e[0] == last_ts)
        start = last_ts


def structured_line(settings: dict, entry) -> dict:
    """One entry as Airflow's StructuredLogMessage: timestamp, event, level and logger when known."""
    ts, labels, line = entry
    msg = {"timestamp": _iso(ts), "event": line}
    for key, field in settings["lineFields"].items():
        value = labels.get(field)
        if value and value != "unknown":
            msg[key] = value
    return msg


def _notice(event: str, level: str = "error") -> str:
    return json.dumps({"timestamp": None, "event": event, "level": level, "logger": SOURCE})


class LokiTaskLogIO:
    """Airflow's RemoteLogIO (airflow/logging/remote.py): read from Loki; the sidecar writes."""

    processors: tuple = ()

    def __init__(self, settings: dict):
        self.settings = settings

    def upload(self, path, ti) -> None:
        # Nothing to upload: the Vector sidecar of the task pod has already shipped every line of
        # this file to Loki (and drains before the pod ends). A second copy would double storage.
        return None

    def read(self, relative_path: str, ti):
        s = self.settings
        if _text(ti.state) in RUNNING_STATES:
            return [f"{SOURCE}: the attempt is running; its live log comes from the task pod"], None
        if ti.start_date is None:
            return [f"{SOURCE}: the attempt has not started; nothing in Loki yet"], None
        query = attempt_query(s, ti)
        window = attempt_window(s, ti)
        deadline = time.monotonic() + float(s["totalTimeoutSeconds"])
        sources = [f"{SOURCE}: {s['url']} {query}"]
        try:
            client = LokiClient(s)
            pages = iter_attempt_entries(client, s, query, window, deadline)
            first = next(pages, None)
        except (LokiReadError, ValueError, OSError) as err:
            return sources + [str(err)], [_one(_notice(f"Could not read this attempt's log from Loki: {err}"))]
        if first is None:
            return sources + ["Loki holds no lines for this attempt"], None
        return sources, [self._lines(first, pages, explore_url(s, query, window))]

    def _lines(self, first, pages, link):
        s, count = self.settings, 0
        try:
            for entry in _chain_one(first, pages):
                if count >= int(s["maxLines"]):
                    where = f": {link}" if link else " (Grafana Explore)"
                    yield _notice(f"Log cut after {count} lines; the whole log is in Loki{where}", "warning")
                    return
                count += 1
                yield json.dumps(structured_line(s, entry))
        except (LokiReadError, ValueError, OSError) as err:
            yield _notice(f"Reading the rest of this attempt's log from Loki failed after {count} lines: {err}")


def _one(line: str):
    # Airflow takes generators (or itertools.chain) as log streams, not other iterators.
    yield line


def _chain_one(first, rest):
    yield first
    yield from rest


def explore_url(settings: dict, query: str, window) -> str | None:
    """Grafana Explore with the attempt's query over its window (Grafana 10+ `panes` form)."""
    grafana = settings.get("grafana")
    if not grafana:
        return None
    uid = grafana["datasourceUid"]
    pane = {
        "datasource": uid,
        "queries": [{"refId": "A", "expr": query, "queryType": "range", "datasource": {"type": "loki", "uid": uid}}],
        "range": {"from": str(window[0] // 1_000_000), "to": str(window[1] // 1_000_000)},
    }
    panes = json.dumps({"logstack": pane}, separators=(",", ":"))
    return f"{grafana['url'].rstrip('/')}/explore?schemaVersion=1&orgId=1&panes={urllib.parse.quote(panes, safe='')}"


def logging_config(module_name: str) -> dict:
    """Airflow's default logging config with the task handler that knows the Grafana link."""
    from airflow.config_templates.airflow_local_settings import DEFAULT_LOGGING_CONFIG

    config = copy.deepcopy(DEFAULT_LOGGING_CONFIG)
    config["handlers"]["task"]["class"] = f"{module_name}.LogstackTaskHandler"
    return config


def task_handler_class(remote: LokiTaskLogIO):
    """FileTaskHandler plus Airflow's external link (ExternalLoggingMixin) to Grafana Explore."""
    from airflow.utils.log.file_task_handler import FileTaskHandler
    from airflow.utils.log.logging_mixin import ExternalLoggingMixin

    class LogstackTaskHandler(FileTaskHandler, ExternalLoggingMixin):
        @property
        def log_name(self) -> str:
            return "Grafana"

        @property
        def supports_external_link(self) -> bool:
            return bool(remote.settings.get("grafana"))

        def get_external_log_url(self, task_instance, try_number) -> str:
            # The link is for any try of the task: the run's window holds every attempt.
            probe = _Attempt(task_instance, try_number)
            return explore_url(remote.settings, attempt_query(remote.settings, probe), _run_window(remote, task_instance))

    return LogstackTaskHandler


class _Attempt:
    def __init__(self, ti, try_number):
        self.dag_id, self.task_id, self.run_id = ti.dag_id, ti.task_id, ti.run_id
        self.map_index, self.try_number = ti.map_index, try_number


def _run_window(remote: LokiTaskLogIO, ti):
    run = getattr(ti, "dag_run", None)
    start = getattr(run, "start_date", None) or ti.start_date or datetime.now(timezone.utc)
    end = getattr(run, "end_date", None) if run is not None else ti.end_date
    probe = type("Window", (), {"start_date": start, "end_date": end})
    return attempt_window(remote.settings, probe)


def __getattr__(name: str):
    # Built on first use, when load_logging_config asks: Airflow's logging template and task
    # handler cannot be imported while airflow.settings is still importing this module.
    if name == "LOGSTACK_LOGGING_CONFIG":
        value = logging_config(__name__)
    elif name == "LogstackTaskHandler":
        value = task_handler_class(globals()["REMOTE_TASK_LOG"])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
