"""Asks Airflow itself which schedules it accepts, the way DagBag does before bagging a DAG.

Usage: python check_schedules.py <cases.json> <output.json>
cases.json is a list of [schedule, max_active_runs]; the output maps each index to null (accepted)
or Airflow's error. Airflow logs to stdout, so the result goes to a file.
"""

import json
import sys

import pendulum
from airflow.sdk import DAG

cases_file, out = sys.argv[1], sys.argv[2]
with open(cases_file) as f:
    cases = json.load(f)
result = {}
for i, (schedule, max_active_runs) in enumerate(cases):
    try:
        dag = DAG(
            dag_id=f"case_{i}",
            schedule=schedule,
            max_active_runs=max_active_runs,
            start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
        )
        dag.validate()
        result[i] = None
    except Exception as e:  # any refusal counts, whatever its type
        result[i] = f"{type(e).__name__}: {e}"
with open(out, "w") as f:
    json.dump(result, f, indent=1)
