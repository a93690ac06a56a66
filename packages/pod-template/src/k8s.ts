/** The few Kubernetes shapes the wiring builds; plain data, serialised as-is. */
export type K8sObject = { [key: string]: unknown };

export interface Container extends K8sObject {
  name: string;
  image: string;
}

export interface Volume extends K8sObject {
  name: string;
}
