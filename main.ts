import { App, YamlOutputType } from 'cdk8s';
import { CarvelChart, DaskhubChart, DaskhubCrdsChart, GkeChart, JegLabChart, MinikubeChart, synthesize } from './lib';

/** The seed charts this repository synthesizes into dist/. */
export function buildApp(outdir?: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new MinikubeChart(app, 'minikube');
  new JegLabChart(app, 'jeg-lab');
  new GkeChart(app, 'gke');
  new DaskhubCrdsChart(app, 'daskhub-crds');
  // Seed 002 on AKS: the load balancer's Azure DNS label and region give the host (example values).
  new DaskhubChart(app, 'daskhub', { azureDnsLabelName: 'my-daskhub', azureRegion: 'westeurope' });
  // Seed 000 as a Carvel package: synthesize() writes the directory dist/carvel/ (see CarvelPackage).
  new CarvelChart(app, 'carvel');
  return app;
}

if (require.main === module) {
  synthesize(buildApp());
}
