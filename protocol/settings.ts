// The `kubesense.*` settings, declared once. package.json's `contributes.configuration` is generated from SETTINGS
// (`npm run gen:settings`; test/unit/protocol fails on drift), the extension sends the language server the section
// as `getConfiguration('kubesense')` gives it (`sectionForServer`), and the server reads it with `readSettings`.
// Other editors send the same names; the server's older names (`crdFiles`, `manifestFiles`, a flat `dryRun`,
// `diagnosticsDelay`, `kubeconfig` as one string) are still accepted (SETTING_ALIASES).

export type SettingType = 'boolean' | 'string' | 'number' | 'integer' | 'array';
export type SettingValue = boolean | string | number | string[];

/** VS Code's configuration scopes (where a value may be set). */
export type SettingScope =
  'application' | 'machine' | 'machine-overridable' | 'window' | 'resource' | 'language-overridable';

export interface SettingDefinition {
  /** The name under `kubesense.` (`dryRun.enabled`); the wire path of the value in the section object. */
  readonly key: string;
  readonly type: SettingType;
  /** Arrays hold strings. */
  readonly items?: { readonly type: 'string' };
  readonly default: SettingValue;
  /** Plain text, or Markdown in `markdownDescription` (exactly one of the two). */
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly enum?: readonly string[];
  readonly enumDescriptions?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly scope?: SettingScope;
  /** The language server reads it (the extension sends it; other editors set it); else the extension alone does. */
  readonly server: boolean;
}

/** The Kubernetes version the server targets when `kubernetesVersion` is empty and no cluster says its own. */
export const FALLBACK_KUBERNETES_VERSION = '1.35';

