"""Reads task logs through Airflow 3.1's own path, as the API server's log endpoint does.

Usage: read_task_logs.py SCENARIO.json OUT.json
The caller has put the generated airflow_local_settings.py into $AIRFLOW_HOME/config and set
[logging] logging_config_class (environment), so `import airflow` loads them the way every
Airflow component does. The scenario lists task instances (each try; earlier tries become
TaskInstanceHistory rows) of one DAG run and the reads to make. For each read: the task
instance the endpoint would select (TaskInstance by try, else TaskInstanceHistory), then
TaskLogReader().read_log_chunks, the call behind GET .../logs/{try_number}. The local log
folder is empty: no attempt has a local file. Writes the results as JSON to OUT.json.
"""

import json
import sys
import time
from datetime import datetime

scenario = json.load(open(sys.argv[1]))

import airflow  # noqa: E402,F401  (settings.initialize: airflow_local_settings, logging config)
import airflow.logging_config  # noqa: E402
from airflow import settings  # noqa: E402
from airflow.models import import_all_models  # noqa: E402

import_all_models()

from airflow.models.base import Base  # noqa: E402
from airflow.models.dag import DagModel  # noqa: E402
from airflow.models.dag_version import DagVersion  # noqa: E402
from airflow.models.dagbundle import DagBundleModel  # noqa: E402
from airflow.models.dagrun import DagRun  # noqa: E402
from airflow.models.serialized_dag import SerializedDagModel  # noqa: E402
from airflow.models.taskinstance import TaskInstance  # noqa: E402
from airflow.models.taskinstancehistory import TaskInstanceHistory  # noqa: E402
from airflow.models.trigger import Trigger  # noqa: E402
from airflow.providers.standard.operators.empty import EmptyOperator  # noqa: E402
from airflow.sdk import DAG  # noqa: E402
from airflow.serialization.serialized_objects import LazyDeserializedDAG  # noqa: E402
from airflow.utils.db import synchronize_log_template  # noqa: E402
from airflow.utils.log.log_reader import TaskLogReader  # noqa: E402
from airflow.utils.state import DagRunState  # noqa: E402
from airflow.utils.types import DagRunType  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import joinedload  # noqa: E402

Base.metadata.create_all(settings.engine)
synchronize_log_template()

dag_id, run_id = scenario["dagId"], scenario["runId"]
with DAG(dag_id, schedule=None, start_date=datetime(2024, 1, 1)) as dag:
    for task_id in sorted({t["taskId"] for t in scenario["tries"]}):
        EmptyOperator(task_id=task_id)

parse = datetime.fromisoformat
session = settings.Session()
session.add(DagBundleModel(name="dags-folder"))
session.commit()
session.add(DagModel(dag_id=dag_id, bundle_name="dags-folder"))
session.commit()
SerializedDagModel.write_dag(LazyDeserializedDAG.from_dag(dag), bundle_name="dags-folder", session=session)
session.commit()
version = session.scalar(select(DagVersion))
run = DagRun(
    dag_id=dag_id,
    run_id=run_id,
    run_type=DagRunType.MANUAL,
    state=DagRunState.RUNNING,
    run_after=parse(scenario["runStart"]),
    logical_date=parse(scenario["runStart"]),
    start_date=parse(scenario["runStart"]),
)
session.add(run)
session.commit()

# The last try of each task instance is the TaskInstance row; earlier ones are its history.
last = {}
for t in scenario["tries"]:
    key = (t["taskId"], t["mapIndex"])
    if key not in last or t["try"] > last[key]["try"]:
        last[key] = t
for (task_id, map_index), t in sorted(last.items()):
    ti = TaskInstance(dag.get_task(task_id), run_id=run_id, map_index=map_index, dag_version_id=version.id)
    ti.try_number = t["try"]
    ti.state = t["state"]
    ti.hostname = t.get("hostname")
    ti.start_date = parse(t["start"]) if t.get("start") else None
    ti.end_date = parse(t["end"]) if t.get("end") else None
    session.add(ti)
    session.flush()
    for h in scenario["tries"]:
        if (h["taskId"], h["mapIndex"]) == (task_id, map_index) and h["try"] < t["try"]:
            ti.try_number, ti.state = h["try"], h["state"]
            ti.start_date, ti.end_date = parse(h["start"]), parse(h["end"])
            session.add(TaskInstanceHistory(ti, state=h["state"]))
    ti.try_number, ti.state = t["try"], t["state"]
    ti.start_date = parse(t["start"]) if t.get("start") else None
    ti.end_date = parse(t["end"]) if t.get("end") else None
session.commit()


def endpoint_ti(task_id, map_index, try_number):
    """The row GET /dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/{try} reads (routes/public/log.py)."""
    ti = session.scalar(
        select(TaskInstance)
        .where(
            TaskInstance.task_id == task_id,
            TaskInstance.dag_id == dag_id,
            TaskInstance.run_id == run_id,
            TaskInstance.map_index == map_index,
            TaskInstance.try_number == try_number,
        )
        .join(TaskInstance.dag_run)
        .options(joinedload(TaskInstance.trigger).joinedload(Trigger.triggerer_job))
        .options(joinedload(TaskInstance.dag_model))
    )
    if ti is None:
        ti = session.scalar(
            select(TaskInstanceHistory)
            .where(
                TaskInstanceHistory.task_id == task_id,
                TaskInstanceHistory.dag_id == dag_id,
                TaskInstanceHistory.run_id == run_id,
                TaskInstanceHistory.map_index == map_index,
                TaskInstanceHistory.try_number == try_number,
            )
            .options(joinedload(TaskInstanceHistory.dag_run))
        )
    return ti


reader = TaskLogReader()
remote = airflow.logging_config.REMOTE_TASK_LOG
out = {
    "remoteTaskLog": f"{type(remote).__module__}.{type(remote).__name__}",
    "handler": f"{type(reader.log_handler).__module__}.{type(reader.log_handler).__name__}",
    "supportsExternalLink": reader.supports_external_link,
    "externalLogName": getattr(reader.log_handler, "log_name", None),
    "reads": [],
}
for r in scenario["reads"]:
    ti = endpoint_ti(r["taskId"], r["mapIndex"], r["try"])
    started = time.monotonic()
    stream, metadata = reader.read_log_chunks(ti, r["try"], {})
    messages = [m.model_dump(mode="json") for m in stream]
    elapsed = time.monotonic() - started
    link = None
    if reader.supports_external_link:
        current = endpoint_ti(r["taskId"], r["mapIndex"], r["try"])
        link = reader.log_handler.get_external_log_url(current, r["try"])
    out["reads"].append(
        {**r, "messages": messages, "endOfLog": metadata.get("end_of_log"), "seconds": elapsed, "link": link}
    )
json.dump(out, open(sys.argv[2], "w"))
