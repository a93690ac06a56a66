"""Builds task pods from pod template files the way Airflow's KubernetesExecutor does.

Usage: load_pod_template.py OUT.json TEMPLATE.yaml...
For each template: PodGenerator.deserialize_model_file (what get_base_pod_from_template calls), then
PodGenerator.construct_pod with that base pod, as KubernetesExecutor's scheduler does for a task.
Writes {template path: pod as the API would receive it} to OUT.json (Airflow logs to stdout).
"""

import json
import os
import sys
import tempfile

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="airflow-home-"))

from airflow.providers.cncf.kubernetes.pod_generator import PodGenerator  # noqa: E402
from kubernetes.client import ApiClient  # noqa: E402

out_path, *templates = sys.argv[1:]
pods = {}
for path in templates:
    base = PodGenerator.deserialize_model_file(path)
    pod = PodGenerator.construct_pod(
        dag_id="etl",
        task_id="load",
        pod_id="etl-load",
        try_number=2,
        kube_image=None,
        date=None,
        args=["python", "-m", "airflow.sdk.execution_time.execute_workload", "--json-string", "{}"],
        pod_override_object=None,
        base_worker_pod=base,
        namespace="airflow",
        scheduler_job_id="42",
        run_id="manual__2026-01-01T00:00:00+00:00",
        map_index=3,
        with_mutation_hook=True,
    )
    pods[path] = ApiClient().sanitize_for_serialization(pod)

with open(out_path, "w") as f:
    json.dump(pods, f)