/** Every `kubesense.*` setting, in the order the Settings editor lists them. */
export const SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'kubeconfig',
    type: 'array',
    items: { type: 'string' },
    default: [],
    scope: 'machine-overridable',
    markdownDescription:
      'Kubeconfig files to merge, in order (first file wins per entry, as `kubectl` merges `KUBECONFIG`). Empty: the `KUBECONFIG` environment variable, else `~/.kube/config`. Ignored from workspace settings in untrusted workspaces.',
    server: true,
  },
  {
    key: 'context',
    type: 'string',
    default: '',
    scope: 'machine-overridable',
    markdownDescription:
      'Editors other than VS Code: the kubeconfig context the language server validates against (its OpenAPI schemas, object names in completion, dry-run). Empty: no cluster is contacted. VS Code uses the context chosen in the Kubernetes view instead. Ignored from workspace settings in untrusted workspaces.',
    server: true,
  },
  {
    key: 'explorer.pageSize',
    type: 'integer',
    default: 500,
    minimum: 10,
    maximum: 5000,
    description:
      "How many objects to request per page when listing a resource kind (the API server's `limit`/`continue` paging).",
    server: false,
  },
  {
    key: 'explorer.hideEmptyKinds',
    type: 'boolean',
    default: true,
    markdownDescription:
      "Leave kinds that have no objects out of their folder (a folder with none says how many it hides). Turn off, or use **Show or Hide Empty Kinds** in the view's `…` menu, to see every kind the cluster offers.",
    server: false,
  },
  {
    key: 'explorer.showOnStartup',
    type: 'boolean',
    default: false,
    description: 'Open the Kubernetes view when the window starts (the sample workspace of `npm start` turns this on).',
    server: false,
  },
  {
    key: 'explorer.execPluginPath',
    type: 'string',
    enum: ['loginShell', 'inherit'],
    enumDescriptions: [
      'Run exec credential plugins with the PATH of your login shell (finds gcloud, aws, kubelogin installed by shell profiles).',
      'Run them with the PATH VS Code was started with.',
    ],
    default: 'loginShell',
    description:
      'The PATH used to find exec credential plugins (users[].user.exec.command). Ignored from workspace settings in untrusted workspaces.',
    server: false,
  },
  {
    key: 'schemaDirectory',
    type: 'string',
    default: '',
    scope: 'machine-overridable',
    description:
      'A folder of OpenAPI v3 documents (api/v1.json, apis/<group>/<version>.json) to validate against when no cluster is reachable. Ignored from workspace settings in untrusted workspaces.',
    server: true,
  },
  {
    key: 'kubernetesVersion',
    type: 'string',
    default: '',
    pattern: '^(\\d+\\.\\d+)?$',
    markdownDescription: `Kubernetes minor version (e.g. \`1.33\`) to validate manifests against. Empty: the connected cluster's version (${FALLBACK_KUBERNETES_VERSION} without a cluster).`,
    server: true,
  },
  {
    key: 'downloadSchemas',
    type: 'boolean',
    default: true,
    markdownDescription: `When neither a cluster nor \`#kubesense.schemaDirectory#\` provides schemas, download the upstream OpenAPI v3 documents of \`#kubesense.kubernetesVersion#\` (${FALLBACK_KUBERNETES_VERSION} when empty) once into \`~/.cache/kubesense/openapi-v3/<version>\`.`,
    server: true,
  },
  {
    key: 'crds',
    type: 'array',
    items: { type: 'string' },
    default: ['**/crds/**/*.{yaml,yml}', '**/*crd*.{yaml,yml}'],
    description:
      'Glob patterns of CustomResourceDefinition files in the workspace whose schemas validate custom resources. Ignored from workspace settings in untrusted workspaces.',
    server: true,
  },
  {
    key: 'manifests',
    type: 'array',
    items: { type: 'string' },
    default: [],
    markdownDescription:
      'Glob patterns of YAML files that are always Kubernetes manifests: a document there without `apiVersion` or `kind` is reported. Other YAML files are checked when they hold Kubernetes objects; Helm templates and kustomization files never are.',
    server: true,
  },
  {
    key: 'dryRun.enabled',
    type: 'boolean',
    default: false,
    description:
      'Validate manifests with a server-side dry-run against the current cluster (admission webhooks and policies included). Needs create/patch permission. Ignored from workspace settings in untrusted workspaces.',
    server: true,
  },
  {
    key: 'validation.enabled',
    type: 'boolean',
    default: true,
    markdownDescription:
      "Report kubesense diagnostics for manifests. If Red Hat's YAML extension also validates Kubernetes files (`yaml.schemas` maps `kubernetes`), remove that mapping or turn this off to avoid duplicate diagnostics.",
    server: false,
  },
  {
    key: 'references.enabled',
    type: 'boolean',
    default: true,
    markdownDescription:
      "Index every Kubernetes object of the workspace's manifest files and the references between them (ConfigMaps, Secrets, ServiceAccounts, claims, classes, Services and their selectors, Ingress backends, scale targets, role bindings, owners): Go to Definition, Find All References, Rename, the references CodeLens, document links, workspace symbols (Ctrl+T), completion of names, and the reference checks below.",
    server: true,
  },
  {
    key: 'references.codeLens',
    type: 'boolean',
    default: true,
    markdownDescription: 'Show how many objects refer to each object ("3 references") above its `metadata.name`.',
    server: true,
  },
  {
    key: 'references.danglingReferences',
    type: 'boolean',
    default: true,
    markdownDescription:
      'Rule `dangling-reference`: warn when a referenced object is defined neither in the workspace nor in the connected cluster. Without a reachable cluster it is an information ("cannot tell"), never a warning. `optional: true` references, the `default` ServiceAccount, built-in priority classes and Secrets a controller makes (ServiceAccount tokens, cert-manager Certificates, SealedSecrets, ExternalSecrets) are never reported.',
    server: true,
  },
  {
    key: 'references.serviceSelectors',
    type: 'boolean',
    default: true,
    markdownDescription:
      "Rule `selector-no-match`: warn when a Service's selector matches no Pod template in the workspace and no Pod in the connected cluster.",
    server: true,
  },
  {
    key: 'references.serviceTargetPorts',
    type: 'boolean',
    default: true,
    markdownDescription:
      "Rule `target-port-name`: warn when a Service's named `targetPort` is not a container port name in any Pod template its selector matches.",
    server: true,
  },
  {
    key: 'references.ingressBackendPorts',
    type: 'boolean',
    default: true,
    markdownDescription:
      "Rule `ingress-backend-port`: warn when an Ingress backend's port number or name is not a port of its Service (in the workspace or the cluster).",
    server: true,
  },
  {
    key: 'references.warnMissingSecrets',
    type: 'boolean',
    default: false,
    markdownDescription:
      'Report a referenced Secret that is defined nowhere as a warning. Off by default, when it is an information: Secrets are usually created outside the manifests (by controllers, at deploy time, by secret operators).',
    server: true,
  },
  {
    key: 'references.ignore',
    type: 'array',
    items: { type: 'string' },
    default: [],
    markdownDescription:
      'References never reported missing, as `Kind/name` (any namespace) or `Kind/namespace/name`, with `*` wildcards: e.g. `Secret/*-tls` for Secrets a controller creates.',
    server: true,
  },
  {
    key: 'maxFileSizeBytes',
    type: 'number',
    default: 4 * 1024 * 1024, // ~250 ms of parsing per version at this size
    minimum: 64 * 1024,
    maximum: 256 * 1024 * 1024,
    markdownDescription:
      'Files larger than this many bytes get no schema checks, completion or hover: parsing costs about 60 ms per MB on every edit. Default 4 MiB.',
    server: true,
  },
  {
    key: 'diagnosticsDelayMs',
    type: 'integer',
    default: 30,
    minimum: 0,
    maximum: 5000,
    markdownDescription:
      'Quiet period per document, in milliseconds, before a changed document is validated again (typing bursts coalesce; a document idle that long is validated at once).',
    server: true,
  },
  {
    key: 'trace.server',
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    description: 'Trace the communication between VS Code and the kubesense language server in the output channel.',
    server: false,
  },
];

