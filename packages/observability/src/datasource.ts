import { inChartLokiUrl, type LogstackModel } from '@logstack/spec';
import { LOKI_DATASOURCE_NAME, LOKI_DATASOURCE_UID } from './dashboards/common.js';

/** Environment variables Grafana must get from the Secrets named in loki.auth (Grafana expands `$__env{...}`). */
export const DATASOURCE_ENV = {
  username: 'LOGSTACK_LOKI_USERNAME',
  password: 'LOGSTACK_LOKI_PASSWORD',
  token: 'LOGSTACK_LOKI_TOKEN',
} as const;

/**
 * Files Grafana must have mounted from the Secrets named in loki.tls (Grafana expands
 * `$__file{...}` in provisioning files), for a Loki behind a private CA or mutual TLS.
 */
export const DATASOURCE_TLS_FILES = {
  ca: '/etc/grafana/logstack-loki-tls/ca.crt',
  cert: '/etc/grafana/logstack-loki-tls/tls.crt',
  key: '/etc/grafana/logstack-loki-tls/tls.key',
} as const;

/** Grafana's provisioning entry for one datasource (apiVersion 1 `datasources:` item). */
export interface DatasourceEntry {
  name: string;
  uid: string;
  type: 'loki';
  access: 'proxy';
  /** Empty: the chart fills in the in-chart Loki Service of the release namespace. */
  url: string;
  isDefault: false;
  editable: false;
  basicAuth?: boolean;
  basicAuthUser?: string;
  jsonData: Record<string, string | number | boolean>;
  secureJsonData?: Record<string, string>;
}

/**
 * The Loki datasource. The tenant goes in the X-Scope-OrgID header (an org id, not a secret);
 * credentials never appear: they are `$__env{...}` references Grafana expands at provisioning.
 */
export function lokiDatasource(model: LogstackModel, url?: string): DatasourceEntry {
  const { loki } = model;
  const jsonData: DatasourceEntry['jsonData'] = { maxLines: 1000, timeout: 60 };
  const secure: Record<string, string> = {};
  let header = 0;
  const addHeader = (name: string, value: string) => {
    header += 1;
    jsonData[`httpHeaderName${header}`] = name;
    secure[`httpHeaderValue${header}`] = value;
  };
  if (loki.tenant) addHeader('X-Scope-OrgID', loki.tenant);
  if (loki.auth.type === 'bearer') addHeader('Authorization', `Bearer $__env{${DATASOURCE_ENV.token}}`);
  if (loki.tls.insecureSkipVerify) jsonData.tlsSkipVerify = true;
  // The same trust and client certificate the sidecar and the agents push with.
  if (loki.tls.caSecret) {
    jsonData.tlsAuthWithCACert = true;
    secure.tlsCACert = `$__file{${DATASOURCE_TLS_FILES.ca}}`;
  }
  if (loki.tls.clientCertSecret && loki.tls.clientKeySecret) {
    jsonData.tlsAuth = true;
    secure.tlsClientCert = `$__file{${DATASOURCE_TLS_FILES.cert}}`;
    secure.tlsClientKey = `$__file{${DATASOURCE_TLS_FILES.key}}`;
  }
  const entry: DatasourceEntry = {
    name: LOKI_DATASOURCE_NAME,
    uid: LOKI_DATASOURCE_UID,
    type: 'loki',
    access: 'proxy',
    url: url ?? (loki.mode === 'external' && loki.pushUrl ? loki.pushUrl.replace(/\/+$/, '') : ''),
    isDefault: false,
    editable: false,
    jsonData,
  };
  if (loki.auth.type === 'basic') {
    entry.basicAuth = true;
    entry.basicAuthUser = `$__env{${DATASOURCE_ENV.username}}`;
    secure.basicAuthPassword = `$__env{${DATASOURCE_ENV.password}}`;
  }
  if (Object.keys(secure).length) entry.secureJsonData = secure;
  return entry;
}

/** The provisioning file Grafana reads: the in-chart URL spelled out for the spec's namespace. */
export function datasourceFile(model: LogstackModel) {
  const ds = lokiDatasource(model);
  return {
    apiVersion: 1,
    datasources: [{ ...ds, url: ds.url || inChartLokiUrl(model) }],
  };
}
