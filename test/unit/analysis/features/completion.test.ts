// Completion from the feature provider directly: documentation is Markdown that keeps the schema's text, and
// names from the cluster are in the first answer whenever they arrive within the wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClusterNames } from '../../../../analysis/features/completion';
import { complete, withCursor } from './fixtures';

const item = (list: CompletionList, label: string): CompletionItem => {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${list.items.map((i) => i.label).join(', ')}`);
  return found;
};

test('key documentation: <placeholders> and *. in descriptions are text, code spans stay code', async () => {
  const list = await complete('apiVersion: v1\nkind: Pod\nspec:\n  |\n');
  const doc = item(list, 'subdomain').documentation as MarkupContent;
  assert.equal(doc.kind, 'markdown');
  assert.equal(
    doc.value,
    'If specified, the fully qualified Pod hostname will be "\\<hostname\\>.\\<subdomain\\>.\\<pod namespace\\>.svc.\\<cluster domain\\>". If not specified, the pod will not have a domainname at all.',
  );
  const html = new MarkdownIt({ html: true }).render(doc.value);
  assert.ok(!/<hostname>/.test(html) && html.includes('&lt;hostname&gt;'), html);
});

test('apiVersion documentation lists the kinds as text', async () => {
  const list = await complete('apiVersion: |\nkind: Deployment\n');
  const doc = item(list, 'apps/v1').documentation as MarkupContent;
  assert.equal(
    doc.value,
    'Kinds served by `apps/v1`: ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet',
  );
});

const POD_NS = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  namespace: |\n';

test('cluster names that arrive while completion waits are in the first, complete answer', async () => {
  const asked: [string, string | undefined][] = [];
  const names: ClusterNames = async (ref, ns) => {
    asked.push([ref, ns]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return ['default', 'kube-system'];
  };
  const list = await complete(POD_NS, names);
  assert.equal(list.isIncomplete, false);
  assert.deepEqual(
    list.items.map((i) => [i.label, i.detail]),
    [
      ['default', 'Namespace in the cluster'],
      ['kube-system', 'Namespace in the cluster'],
    ],
  );
  assert.deepEqual(asked, [['namespaces', undefined]]);
});

test('names still unknown after the wait: an incomplete answer, so the editor asks again', async () => {
  const list = await complete(POD_NS, async () => undefined);
  assert.deepEqual(list, { isIncomplete: true, items: [] });
});

/** The document after choosing `label` at the `|`: its edit and its additional edits applied. */
async function choose(marked: string, label: string): Promise<string> {
  const { text } = withCursor(marked);
  const chosen = item(await complete(marked), label);
  const edits = [chosen.textEdit as TextEdit, ...(chosen.additionalTextEdits ?? [])];
  return TextDocument.applyEdits(TextDocument.create('file:///k.yaml', 'yaml', 1, text), edits);
}

test('choosing a kind sets apiVersion to one that serves it (missing, empty or another group’s)', async () => {
  const cases: [string, string, string][] = [
    // The document's apiVersion serves the kind: only the kind changes.
    ['apiVersion: apps/v1\nkind: |\n', 'Deployment', 'apiVersion: apps/v1\nkind: Deployment\n'],
    ['apiVersion: v1\nkind: |\n', 'ConfigMap', 'apiVersion: v1\nkind: ConfigMap\n'],
    // Another group's apiVersion: replaced (comment and the rest kept).
    [
      'apiVersion: v1 # core\nkind: Dep|\nmetadata: {}\n',
      'Deployment',
      'apiVersion: apps/v1 # core\nkind: Deployment\nmetadata: {}\n',
    ],
    ['apiVersion: "v1"\nkind: |\n', 'CronJob', 'apiVersion: batch/v1\nkind: CronJob\n'],
    [
      'apiVersion: apps/v1\nkind: |\n',
      'ServiceMonitor',
      'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\n',
    ],
    // No apiVersion value yet, or no key at all.
    ['apiVersion:\nkind: |\n', 'Deployment', 'apiVersion: apps/v1\nkind: Deployment\n'],
    ['kind: |\nmetadata:\n  name: x\n', 'Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n'],
    ['metadata:\n  name: x\nkind: |\n', 'Pod', 'metadata:\n  name: x\napiVersion: v1\nkind: Pod\n'],
    // In the second document of a file, only that document's apiVersion is touched.
    [
      'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: |\n',
      'Role',
      'apiVersion: v1\nkind: Pod\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n',
    ],
    [
      'apiVersion: v1\nkind: Pod\n---\nkind: |\n',
      'Role',
      'apiVersion: v1\nkind: Pod\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n',
    ],
  ];
  for (const [marked, label, want] of cases) assert.equal(await choose(marked, label), want, `${marked} -> ${label}`);
});
