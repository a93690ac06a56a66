"""Writes task attempt logs with Airflow 3.1.3's own task logging code, as a task pod would.

One process serves many "tasks" (importing Airflow costs about a second of CPU): it reads one JSON
command a line on stdin and answers one JSON line on stdout when a task is done.

Per task, the two halves of Airflow's task logging run as in a worker pod:
- the task side: a structlog logger with Airflow's processors for a task process talking to its
  supervisor (``logging_processors(json_output=True, sending_to_supervisor=True)``), as the task
  runner configures it, emitting JSON lines; and ``print()`` output;
- the supervisor side: ``supervisor._configure_logging`` opens the attempt file at the path the log
  filename template gives (``init_log_file``) with Airflow's JSON processors, and
  ``process_log_messages_from_subprocess`` / ``forward_to_log`` turn the task's lines into the file's
  lines, exactly the generators the supervisor feeds from the task's sockets.

Command: {"id", "base", "template", "ti": {dag_id, run_id, task_id, map_index, try_number},
          "lines", "interval_ms", "silence_before_last_ms", "big_line_bytes", "big_line_at", "stdout_every", "lines_per_tick"}
Answer:  {"id", "path", "started_at", "ended_at"} (epoch milliseconds) or {"id", "error"}.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import threading
import time
import traceback
from types import SimpleNamespace

os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")

import jinja2  # noqa: E402
import structlog  # noqa: E402
from airflow.sdk.execution_time import supervisor  # noqa: E402
from airflow.sdk.log import logging_processors  # noqa: E402

_out_lock = threading.Lock()


def answer(obj: dict) -> None:
    with _out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def attempt_path(template: str, ti: dict) -> str:
    """The attempt's path from [logging] log_filename_template, rendered with Jinja as Airflow does."""
    t = SimpleNamespace(**ti)
    return jinja2.Template(template).render(ti=t, try_number=t.try_number)


class TaskSide:
    """What the task process sends its supervisor: JSON lines from Airflow's task-side processors."""

    def __init__(self, name: str) -> None:
        self.buf = io.BytesIO()
        self.log = structlog.wrap_logger(
            structlog.BytesLogger(self.buf),
            processors=logging_processors(json_output=True, sending_to_supervisor=True),
            logger_name=name,
        )

    def take(self) -> list[bytes]:
        lines = self.buf.getvalue().splitlines()
        self.buf.seek(0)
        self.buf.truncate()
        return lines


def run_task(cmd: dict) -> None:
    rel = attempt_path(cmd["template"], cmd["ti"])
    path = os.path.join(cmd["base"], rel)
    # The supervisor's own file logger and the two generators it feeds from the task's sockets.
    file_logger, fd = supervisor._configure_logging(path, client=None)
    from_task = supervisor.process_log_messages_from_subprocess((file_logger,))
    next(from_task)
    from_stdout = supervisor.forward_to_log((file_logger,), "task.stdout", logging.INFO)
    next(from_stdout)
    task = TaskSide(f"airflow.task.operators.{cmd['ti']['task_id']}")
    started = time.time()
    n = int(cmd["lines"])
    interval = float(cmd.get("interval_ms", 0)) / 1000
    silence = float(cmd.get("silence_before_last_ms", 0)) / 1000
    stdout_every = int(cmd.get("stdout_every", 0))
    per_tick = max(1, int(cmd.get("lines_per_tick") or 1))
    next_tick = started
    try:
        for i in range(1, n + 1):
            if i == n and silence:
                time.sleep(silence)
            if stdout_every and i % stdout_every == 0:
                from_stdout.send(f"printed line {i} of {n}\n".encode())
            elif i == int(cmd.get("big_line_at") or n) and cmd.get("big_line_bytes"):
                task.log.warning("big payload", payload="x" * int(cmd["big_line_bytes"]), line=i)
            elif i % 17 == 0:
                try:
                    raise ValueError(f"bad row {i}")
                except ValueError:
                    task.log.exception("row rejected", row=i)
            else:
                task.log.info("Line %d of %d", i, n, rows=i * 10)
            for line in task.take():
                from_task.send(line)
            if interval and i < n and i % per_tick == 0:
                # Sleep to the tick's deadline, not a fixed pause: the rate holds however long writing took.
                next_tick += interval
                time.sleep(max(0.0, next_tick - time.time()))
    finally:
        fd.close()
    answer({"id": cmd["id"], "path": path, "started_at": started * 1000, "ended_at": time.time() * 1000})


def serve() -> None:
    answer({"ready": True})
    for raw in sys.stdin:
        cmd = json.loads(raw)

        def work(cmd: dict = cmd) -> None:
            try:
                run_task(cmd)
            except Exception:
                answer({"id": cmd.get("id"), "error": traceback.format_exc()})

        threading.Thread(target=work, daemon=True).start()


if __name__ == "__main__":
    serve()