/**
 * Older names the server still reads, as other editors' configurations may spell them: old name -> setting key.
 * A flat boolean `dryRun` is `dryRun.enabled`; a single `kubeconfig` string is a one-file list. Where both an old
 * and the declared name are given, the declared name wins.
 */
export const SETTING_ALIASES: Readonly<Record<string, string>> = {
  crdFiles: 'crds',
  manifestFiles: 'manifests',
  dryRun: 'dryRun.enabled',
  diagnosticsDelay: 'diagnosticsDelayMs',
};

/** The `kubesense` section the language server reads, typed (names as declared, nested as VS Code nests them). */
export interface ServerSettings {
  /** A folder in the layout of `<version>/api/v1.json`, `<version>/apis/<group>/<version>.json`; '' = none. */
  schemaDirectory: string;
  /** Kubernetes version the manifests target (`1.35`); picks schemas and deprecations when not connected. */
  kubernetesVersion: string;
  /** Globs (or files, folders) of CustomResourceDefinition files whose schemas are used. */
  crds: string[];
  /** Globs of files that count as manifests even without apiVersion+kind. */
  manifests: string[];
  dryRun: {
    /** Allow the server-side dry-run request against the connected cluster. */
    enabled: boolean;
  };
  /** kubeconfig context used for cluster schemas, names in completion and dry-run; '' = not connected. */
  context: string;
  /** kubeconfig files ([]: KUBECONFIG, then ~/.kube/config; one: that file alone, as --kubeconfig; more: merged). */
  kubeconfig: string[];
  /** Per-document quiet period before re-validating after typing, in ms (leading edge: idle documents go at once). */
  diagnosticsDelayMs: number;
  /** Files larger than this (bytes) get YAML checks only; keeps every request bounded. */
  maxFileSizeBytes: number;
  /**
   * With neither a cluster nor a schema folder: download the upstream OpenAPI v3 of `kubernetesVersion` once into
   * the cache (`$KUBESENSE_CACHE/openapi-v3/<version>`). Off when KUBESENSE_OFFLINE=1.
   */
  downloadSchemas: boolean;
  /** References between objects (`kubesense.references.*`): the workspace index, its features and rules. */
  references: ReferenceSettings;
}

