// Mutations that make the mistakes people make when they write manifests by hand, beside the schema's own
// constraints (schemaMutations.ts): a value of the right meaning in the wrong type (`replicas: "3"`, `value: 8080`,
// an object where a list goes), an empty value, zero or a negative count, names with upper case, dots, trailing
// dashes or too long, a field one level up or down, the wrong apiVersion or kind, two list items with one key,
// requests above limits, selectors that miss their template's labels. Each is found from the schema and the object
// (no kind is named), so it applies to every real object that has such a field.
import { type Obj, type Path, fieldPath, getAt, isObj, remove, set } from './objectPaths';
import type { Edit, FuzzSchema, Site } from './schemaMutations';

const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}…(${s.length})` : s);
const isIntOrString = (s: FuzzSchema) => s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string';
const props = (s: FuzzSchema | undefined) => Object.keys(s?.properties ?? {});

const BAD_NAMES = [
  'MyApp',
  'my_app',
  'my.app',
  'app-',
  '-app',
  'app.',
  ' app',
  'app:1',
  'a'.repeat(64),
  'a'.repeat(254),
];
const BAD_LABEL_KEYS = ['App', 'app_', 'my.app/Name', 'a'.repeat(64), 'x/', 'My Key'];
const BAD_LABEL_VALUES = ['My Value', 'v1.', '-x', 'x-', 'a'.repeat(64), 'a/b', 'Upper'];

/** Where to move the field at `path`: its object's parent object (one or two levels up), or a sibling object. */
function moveTargets(root: Obj, path: Path): { where: string; to: Path }[] {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return [];
  const holder = path.slice(0, -1);
  const out: { where: string; to: Path }[] = [];
  let up = holder;
  for (let level = 1; level <= 2 && up.length > 0; level++) {
    up = up.slice(0, -1);
    while (typeof up[up.length - 1] === 'number') up = up.slice(0, -1);
    const target = getAt(root, up);
    if (isObj(target) && !(key in target)) out.push({ where: `${level} up`, to: up });
  }
  const container = getAt(root, holder);
  if (isObj(container))
    for (const [sibling, v] of Object.entries(container)) {
      const into = Array.isArray(v) && isObj(v[0]) ? [...holder, sibling, 0] : [...holder, sibling];
      const target = getAt(root, into);
      if (sibling !== key && isObj(target) && !(key in target)) out.push({ where: 'down', to: into });
    }
  return out;
}

/** A quantity above `than` in the same unit family: cpu in millicores, bytes in Mi, counts in units. */
function quantities(resource: string): { low: string; high: string } {
  if (resource === 'cpu') return { low: '100m', high: '200m' };
  if (resource.includes('/')) return { low: '1', high: '2' };
  return { low: '64Mi', high: '128Mi' };
}

/** The user-error edits at one site (`root` is the object being mutated, for moves and selectors). */
export function userErrorEditsAt(site: Site, root: Obj, random: () => number): Edit[] {
  const s = site.schema;
  const out: Edit[] = [];
  if (!s) return out;
  const where = fieldPath(site.path);
  const v = site.value;
  const put = (category: Edit['category'], what: string, value: unknown, at: Path = site.path) =>
    out.push({
      category,
      name: `${category}: ${what} ${clip(JSON.stringify(value))} at ${fieldPath(at)}`,
      apply: set(at, value),
    });

  if (site.present) {
    // The right value in the wrong type, as YAML makes it easy to write.
    if (typeof v === 'number' && !isIntOrString(s)) put('coerced-type', 'quoted number', String(v));
    else if (typeof v === 'boolean') put('coerced-type', 'quoted boolean', String(v));
    else if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && !isIntOrString(s))
      put('coerced-type', 'unquoted number', Number(v));
    else if (typeof v === 'string' && /^(true|false)$/.test(v)) put('coerced-type', 'unquoted boolean', v === 'true');
    else if (Array.isArray(v) && v.length) put('coerced-type', 'the first item without its list', v[0]);
    else if (isObj(v) && Object.keys(v).length) put('coerced-type', 'the object in a list', [v]);
    // An empty value where one is expected.
    if (typeof v === 'string' && v !== '') put('empty-value', 'string', '');
    else if (Array.isArray(v) && v.length) put('empty-value', 'list', []);
    else if (isObj(v) && Object.keys(v).length) put('empty-value', 'object', {});
  }
  if (s.type === 'integer' || s.type === 'number' || (site.present && typeof v === 'number'))
    put('zero-negative', 'count', pick(random, [0, -1]));

  const key = site.path[site.path.length - 1];
  if (typeof key === 'string' && /(^name$|Name$)/.test(key) && (s.type === 'string' || typeof v === 'string'))
    put('bad-name', 'name', pick(random, BAD_NAMES));
  if (isObj(v) && /^(labels|matchLabels|nodeSelector|selector)$/.test(String(key)) && isObj(s.additionalProperties)) {
    const labels = v as Record<string, unknown>;
    const existing = Object.keys(labels);
    if (existing.length && random() < 0.5)
      put('bad-name', `label value of ${JSON.stringify(existing[0])}`, pick(random, BAD_LABEL_VALUES), [
        ...site.path,
        existing[0],
      ]);
    else put('bad-name', 'label', { ...labels, [pick(random, BAD_LABEL_KEYS)]: 'x' });
  }

  if (site.present) {
    const moves = moveTargets(root, site.path);
    if (moves.length) {
      const m = pick(random, moves);
      const to = [...m.to, site.path[site.path.length - 1]];
      out.push({
        category: 'moved-field',
        name: `moved-field: ${where} ${m.where} to ${fieldPath(to)}`,
        apply: (o) => {
          const value = getAt(o, site.path);
          remove(site.path)(o);
          set(to, value)(o);
        },
      });
    }
  }

  // Two items of a keyed list with one key (two containers named alike, two ports on one containerPort/protocol).
  const mergeKey = s['x-kubernetes-patch-merge-key'];
  const keys: string[] | undefined =
    s['x-kubernetes-list-map-keys'] ?? (typeof mergeKey === 'string' ? [mergeKey] : undefined);
  if (Array.isArray(v) && v.length && isObj(v[0]) && keys?.length) {
    const first = v[0] as Obj;
    if (v.length >= 2 && isObj(v[1])) {
      const second = structuredClone(v[1] as Obj);
      for (const k of keys) if (k in first) second[k] = structuredClone(first[k]);
      put('list-key-duplicate', `item 1 keyed ${keys.join('+')} as item 0`, second, [...site.path, 1]);
    } else {
      const copy = structuredClone(first);
      const other = Object.keys(copy).find((k) => !keys.includes(k) && typeof copy[k] === 'string');
      if (other) copy[other] = `${copy[other]}-2`;
      const last = keys[keys.length - 1];
      // The last key left out in one of them: the server defaults it (a port's protocol) before it compares.
      if (keys.length > 1 && random() < 0.5) delete copy[last];
      put('list-key-duplicate', `second item keyed ${keys.join('+')} as the first`, [...v, copy]);
    }
  }

  // Requests above limits, a request of a resource the limits lack, a negative quantity, a misspelt name.
  const p = props(s);
  if (p.includes('limits') && p.includes('requests') && (isObj(v) || site.present === false)) {
    const current = isObj(v) ? v : {};
    const names = [
      ...Object.keys(isObj(current.limits) ? current.limits : {}),
      ...Object.keys(isObj(current.requests) ? current.requests : {}),
    ];
    const r = names.length ? pick(random, names) : pick(random, ['cpu', 'memory']);
    const q = quantities(r);
    const variant = pick(random, ['above', 'extended', 'negative', 'misspelt', 'limits only']);
    const value =
      variant === 'above'
        ? {
            ...current,
            limits: { ...(current.limits as Obj), [r]: q.low },
            requests: { ...(current.requests as Obj), [r]: q.high },
          }
        : variant === 'extended'
          ? { ...current, requests: { ...(current.requests as Obj), 'example.com/gpu': '1' } }
          : variant === 'negative'
            ? { ...current, requests: { ...(current.requests as Obj), [r]: '-1' } }
            : variant === 'misspelt'
              ? {
                  ...current,
                  requests: { ...(current.requests as Obj), [pick(random, ['cpus', 'CPU', 'Memory', 'mem'])]: '1' },
                }
              : { limits: { ...(current.limits as Obj), [r]: q.high } };
    put('resources', `requests/limits ${variant}`, value);
  }

  // A label selector that misses its template's labels, or that is malformed.
  if (isObj(v) && p.includes('matchLabels') && p.includes('matchExpressions')) {
    const labelKey = Object.keys(isObj(v.matchLabels) ? v.matchLabels : {})[0] ?? 'app';
    put(
      'selector',
      'selector',
      pick(random, [
        {},
        { matchLabels: {} },
        { ...v, matchExpressions: [{ key: labelKey, operator: 'In', values: [] }] },
        { ...v, matchExpressions: [{ key: labelKey, operator: 'Exists', values: ['x'] }] },
        { ...v, matchExpressions: [{ key: labelKey, operator: 'in', values: ['x'] }] },
        { ...v, matchExpressions: [{ key: labelKey, operator: 'DoesNotExist' }] },
        { ...v, matchLabels: { ...(v.matchLabels as Obj), fuzz: 'other' } },
      ]),
    );
  }
  if (isObj(v) && isObj(v.selector) && isObj(v.template) && isObj(v.template.metadata)) {
    const labels = v.template.metadata.labels;
    if (isObj(labels) && Object.keys(labels).length) {
      const k = pick(random, Object.keys(labels));
      put('selector', 'template label', `${labels[k]}-other`, [...site.path, 'template', 'metadata', 'labels', k]);
    }
  }
  return out;
}

/** The wrong apiVersion for the kind (a removed or never-served version, the group left out) or a misspelt kind. */
export function routingEdits(root: Obj, random: () => number): Edit[] {
  const apiVersion = String(root.apiVersion);
  const kind = String(root.kind);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const versions = ['v1', 'v1beta1', 'v1beta2', 'v1alpha1', 'v2'].filter((x) => x !== version);
  const apiVersions = [
    ...versions.map((x) => (group ? `${group}/${x}` : x)),
    'extensions/v1beta1',
    group ? version : `core/${version}`,
  ];
  const kinds = [kind.toLowerCase(), `${kind}s`, kind.slice(0, -1)];
  const av = pick(random, apiVersions);
  const k = pick(random, kinds);
  return [
    {
      category: 'api-version',
      name: `api-version: apiVersion ${JSON.stringify(av)}`,
      apply: (o) => void (o.apiVersion = av),
    },
    { category: 'api-version', name: `api-version: kind ${JSON.stringify(k)}`, apply: (o) => void (o.kind = k) },
  ];
}
