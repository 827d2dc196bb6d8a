/** The import's report (`<name>.import.md`): every key of the values file and what became of it. */
import { ImportPlan, Outcome } from './import-plan';

const md = (s: string) => s.replace(/\|/g, '\\|');

function describe(o: Outcome): string {
  switch (o.status) {
    case 'mapped':
      return `\`${o.api}\`${o.note ? ` (${o.note})` : ''}`;
    case 'secret':
      return `\`${o.api}\`: the value is not copied; Secret \`${o.secretName}\`, key \`${o.secretKey}\`${o.note ? ` (${o.note})` : ''}`;
    case 'helm-only':
      return `not mapped, Helm-only: ${o.reason}`;
    case 'not supported':
      return /^not supported by the import yet/.test(o.reason)
        ? o.reason
        : `not supported by the import yet: ${o.reason}`;
    case 'refused':
      return `refused, insecure: ${o.reason}. Instead: ${o.instead}`;
  }
}

/** The report's Markdown. */
export function writeReport(plan: ImportPlan, file: string, chartFile: string): string {
  const rows = [...plan.outcomes.entries()].map(([key, o]) => `| \`${md(key)}\` | ${o.status} | ${md(describe(o))} |`);
  const secrets = plan.secrets.map((s) =>
    s.keep
      ? `- keep Secret \`${s.name}\` (key \`${s.key}\`) of the release: it holds \`${s.from}\``
      : `- create Secret \`${s.name}\` with key \`${s.key}\` (the value of \`${s.from}\`): \`kubectl -n ${plan.namespace} create secret generic ${s.name} --from-literal=${s.key}=...\``,
  );
  const counts = (st: Outcome['status']) => [...plan.outcomes.values()].filter((o) => o.status === st).length;
  return [
    `# Import of ${file}`,
    '',
    `\`cdk8s-jupyterhub import\` wrote \`${chartFile}\` from \`${file}\`: ${plan.outcomes.size} keys, ${counts('mapped')} mapped, ${counts('secret')} secret values moved to Secret references, ${counts('helm-only')} Helm-only, ${counts('not supported')} not supported by the import yet, ${counts('refused')} refused. No secret value of the file is in the chart or in this report.`,
    '',
    ...(plan.valuePlaceholders.length > 0
      ? [
          '## Placeholders to set',
          '',
          'The values had placeholders; the chart has examples instead:',
          '',
          ...plan.valuePlaceholders.map((p) => `- \`${md(p)}\``),
          '',
        ]
      : []),
    '## Secrets to create or keep',
    '',
    ...(secrets.length > 0 ? secrets : ['- none']),
    '',
    '## Every key',
    '',
    '| key | status | where it went, or why not |',
    '| --- | --- | --- |',
    ...rows,
    '',
    ...(plan.takeover ? takeoverSteps(plan, chartFile) : []),
  ].join('\n');
}

/** The steps of a takeover, in order (docs/takeover.md). */
function takeoverSteps(plan: ImportPlan, chartFile: string): string[] {
  const ns = plan.namespace;
  const dist = `dist/${plan.name}.k8s.yaml`;
  return [
    '## Taking over the release',
    '',
    `The chart keeps the release's identities: Secret \`hub\` (\`HubSecret.fromZeroToJupyterHub()\`), the claim \`hub-db-dir\`, the users' claims \`claim-{username}{servername}\`, the Deployments' selectors (\`release: ${plan.name}\`) and Service \`proxy-public\` (its load balancer IP). docs/takeover.md explains each step.`,
    '',
    `1. Compile and synthesize \`${chartFile}\`, then compare: \`helm -n ${ns} get manifest ${plan.name} > release.yaml && npx cdk8s-jupyterhub diff release.yaml ${dist}\`.`,
    `2. Back up the hub database and Secret \`hub\`: \`kubectl -n ${ns} exec deploy/hub -- cat /srv/jupyterhub/jupyterhub.sqlite > jupyterhub.sqlite.backup\`; \`kubectl -n ${ns} get secret hub -o yaml > hub-secret.backup.yaml\`.`,
    '3. Create the Secrets listed above that the release kept in its values.',
    `4. Scale the hub down: \`kubectl -n ${ns} scale deploy/hub --replicas=0\`.`,
    `5. Let Helm go without deleting anything: \`kubectl -n ${ns} delete secret -l owner=helm,name=${plan.name}\`.`,
    `6. Apply: \`kubectl apply -f ${dist}\` (the hub scales up again with the chart's Deployment).`,
    '7. Delete what the release had and the chart does not (never a PersistentVolumeClaim): docs/takeover.md, step 6.',
    '',
  ];
}
