/**
 * Namespace: a Namespace object and the scope the hub's constructs are made in; the bad input it
 * refuses, naming the prop (or, for a Namespace declared twice across the app, both construct
 * paths); and good input a user would expect to work.
 */
import { JupyterHub, Namespace } from '../../lib';
import { app, chartIn, expectAccepted, expectRefused, Good, js, long, P, Row } from '../input-checks';
import { anyLogin, chart, find } from '../util';

const ns = (props: object) => () => new Namespace(chart(), 'course', props as any);

const refusals: Row[] = [
  // Two objects with the same identity (the whole-app checks, at synthesis)
  [
    'a JupyterHub and a Namespace construct of the same name',
    app((a) => {
      const c = chartIn(a, 'c');
      new Namespace(c, 'course');
      new JupyterHub(c, 'hub', { hub: { authenticator: anyLogin() }, namespace: 'course' });
    }),
    /Namespace 'course' is declared twice, by 'c\/course\/Resource' and 'c\/hub\/Namespace\/Resource'/,
  ],
  [
    'the same Namespace in two charts',
    app((a) => {
      new Namespace(chartIn(a, 'one'), 'course');
      new Namespace(chartIn(a, 'two'), 'course');
    }),
    /Namespace 'course' is declared twice, by 'one\/course\/Resource' and 'two\/course\/Resource'/,
  ],
  // Wrong types from JavaScript
  ["Namespace labels: ['team=a']", ns({ labels: ['team=a'] }), P('labels')],
  ['a Namespace label value that is a number', ns({ labels: { tier: 1 } }), P("labels['tier']")],
  ['Namespace name: 42', ns({ name: 42 }), P('name')],
  ["Namespace.of('chart')", () => Namespace.of(js('chart')), P('scope')],
  ['Namespace.of(a plain object)', () => Namespace.of(js({})), P('scope')],
  ['namespace.orderBefore(undefined)', () => new Namespace(chart(), 'n').orderBefore(js(undefined)), P('scope')],
  // Values that reach a Kubernetes field without that field's rule
  ["Namespace label key 'bad key!'", ns({ labels: { 'bad key!': 'x' } }), P('labels')],
  [
    "Namespace label key with an upper-case prefix 'Example.org/team'",
    ns({ labels: { 'Example.org/team': 'a' } }),
    P('labels'),
  ],
  ["Namespace label key 'a/b/c'", ns({ labels: { 'a/b/c': 'x' } }), P('labels')],
  ["Namespace label key '/team' (empty prefix)", ns({ labels: { '/team': 'x' } }), P('labels')],
  ["Namespace label key 'example.org/' (empty name)", ns({ labels: { 'example.org/': 'x' } }), P('labels')],
  ['Namespace label key name of 64 characters', ns({ labels: { [long(64, 'k')]: 'x' } }), P('labels')],
  ["Namespace label value 'has space'", ns({ labels: { team: 'has space' } }), P("labels['team']")],
  ['Namespace label value of 64 characters', ns({ labels: { team: long(64) } }), P("labels['team']")],
  ["Namespace label value '-lead'", ns({ labels: { team: '-lead' } }), P("labels['team']")],
  ["Namespace name 'Course'", ns({ name: 'Course' }), P('name')],
  ["Namespace name 'my_course'", ns({ name: 'my_course' }), P('name')],
  ['Namespace name of 64 characters', ns({ name: long(64) }), P('name')],
  // Generated programs that read differently than written
  ['a Namespace label value with U+2029', ns({ labels: { team: 'a\u2029b' } }), P("labels['team']")],
];

describe('refuses bad input, naming the prop', () => {
  test.each(refusals)('%s', expectRefused);
});

const accepted: Good[] = [
  [
    "Namespace labels beside the Pod Security ones ('team': '', 'example.org/on': 'off')",
    (a) => {
      new Namespace(chartIn(a, 'c'), 'course', { labels: { team: '', 'example.org/on': 'off' } });
    },
    (d) =>
      expect(find(d, 'Namespace', 'course').metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        team: '',
        'example.org/on': 'off',
      }),
  ],
];

describe('accepts good input a user would expect to work: synthesizes, passes the strict schema, reads the same in YAML 1.1', () => {
  test.each(accepted)('%s', expectAccepted);
});
