/** Ready-made charts for the systems the library was built for, and synthesize(). */
export { JupyterHub } from './jupyter-hub';
export type { JupyterHubProps } from './jupyter-hub';
export { MinikubeChart } from './minikube-chart';
export type { MinikubeChartProps } from './minikube-chart';
export { JegLabChart } from './jeg-lab-chart';
export type { JegLabChartProps } from './jeg-lab-chart';
export { DaskhubChart } from './daskhub-chart';
export type { DaskhubChartProps } from './daskhub-chart';
export { DaskhubCrdsChart } from './daskhub-crds-chart';
export type { DaskhubCrdsChartProps } from './daskhub-crds-chart';
export { GkeChart } from './gke-chart';
export type { GkeChartProps } from './gke-chart';
export { CarvelChart } from './carvel-chart';
export type { CarvelChartProps } from './carvel-chart';
export { IsolationSelfTest } from './isolation-self-test';
export type { IsolationSelfTestProps } from './isolation-self-test';
export { synthesize } from './synthesize';
