/**
 * The hub's ServiceAccount annotations (issue 22, item 13: cloud workload identity, e.g. GKE's
 * `iam.gke.io/gcp-service-account` or EKS's `eks.amazonaws.com/role-arn`).
 */
import { expectRefused, hubIn, js, P, Row } from '../input-checks';
import { strictErrors } from '../strict-schema';
import { chart, find, synth } from '../util';

const IDENTITY = { 'iam.gke.io/gcp-service-account': 'hub@course.iam.gserviceaccount.com' };

test("serviceAccountAnnotations are the hub ServiceAccount's annotations", () => {
  const c = chart('course');
  hubIn(c, 'hub', { serviceAccountAnnotations: IDENTITY });
  const objs = synth(c);
  const sa = find(objs, 'ServiceAccount', 'hub');
  expect(sa.metadata.annotations).toEqual(IDENTITY);
  expect(strictErrors(sa)).toEqual([]);
});

test('without them the ServiceAccount has no annotations', () => {
  const c = chart('course');
  hubIn(c, 'hub');
  expect(find(synth(c), 'ServiceAccount', 'hub').metadata.annotations).toBeUndefined();
});

describe('refuses', () => {
  const rows: Row[] = [
    [
      'an annotation key that is none',
      () => hubIn(chart('c'), 'hub', { serviceAccountAnnotations: { 'a b': 'x' } }),
      P('serviceAccountAnnotations'),
    ],
    [
      'a value that is no string (JavaScript)',
      () => hubIn(chart('c'), 'hub', { serviceAccountAnnotations: js({ a: 1 }) }),
      /serviceAccountAnnotations/,
    ],
  ];
  test.each(rows)('%s', (what, build, message) => expectRefused(what, build, message));
});
