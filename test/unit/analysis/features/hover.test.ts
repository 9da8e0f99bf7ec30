// Hover cards from the feature provider directly, table-style (as yaml-language-server tests hover): the exact
// Markdown for each kind of field, and every card rendered by a CommonMark renderer keeps its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { provideHover } from '../../../../analysis/features/hover';
import { openapiDir, sharedK8s } from '../validation/sharedData';
import { engine, parsed, withCursor } from './fixtures';

interface HoverCase {
  name: string;
  /** The document, with `|` where the cursor is. */
  doc: string;
  markdown: string | null;
}

async function hoverMarkdown(text: string, position: { line: number; character: number }): Promise<string | null> {
  const h = await provideHover(parsed(text), position, engine(), new AbortController().signal);
  if (!h) return null;
  const contents = h.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

const cases: HoverCase[] = [
  {
    name: 'scalar: a string field of a container',
    doc: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        ima|ge: nginx
`,
    markdown: [
      '```',
      'GROUP:      apps',
      'KIND:       Deployment',
      'VERSION:    v1',
      '',
      'FIELD: image <string>',
      'PATH:  spec.template.spec.containers.image',
      '```',
      '',
      'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.',
    ].join('\n'),
  },
  {
    name: 'enum named in the description, and a URL with a fragment',
    doc: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        imagePullPolicy|: Always
`,
    markdown: [
      '```',
      'GROUP:      apps',
      'KIND:       Deployment',
      'VERSION:    v1',
      '',
      'FIELD: imagePullPolicy <string>',
      'PATH:  spec.template.spec.containers.imagePullPolicy',
      '```',
      '',
      'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images',
      '',
      'Possible values: `Always`, `Never`, `IfNotPresent`',
    ].join('\n'),
  },
  {
    name: 'enum with a default',
    doc: `apiVersion: v1
kind: Pod
spec:
  containers:
  - ports:
    - prot|ocol: TCP
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: protocol <string>',
      'PATH:  spec.containers.ports.protocol',
      '```',
      '',
      'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
      '',
      'Possible values: `UDP`, `TCP`, `SCTP`',
      '',
      'Default: `TCP`',
    ].join('\n'),
  },
  {
    name: 'object: its fields with their types',
    doc: `apiVersion: v1
kind: Pod
spec:
  containers:
  - lifec|ycle: {}
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: lifecycle <Object>',
      'PATH:  spec.containers.lifecycle',
      '```',
      '',
      'Actions that the management system should take in response to container lifecycle events. Cannot be updated.',
      '',
      'FIELDS:',
      '- `postStart` \\<Object\\>',
      '- `preStop` \\<Object\\>',
      '- `stopSignal` \\<string\\>',
    ].join('\n'),
  },
  {
    name: 'array of objects: the item fields, required marked',
    doc: `apiVersion: v1
kind: Pod
spec:
  containers:
  - po|rts: []
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: ports <[]ContainerPort>',
      'PATH:  spec.containers.ports',
      '```',
      '',
      'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.',
      '',
      'FIELDS:',
      '- `containerPort` \\<integer\\> **required**',
      '- `hostIP` \\<string\\>',
      '- `hostPort` \\<integer\\>',
      '- `name` \\<string\\>',
      '- `protocol` \\<string\\>',
    ].join('\n'),
  },
  {
    name: 'a scalar inside a list of scalars explains the list',
    doc: `apiVersion: v1
kind: Pod
spec:
  containers:
  - args:
    - fi|rst
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: args <[]string>',
      'PATH:  spec.containers.args',
      '```',
      '',
      'Arguments to the entrypoint. The container image\'s CMD is used if this is not provided. Variable references $(VAR\\_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR\\_NAME) syntax: i.e. "$$(VAR\\_NAME)" will produce the string literal "$(VAR\\_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell',
    ].join('\n'),
  },
  {
    name: 'map of strings',
    doc: `apiVersion: v1
kind: ConfigMap
da|ta:
  a: b
`,
    markdown: [
      '```',
      'KIND:       ConfigMap',
      'VERSION:    v1',
      '',
      'FIELD: data <map[string]string>',
      'PATH:  data',
      '```',
      '',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '\\_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ].join('\n'),
  },
  {
    name: 'deprecated field',
    doc: `apiVersion: v1
kind: Pod
spec:
  serviceAc|count: default
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: serviceAccount <string>',
      'PATH:  spec.serviceAccount',
      '```',
      '',
      'DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.',
    ].join('\n'),
  },
  {
    name: 'angle brackets in a description stay text',
    doc: `apiVersion: v1
kind: Pod
spec:
  sub|domain: web
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: subdomain <string>',
      'PATH:  spec.subdomain',
      '```',
      '',
      'If specified, the fully qualified Pod hostname will be "\\<hostname\\>.\\<subdomain\\>.\\<pod namespace\\>.svc.\\<cluster domain\\>". If not specified, the pod will not have a domainname at all.',
    ].join('\n'),
  },
  {
    name: 'code spans of a description stay code',
    doc: `apiVersion: v1
kind: Pod
spec:
  containers:
  - env:
    - valueFrom:
        field|Ref: {}
`,
    markdown: [
      '```',
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: fieldRef <Object>',
      'PATH:  spec.containers.env.valueFrom.fieldRef',
      '```',
      '',
      "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
      '',
      'FIELDS:',
      '- `apiVersion` \\<string\\>',
      '- `fieldPath` \\<string\\> **required**',
    ].join('\n'),
  },
  {
    name: 'CRD field with a multi-line description',
    doc: `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
spec:
  jobLa|bel: app
`,
    markdown: [
      '```',
      'GROUP:      monitoring.coreos.com',
      'KIND:       ServiceMonitor',
      'VERSION:    v1',
      '',
      'FIELD: jobLabel <string>',
      'PATH:  spec.jobLabel',
      '```',
      '',
      'jobLabel selects the label from the associated Kubernetes `Service`',
      'object which will be used as the `job` label for all metrics.',
      '',
      'For example if `jobLabel` is set to `foo` and the Kubernetes `Service`',
      'object is labeled with `foo: bar`, then Prometheus adds the `job="bar"`',
      'label to all ingested metrics.',
      '',
      "If the value of this field is empty or if the label doesn't exist for",
      'the given Service, the `job` label of the metrics defaults to the name',
      'of the associated Kubernetes `Service`.',
    ].join('\n'),
  },
  {
    name: 'CRD enum',
    doc: `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
spec:
  endpoints:
  - sch|eme: https
`,
    markdown: [
      '```',
      'GROUP:      monitoring.coreos.com',
      'KIND:       ServiceMonitor',
      'VERSION:    v1',
      '',
      'FIELD: scheme <string>',
      'PATH:  spec.endpoints.scheme',
      '```',
      '',
      'scheme defines the HTTP scheme to use when scraping the metrics.',
      '',
      'Possible values: `http`, `https`, `HTTP`, `HTTPS`',
    ].join('\n'),
  },
  {
    name: 'unknown kind: no hover',
    doc: `apiVersion: v1
kind: Nope
spec:
  fi|eld: 1
`,
    markdown: null,
  },
];

