import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabWriter, formatTable } from '../../../../cli/printers/tabwriter';
import { formatCell, TablePrinter, type Table } from '../../../../cli/printers/table';
import { humanDuration } from '../../../../kube/util/duration';
import { printJSON, printName } from '../../../../cli/printers/object';

test('tabwriter pads every cell but the last to the widest plus 3, minimum 6', () => {
  assert.equal(
    formatTable([
      ['NAME', 'DATA', 'AGE'],
      ['a', '1', '5s'],
      ['much-longer', '10', '2m'],
    ]),
    'NAME          DATA   AGE\na             1      5s\nmuch-longer   10     2m\n',
  );
  // Widths only grow (RememberWidths), so later rows of a watch stay aligned.
  const w = new TabWriter();
  w.format([
    ['NAME', 'X'],
    ['long-name-here', 'y'],
  ]);
  assert.equal(w.format([['a', 'b']]), 'a' + ' '.repeat(16) + 'b\n');
});

test('a cell holding newlines ends the column blocks there, as in Go text/tabwriter', () => {
  // Expected: what kubectl's tabwriter (liggitt/tabwriter: Go's text/tabwriter with RememberWidths;
  // minwidth 6, tabwidth 4, padding 3, spaces) prints for these rows, as kubectl 1.33 does for the
  // kube-root-ca.crt ConfigMap: the certificate's first line ends the DATA block; the one-cell lines
  // flush; later lines keep the remembered widths.
  const cert = 'map[ca.crt:-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIIGZ\n-----END CERTIFICATE-----\n]';
  assert.equal(
    formatTable([
      ['NAME', 'DATA', 'MANAGERS'],
      ['alpha', 'map[key:alpha]', 'kubectl-create'],
      ['kube-root-ca.crt', cert, 'kube-controller-manager'],
      ['zeta', 'map[k:v]', 'x'],
    ]),
    'NAME               DATA             MANAGERS\n' +
      'alpha              map[key:alpha]   kubectl-create\n' +
      'kube-root-ca.crt   map[ca.crt:-----BEGIN CERTIFICATE-----\n' +
      'MIIBdzCCAR2gAwIBAgIIGZ\n' +
      '-----END CERTIFICATE-----\n' +
      ']                  kube-controller-manager\n' +
      'zeta               map[k:v]         x\n',
  );
});

test('cells print like Go fmt.Sprint and line breaks truncate', () => {
  assert.equal(formatCell(null), '');
  assert.equal(formatCell(3), '3');
  assert.equal(formatCell(true), 'true');
  assert.equal(formatCell('one\ntwo'), 'one...');
  assert.equal(formatCell(['a', 'b']), '[a b]');
});

const table: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Node', type: 'string', priority: 1 },
  ],
  rows: [
    {
      cells: ['web', '1/1', 'node-a'],
      object: { metadata: { name: 'web', namespace: 'shop', labels: { b: '2', a: '1' } } },
    },
    { cells: ['db', '0/1', null], object: { metadata: { name: 'db', namespace: 'data' } } },
  ],
};

test('server tables: priority columns only when wide; namespace, kind prefix and labels decorate', () => {
  assert.equal(new TablePrinter({}).print(table), 'NAME   READY\nweb    1/1\ndb     0/1\n');
  assert.equal(
    new TablePrinter({ wide: true }).print(table),
    'NAME   READY   NODE\nweb    1/1     node-a\ndb     0/1     \n',
  );
  assert.equal(
    new TablePrinter({ withNamespace: true, kindPrefix: 'pod', showLabels: true }).print(table),
    'NAMESPACE   NAME      READY   LABELS\nshop        pod/web   1/1     a=1,b=2\ndata        pod/db    0/1     <none>\n',
  );
  const p = new TablePrinter({});
  p.print(table);
  // A second page with the same columns prints no header; an empty table prints nothing.
  assert.equal(p.print({ ...table, rows: [table.rows![0]] }), 'web    1/1\n');
  assert.equal(new TablePrinter({}).print({ ...table, rows: [] }), '');
});

test('humanDuration matches apimachinery', () => {
  assert.equal(humanDuration(-5000), '<invalid>');
  assert.equal(humanDuration(59_000), '59s');
  assert.equal(humanDuration(119_000), '119s');
  assert.equal(humanDuration(5 * 60_000 + 3000), '5m3s');
  assert.equal(humanDuration(90 * 60_000), '90m');
  assert.equal(humanDuration(3 * 3600_000 + 60_000 * 7), '3h7m');
  assert.equal(humanDuration(30 * 3600_000), '30h');
  assert.equal(humanDuration(3 * 86_400_000 + 3600_000), '3d1h');
  assert.equal(humanDuration(400 * 86_400_000), '400d');
  assert.equal(humanDuration(3 * 365 * 86_400_000 + 5 * 86_400_000), '3y5d');
});

test('-o json is json.MarshalIndent: sorted keys, 4 spaces, HTML escaped; -o name is kind.group/name', () => {
  assert.equal(
    printJSON({ b: 1, a: { z: '<&>' }, c: [] }),
    '{\n    "a": {\n        "z": "\\u003c\\u0026\\u003e"\n    },\n    "b": 1,\n    "c": []\n}\n',
  );
  assert.equal(
    printName({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }),
    'deployment.apps/web\n',
  );
  assert.equal(printName({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }), 'configmap/x\n');
});