export interface ReferenceSettings {
  /** Index the workspace's manifests: go to definition, references, rename, CodeLens, links, symbols. */
  enabled: boolean;
  /** The references CodeLens above every object. */
  codeLens: boolean;
  /** Rule `dangling-reference`. */
  danglingReferences: boolean;
  /** Rule `selector-no-match`. */
  serviceSelectors: boolean;
  /** Rule `target-port-name`. */
  serviceTargetPorts: boolean;
  /** Rule `ingress-backend-port`. */
  ingressBackendPorts: boolean;
  /** `Kind/name` or `Kind/namespace/name` patterns (`*` wildcards) never reported missing. */
  ignore: string[];
  /** Missing Secrets as warnings (else information: they are usually made outside manifests). */
  warnMissingSecrets: boolean;
}

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** The definition of `kubesense.<key>`; throws for a key that is not declared (a programming error). */
export function setting(key: string): SettingDefinition {
  const s = BY_KEY.get(key);
  if (!s) throw new Error(`kubesense.${key} is not a declared setting`);
  return s;
}

/** The settings the language server reads. */
export const SERVER_SETTINGS: readonly SettingDefinition[] = SETTINGS.filter((s) => s.server);

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Prefixes of declared keys (`dryRun`, `explorer`): objects there are nested settings, not values. */
const GROUPS = new Set(
  SETTINGS.flatMap((s) =>
    s.key
      .split('.')
      .slice(0, -1)
      .map((_, i, a) => a.slice(0, i + 1).join('.')),
  ),
);

/**
 * The `kubesense` section, whatever its shape, as declared keys -> values: the section itself or a whole settings
 * object (`{ kubesense: { … } }`), nested (`{ dryRun: { enabled } }`, as VS Code gives it) or flat
 * (`{ 'dryRun.enabled': … }`, `{ 'kubesense.schemaDirectory': … }`, as some clients send it), old names mapped
 * (SETTING_ALIASES). Values are not checked here; unknown keys are kept under their own name.
 */
export function flattenSettings(raw: unknown): Record<string, unknown> {
  if (!isRecord(raw)) return {};
  const section: Record<string, unknown> = isRecord(raw.kubesense) ? { ...raw.kubesense } : { ...raw };
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('kubesense.')) section[k.slice('kubesense.'.length)] = v;
  const out: Record<string, unknown> = {};
  const aliased: Record<string, unknown> = {};
  const visit = (prefix: string, obj: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isRecord(v) && GROUPS.has(key)) visit(key, v);
      else if (!BY_KEY.has(key) && SETTING_ALIASES[key]) aliased[SETTING_ALIASES[key]] = v;
      else out[key] = v;
    }
  };
  visit('', section);
  return { ...aliased, ...out };
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v.trim() : fallback;
}

function strList(v: unknown, fallback: string[]): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v)) return fallback;
  return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function num(key: string, v: unknown): number {
  const s = setting(key);
  const fallback = s.default as number;
  return typeof v === 'number' && Number.isFinite(v)
    ? Math.min(s.maximum ?? Infinity, Math.max(s.minimum ?? -Infinity, v))
    : fallback;
}

/** `1.35`, `v1.35`, `1.35.2` -> `1.35`; anything else keeps the fallback. */
export function normalizeKubernetesVersion(v: unknown, fallback: string): string {
  if (typeof v !== 'string') return fallback;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(v.trim());
  return m ? `${m[1]}.${m[2]}` : fallback;
}

/** The declared default of `kubesense.<key>` (arrays copied). */
function def<T extends SettingValue>(key: string): T {
  const d = setting(key).default;
  return (Array.isArray(d) ? [...d] : d) as T;
}