/** Every card ends with the source of its schema: the fixtures' schema folder, or their CRD files. */
function withSourceFooter(doc: string, markdown: string | null): string | null {
  if (markdown === null) return null;
  const source = doc.includes('monitoring.coreos.com/')
    ? `CRD files ${path.join(sharedK8s, 'crds/prometheus-operator')}`
    : `schema folder ${openapiDir('1.35')}`;
  return `${markdown}\n\nSchema source: \`${source}\``;
}

for (const c of cases) {
  test(`hover: ${c.name}`, async () => {
    const { text, position } = withCursor(c.doc);
    assert.equal(await hoverMarkdown(text, position), withSourceFooter(c.doc, c.markdown));
  });
}

// VS Code renders hovers as CommonMark with HTML allowed (and then sanitized): anything that looks like a tag is
// HTML, not text. Render every card of a real multi-kind file and check each type and description survives as text.
test('hover cards render as CommonMark with every type and description intact', async () => {
  const md = new MarkdownIt({ html: true, linkify: true });
  const file = path.join(sharedK8s, 'corpus/microservices-demo/release/kubernetes-manifests.yaml');
  const text = readFileSync(file, 'utf8').split('\n').slice(0, 400).join('\n');
  const lines = text.split('\n');
  let cards = 0;
  for (let line = 0; line < lines.length; line++) {
    const key = /^(\s*(?:- )?)([A-Za-z]\w*):/.exec(lines[line]!);
    if (!key) continue;
    const value = await hoverMarkdown(text, { line, character: key[1]!.length });
    if (!value) continue;
    cards++;
    const html = md.render(value);
    // Every tag in the output is one markdown-it produces itself; a schema type such as <string> is never one.
    for (const tag of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g))
      assert.ok(RENDERED_TAGS.has(tag[1]!), `raw HTML <${tag[1]}> in the card for line ${line + 1}:\n${value}`);
    const shown = htmlText(html);
    for (const m of value.matchAll(/^- `(\w+)` .*$/gm)) {
      const type = /^- `\w+` \\<(.*)\\>/.exec(m[0])?.[1]?.replace(/\\(.)/g, '$1');
      assert.ok(type, `a field line without a type: ${m[0]}`);
      assert.ok(shown.includes(`${m[1]} <${type}>`), `${m[1]} <${type}> is not shown as text on line ${line + 1}`);
    }
  }
  assert.ok(cards > 100, `only ${cards} hover cards`);
});

test('a description with <placeholders> renders them as text', async () => {
  const { text, position } = withCursor('apiVersion: v1\nkind: Pod\nspec:\n  sub|domain: web\n');
  const html = new MarkdownIt({ html: true }).render((await hoverMarkdown(text, position)) ?? '');
  assert.match(htmlText(html), /"<hostname>\.<subdomain>\.<pod namespace>\.svc\.<cluster domain>"/);
});

const RENDERED_TAGS = new Set(['p', 'pre', 'code', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'br', 'hr', 'h1', 'h2']);

/** The text a reader sees: tags dropped, entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
