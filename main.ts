import { App, YamlOutputType } from 'cdk8s';
import { JegLabChart, MinikubeChart, synthesize } from './lib';

/** The seed charts this repository synthesizes into dist/. */
export function buildApp(outdir?: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new MinikubeChart(app, 'minikube');
  new JegLabChart(app, 'jeg-lab');
  return app;
}

if (require.main === module) {
  synthesize(buildApp());
}
