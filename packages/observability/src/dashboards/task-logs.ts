import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { isLabel, type StreamFields } from '../fields.js';
import { allTaskLogs, errorFilter, variable } from '../queries.js';
import { containsVariable, re, selectTaskLogs } from '../selectors.js';
import { type DashboardModel, logql, lokiRef, numberPanels } from './common.js';

export const TASK_LOGS_UID = 'logstack-task-logs';

/**
 * "Airflow task logs": pick a DAG, then narrow by task, run and try. dag_id is a stream label by
 * default, so its values come from Loki; task_id, run_id and try are structured metadata, which
 * Loki cannot list, so they are text boxes: task and run match what contains the text as typed
 * (a run id pasted from Airflow's UI), try is a regular expression (`.*` keeps all).
 */
export function taskLogsDashboard(t: StreamFields, description: string): DashboardModel {
  const dagVariable = isLabel(t, 'dag_id')
    ? new dashboard.QueryVariableBuilder('dag_id')
        .label('DAG')
        .datasource(lokiRef)
        .query(`label_values(${allTaskLogs(t)}, dag_id)`)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc)
    : new dashboard.TextBoxVariableBuilder('dag_id').label('DAG').defaultValue('.+');
  const text = (name: string, label: string, initial = '') =>
    new dashboard.TextBoxVariableBuilder(name).label(label).defaultValue(initial);

  const dag = [re('dag_id', variable('dag_id'))];
  const attempt = [
    ...dag,
    containsVariable('task_id', 'task_id'),
    containsVariable('run_id', 'run_id'),
    re('attempt', variable('try')),
  ];
  const board = new dashboard.DashboardBuilder('Airflow task logs')
    .uid(TASK_LOGS_UID)
    .description(description)
    .tags(['airflow', 'logs', 'airflow-logstack'])
    .editable()
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .withVariable(dagVariable)
    .withVariable(text('task_id', 'Task (contains)'))
    .withVariable(text('run_id', 'Run (contains)'))
    .withVariable(text('try', 'Try (regex)', '.*'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Error lines per second by DAG')
        .description('Lines at level error, critical or fatal, every DAG.')
        .datasource(lokiRef)
        .unit('short')
        .withTarget(
          logql(`sum by (dag_id) (rate(${allTaskLogs(t)} ${errorFilter()} [$__auto]))`, '{{dag_id}}'),
        )
        .height(8)
        .span(12),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Log lines per second by level')
        .description('The selected DAG, task, run and try.')
        .datasource(lokiRef)
        .unit('short')
        .withTarget(logql(`sum by (level) (rate(${selectTaskLogs(t, attempt)} [$__auto]))`, '{{level}}'))
        .height(8)
        .span(12),
    )
    .withPanel(
      new logs.PanelBuilder()
        .title('Task logs')
        .description('Every line of the selected task attempts, kept after the pod is gone.')
        .datasource(lokiRef)
        .withTarget(logql(selectTaskLogs(t, attempt)))
        .showTime(true)
        .wrapLogMessage(true)
        .enableLogDetails(true)
        .sortOrder(common.LogsSortOrder.Descending)
        .height(16)
        .span(24),
    )
    .withPanel(
      new logs.PanelBuilder()
        .title('Errors and tracebacks')
        .datasource(lokiRef)
        .withTarget(logql(`${selectTaskLogs(t, attempt)} ${errorFilter()}`, undefined, 'A'))
        .showTime(true)
        .wrapLogMessage(true)
        .enableLogDetails(true)
        .sortOrder(common.LogsSortOrder.Descending)
        .height(10)
        .span(24),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Log bytes per task (top 10)')
        .description('Tasks that write the most: often the slow, looping or retrying ones.')
        .datasource(lokiRef)
        .unit('bytes')
        .withTarget(
          logql(
            `topk(10, sum by (task_id) (bytes_over_time(${selectTaskLogs(t, dag)} [$__auto])))`,
            '{{task_id}}',
          ),
        )
        .height(8)
        .span(24),
    )
    .build();
  return numberPanels(board);
}
