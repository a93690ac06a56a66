import { type HttpOptions, httpGetJson } from './http.js';

/** The fields of Airflow 3's TaskInstanceResponse that verify reads. */
export interface TaskInstance {
  task_id: string;
  map_index: number;
  try_number: number;
  state: string | null;
  start_date: string | null;
  end_date: string | null;
}

/** One entry of Airflow 3's structured log (StructuredLogMessage): event plus any extra keys. */
export interface StructuredLogMessage {
  timestamp?: string | null;
  event: string;
  [key: string]: unknown;
}

/** Read-only client of Airflow 3's public REST API (/api/v2). */
export class AirflowClient {
  readonly base: string;

  constructor(
    url: string,
    private readonly http: HttpOptions,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  private runPath(dagId: string, runId: string) {
    return `${this.base}/api/v2/dags/${encodeURIComponent(dagId)}/dagRuns/${encodeURIComponent(runId)}`;
  }

  async dagRun(
    dagId: string,
    runId: string,
  ): Promise<{ state: string; start_date: string | null; end_date: string | null }> {
    return httpGetJson(this.runPath(dagId, runId), this.http);
  }

  /** Every task instance of the run (mapped ones one per map index), paged 100 at a time. */
  async taskInstances(dagId: string, runId: string): Promise<TaskInstance[]> {
    const out: TaskInstance[] = [];
    for (let offset = 0; ; offset += 100) {
      const r = await httpGetJson<{ task_instances: TaskInstance[]; total_entries: number }>(
        `${this.runPath(dagId, runId)}/taskInstances?limit=100&offset=${offset}`,
        this.http,
      );
      out.push(...r.task_instances);
      if (r.task_instances.length === 0 || out.length >= r.total_entries) return out;
    }
  }

  /** The log of one try as Airflow serves it (JSON content, Airflow 3). A list of strings means Airflow could not parse it. */
  async taskLog(
    dagId: string,
    runId: string,
    taskId: string,
    tryNumber: number,
    mapIndex: number,
  ): Promise<StructuredLogMessage[] | string[]> {
    const r = await httpGetJson<{ content: StructuredLogMessage[] | string[] }>(
      `${this.runPath(dagId, runId)}/taskInstances/${encodeURIComponent(taskId)}/logs/${tryNumber}?full_content=true&map_index=${mapIndex}`,
      this.http,
    );
    return r.content;
  }
}
