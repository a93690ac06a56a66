"""Loads a DAG folder with Airflow's DagBag, as the dag-processor does, and writes what it found as JSON.

Usage: python load_dagbag.py <dag folder> <output.json>
Airflow logs to stdout, so the result goes to a file.
"""

import json
import sys

from airflow.models.dagbag import DagBag

folder, out = sys.argv[1], sys.argv[2]
bag = DagBag(dag_folder=folder, include_examples=False)
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