/**
 * Reads the `kubesense` section (any shape `flattenSettings` accepts). Values from a client are untrusted: anything
 * malformed falls back to the declared default. An empty `kubernetesVersion` is FALLBACK_KUBERNETES_VERSION (the
 * server needs one when no cluster says its own).
 */
export function readSettings(raw: unknown): ServerSettings {
  const v = flattenSettings(raw);
  return {
    schemaDirectory: str(v.schemaDirectory, def('schemaDirectory')),
    kubernetesVersion: normalizeKubernetesVersion(v.kubernetesVersion, FALLBACK_KUBERNETES_VERSION),
    crds: strList(v.crds, def('crds')),
    manifests: strList(v.manifests, def('manifests')),
    dryRun: { enabled: bool(v['dryRun.enabled'], def('dryRun.enabled')) },
    context: str(v.context, def('context')),
    kubeconfig: strList(v.kubeconfig, def('kubeconfig')),
    diagnosticsDelayMs: num('diagnosticsDelayMs', v.diagnosticsDelayMs),
    maxFileSizeBytes: num('maxFileSizeBytes', v.maxFileSizeBytes),
    downloadSchemas: bool(v.downloadSchemas, def('downloadSchemas')),
    references: {
      enabled: bool(v['references.enabled'], def('references.enabled')),
      codeLens: bool(v['references.codeLens'], def('references.codeLens')),
      danglingReferences: bool(v['references.danglingReferences'], def('references.danglingReferences')),
      serviceSelectors: bool(v['references.serviceSelectors'], def('references.serviceSelectors')),
      serviceTargetPorts: bool(v['references.serviceTargetPorts'], def('references.serviceTargetPorts')),
      ingressBackendPorts: bool(v['references.ingressBackendPorts'], def('references.ingressBackendPorts')),
      ignore: strList(v['references.ignore'], def('references.ignore')),
      warnMissingSecrets: bool(v['references.warnMissingSecrets'], def('references.warnMissingSecrets')),
    },
  };
}

/** The defaults as the server reads them (readSettings of nothing). */
export const DEFAULT_SETTINGS: Readonly<ServerSettings> = Object.freeze(readSettings({}));

/**
 * The section a client sends the server: every server setting at its declared path, from `get` (VS Code's
 * `getConfiguration('kubesense').get`), with `overrides` (flat keys) on top.
 */
export function sectionForServer(
  get: (key: string, fallback: SettingValue) => unknown,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of SERVER_SETTINGS) {
    const value = s.key in overrides ? overrides[s.key] : get(s.key, s.default);
    const path = s.key.split('.');
    let at = out;
    for (const part of path.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]!] = value;
  }
  return out;
}

/** One property of package.json's `contributes.configuration.properties`. */
export type ConfigurationProperty = Record<string, unknown>;

/** package.json's `contributes.configuration`, as generated from SETTINGS (property keys in VS Code's usual order). */
export function packageJsonConfiguration(): { title: string; properties: Record<string, ConfigurationProperty> } {
  const properties: Record<string, ConfigurationProperty> = {};
  for (const s of SETTINGS) {
    const p: ConfigurationProperty = { type: s.type };
    if (s.items) p.items = { ...s.items };
    if (s.enum) p.enum = [...s.enum];
    if (s.enumDescriptions) p.enumDescriptions = [...s.enumDescriptions];
    p.default = Array.isArray(s.default) ? [...s.default] : s.default;
    if (s.minimum !== undefined) p.minimum = s.minimum;
    if (s.maximum !== undefined) p.maximum = s.maximum;
    if (s.pattern !== undefined) p.pattern = s.pattern;
    if (s.scope) p.scope = s.scope;
    if (s.description !== undefined) p.description = s.description;
    if (s.markdownDescription !== undefined) p.markdownDescription = s.markdownDescription;
    properties[`kubesense.${s.key}`] = p;
  }
  return { title: 'Kubernetes (kubesense)', properties };
}
