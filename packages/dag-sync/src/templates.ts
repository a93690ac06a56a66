// Handlebars templates of the generated DAG files. Every value is placed with {{py ...}}, which
// renders a Python literal; nothing is concatenated into the source as raw text.

const DAG_HEAD = `from __future__ import annotations

import datetime

import pendulum
from airflow.sdk import DAG{{#if python}}, task{{/if}}
{{#if kubernetesPod}}
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
{{/if}}
{{#if needsK8sModels}}
from kubernetes.client import models as k8s
{{/if}}

JOB_ID = {{py job.id}}
ENTRYPOINT = {{py job.entrypoint}}
PARAMS = {{pyParams job.params floatParams}}
`;

const DAG_OPEN = `
with DAG(
    dag_id=JOB_ID,
    description={{py description}},
    schedule={{py job.schedule}},
    start_date=pendulum.datetime({{py start.year}}, {{py start.month}}, {{py start.day}}, tz="UTC"),
    catchup={{py job.catchup}},
    max_active_runs={{py job.maxActiveRuns}},
    tags={{py job.tags}},
    default_args={
        "owner": {{py job.owner}},
        "retries": {{py job.retries}},
        "retry_delay": datetime.timedelta(seconds={{py retryDelaySeconds}}),
    },
):
`;

const RESOURCES = `k8s.V1ResourceRequirements(requests={{py requests}}, limits={{py limits}})`;

/** Pool and timeout arguments, the same for both operators (at their 8-space argument indent). */
const TASK_LIMITS = `{{#if job.pool}}
        pool={{py job.pool}},
{{/if}}
{{#if timeoutSeconds}}
        execution_timeout=datetime.timedelta(seconds={{py timeoutSeconds}}),
{{/if}}
`;

export const PYTHON_TASK = `${DAG_HEAD}${DAG_OPEN}    @task(
        task_id="run",
${TASK_LIMITS}{{#if needsK8sModels}}
        executor_config={
            "pod_override": k8s.V1Pod(
                spec=k8s.V1PodSpec(containers=[k8s.V1Container(name="base", resources=${RESOURCES})])
            )
        },
{{/if}}
    )
    def run() -> None:
        # The entrypoint is imported when the task runs, never when this file is parsed.
        import importlib

        module_name, _, function_name = ENTRYPOINT.partition(":")
        getattr(importlib.import_module(module_name), function_name)(**PARAMS)

    run()
`;

export const KUBERNETES_POD_TASK = `${DAG_HEAD}
# Runs in the job's image. PARAMS travel base64-encoded so Airflow's Jinja never renders them.
BOOTSTRAP = (
    "import base64, importlib, json, os; "
    "module_name, _, function_name = os.environ['LOGSTACK_ENTRYPOINT'].partition(':'); "
    "params = json.loads(base64.b64decode(os.environ['LOGSTACK_PARAMS_B64'])); "
    "getattr(importlib.import_module(module_name), function_name)(**params)"
)
${DAG_OPEN}    KubernetesPodOperator(
        task_id="run",
        name={{py podName}},
        image={{py job.image}},
{{#if job.namespace}}
        namespace={{py job.namespace}},
{{/if}}
        cmds=["python", "-c", BOOTSTRAP],
        env_vars=[
            k8s.V1EnvVar(name="LOGSTACK_JOB_ID", value=JOB_ID),
            k8s.V1EnvVar(name="LOGSTACK_ENTRYPOINT", value=ENTRYPOINT),
            k8s.V1EnvVar(name="LOGSTACK_PARAMS_B64", value={{py paramsBase64}}),
        ],
{{#if hasResources}}
        container_resources=${RESOURCES},
{{/if}}
        security_context=k8s.V1PodSecurityContext(
            run_as_non_root=True,
            run_as_user={{py job.runAsUser}},
            seccomp_profile=k8s.V1SeccompProfile(type="RuntimeDefault"),
        ),
        container_security_context=k8s.V1SecurityContext(
            allow_privilege_escalation=False,
            read_only_root_filesystem=True,
            capabilities=k8s.V1Capabilities(drop=["ALL"]),
        ),
        volumes=[k8s.V1Volume(name="tmp", empty_dir=k8s.V1EmptyDirVolumeSource())],
        volume_mounts=[k8s.V1VolumeMount(name="tmp", mount_path="/tmp")],
${TASK_LIMITS}        get_logs=True,
        on_finish_action="delete_pod",
    )
`;
