"""Builds a task pod from each rendered pod_template_file.yaml as Airflow's KubernetesExecutor does.

Usage: build_task_pods.py OUT.json TEMPLATE.yaml...
PodGenerator.deserialize_model_file (get_base_pod_from_template), then PodGenerator.construct_pod
with that base pod, as the scheduler does for a task. Writes {template path: pod as the API server
would receive it} to OUT.json (Airflow logs to stdout).
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
    pod = PodGenerator.construct_pod(
        dag_id="etl",
        task_id="load",
        pod_id="etl-load",
        try_number=1,
        kube_image=None,
        date=None,
        args=["python", "-m", "airflow.sdk.execution_time.execute_workload", "--json-string", "{}"],
        pod_override_object=None,
        base_worker_pod=PodGenerator.deserialize_model_file(path),
        namespace="airflow",
        scheduler_job_id="1",
        run_id="manual__2026-01-01T00:00:00+00:00",
        map_index=-1,
        with_mutation_hook=True,
    )
    pods[path] = ApiClient().sanitize_for_serialization(pod)

with open(out_path, "w") as f:
    json.dump(pods, f)
