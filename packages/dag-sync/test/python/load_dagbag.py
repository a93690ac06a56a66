"""Loads a DAG folder with Airflow's DagBag, as the dag-processor does, and writes what it found as JSON.

Usage: python load_dagbag.py <dag folder> <output.json>
Airflow logs to stdout, so the result goes to a file.
"""

import base64
import json
import sys

from airflow.models.dagbag import DagBag

folder, out = sys.argv[1], sys.argv[2]
bag = DagBag(dag_folder=folder, include_examples=False)


def typed(value):
    """A value with the Python type of every number spelled out: 1 -> "int 1", 1.0 -> "float 1.0"."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, list):
        return [typed(v) for v in value]
    return {k: typed(v) for k, v in value.items()}


def params_seen(dag):
    """What the entrypoint gets: PARAMS of the DAG module, or the pod's LOGSTACK_PARAMS_B64 decoded."""
    module = next((m for m in list(sys.modules.values()) if getattr(m, "__file__", None) == dag.fileloc), None)
    seen = {"module": typed(getattr(module, "PARAMS", None))}
    for t in dag.tasks:
        for env in getattr(t, "env_vars", None) or []:
            if env.name == "LOGSTACK_PARAMS_B64":
                seen["pod"] = typed(json.loads(base64.b64decode(env.value)))
    return seen

result = {
    "import_errors": dict(bag.import_errors),
    "dags": {
        dag_id: {
            "fileloc": dag.fileloc,
            "schedule": dag.timetable.summary,
            "tags": sorted(dag.tags),
            "catchup": dag.catchup,
            "owner": dag.owner,
            "start_date": dag.start_date.isoformat() if dag.start_date else None,
            "params": params_seen(dag),
            "tasks": [
                {"task_id": t.task_id, "type": type(t).__name__, "retries": t.retries, "pool": t.pool}
                for t in dag.tasks
            ],
        }
        for dag_id, dag in sorted(bag.dags.items())
    },
}
with open(out, "w") as f:
    json.dump(result, f, indent=1, default=str)
