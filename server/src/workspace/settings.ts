// The `kubesense.*` settings the language server reads (workspace/configuration, didChangeConfiguration or
// initializationOptions). Values from the client are untrusted: anything malformed falls back to the default.

export interface ServerSettings {
  /** A folder in the layout of `<version>/api/v1.json`, `<version>/apis/<group>/<version>.json`; '' = none. */
  schemaDirectory: string;
  /** Kubernetes version the manifests target (`1.35`); picks schemas and deprecations when not connected. */
  kubernetesVersion: string;
  /** Globs of CustomResourceDefinition files in the workspace whose schemas are used. */
  crdFiles: string[];
  /** Globs of files that count as manifests even without apiVersion+kind. */
  manifestFiles: string[];
  /** Allow the server-side dry-run command against the connected cluster. */
  dryRun: boolean;
  /** kubeconfig context used for cluster schemas, names in completion and dry-run; '' = not connected. */
  context: string;
  /** Explicit kubeconfig path ('' = client-go's default rules: KUBECONFIG, then ~/.kube/config). */
  kubeconfig: string;
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

export const DEFAULT_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  schemaDirectory: '',
  kubernetesVersion: '1.35',
  crdFiles: [],
  manifestFiles: [],
  dryRun: true,
  context: '',
  kubeconfig: '',
  diagnosticsDelayMs: 30,
  maxFileSizeBytes: 4 * 1024 * 1024, // ~250 ms of parsing per version at this size
  downloadSchemas: true,
  references: Object.freeze({
    enabled: true,
    codeLens: true,
    danglingReferences: true,
    serviceSelectors: true,
    serviceTargetPorts: true,
    ingressBackendPorts: true,
    ignore: [],
    warnMissingSecrets: false,
  }),
});

/** `references: { … }` or the flat `references.x` keys some clients send. */
function referenceSettings(section: Record<string, unknown>, d: ReferenceSettings): ReferenceSettings {
  const nested = section.references && typeof section.references === 'object' ? section.references : {};
  const r: Record<string, unknown> = { ...(nested as Record<string, unknown>) };
  for (const [k, v] of Object.entries(section)) if (k.startsWith('references.')) r[k.slice(11)] = v;
  const bool = (k: keyof ReferenceSettings) => (typeof r[k] === 'boolean' ? (r[k] as boolean) : (d[k] as boolean));
  return {
    enabled: bool('enabled'),
    codeLens: bool('codeLens'),
    danglingReferences: bool('danglingReferences'),
    serviceSelectors: bool('serviceSelectors'),
    serviceTargetPorts: bool('serviceTargetPorts'),
    ingressBackendPorts: bool('ingressBackendPorts'),
    ignore: strList(r.ignore, d.ignore),
    warnMissingSecrets: bool('warnMissingSecrets'),
  };
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v.trim() : fallback;
}

function strList(v: unknown, fallback: string[]): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v)) return fallback;
  return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

/** `1.35`, `v1.35`, `1.35.2` -> `1.35`; anything else keeps the default. */
export function normalizeKubernetesVersion(v: unknown, fallback: string): string {
  if (typeof v !== 'string') return fallback;
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(v.trim());
  return m ? `${m[1]}.${m[2]}` : fallback;
}

/**
 * `dryRun` as the server names it, or as package.json declares it (`kubesense.dryRun.enabled`), which is what
 * editors other than VS Code send when users copy the documented setting: `{ dryRun: { enabled } }` or the flat
 * `'dryRun.enabled'`.
 */
function dryRunSetting(section: Record<string, unknown>, fallback: boolean): boolean {
  const v = section.dryRun;
  if (typeof v === 'boolean') return v;
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).enabled === 'boolean')
    return (v as Record<string, boolean>).enabled;
  const flat = section['dryRun.enabled'];
  return typeof flat === 'boolean' ? flat : fallback;
}

/**
 * Reads the `kubesense` section. Accepts both the section object (`{ schemaDirectory }`) and a whole settings
 * object (`{ kubesense: { … } }`), and the flat dotted form some clients send (`{ 'kubesense.schemaDirectory': … }`).
 */
export function readSettings(raw: unknown): ServerSettings {
  let section: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const obj = raw as Record<string, unknown>;
    if (obj.kubesense && typeof obj.kubesense === 'object') section = obj.kubesense as Record<string, unknown>;
    else section = obj;
    for (const [k, v] of Object.entries(obj))
      if (k.startsWith('kubesense.')) section = { ...section, [k.slice(10)]: v };
  }
  const d = DEFAULT_SETTINGS;
  return {
    schemaDirectory: str(section.schemaDirectory, d.schemaDirectory),
    kubernetesVersion: normalizeKubernetesVersion(section.kubernetesVersion, d.kubernetesVersion),
    crdFiles: strList(section.crdFiles ?? section.crds, d.crdFiles),
    manifestFiles: strList(section.manifestFiles ?? section.manifests, d.manifestFiles),
    dryRun: dryRunSetting(section, d.dryRun),
    context: str(section.context, d.context),
    kubeconfig: str(section.kubeconfig, d.kubeconfig),
    diagnosticsDelayMs: num(section.diagnosticsDelayMs ?? section.diagnosticsDelay, d.diagnosticsDelayMs, 0, 5000),
    maxFileSizeBytes: num(section.maxFileSizeBytes, d.maxFileSizeBytes, 64 * 1024, 256 * 1024 * 1024),
    downloadSchemas: typeof section.downloadSchemas === 'boolean' ? section.downloadSchemas : d.downloadSchemas,
    references: referenceSettings(section, d.references),
  };
}

export function sameSettings(a: ServerSettings, b: ServerSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The requests a settings source needs from the connection (an interface, so it is testable without one). */
export interface ConfigurationClient {
  /** workspace/configuration for one section. */
  pull(section: string): Promise<unknown>;
}

/** How long a client that did not advertise `workspace.configuration` gets to answer the one probe. */
export const CONFIGURATION_PROBE_MS = 1500;

/**
 * Where the `kubesense` settings come from, as the LSP intends: pulled with `workspace/configuration` after
 * `initialized` and again on every `workspace/didChangeConfiguration` (whose payload may be empty, as VS Code's and
 * Neovim's are), else what the client pushes, else `initializationOptions`. Some clients answer
 * `workspace/configuration` without advertising it (Neovim 0.7, Debian's, with `settings = {…}`): they are asked once,
 * briefly; a client that rejects the request or stays silent is not asked again.
 */
export class SettingsSource {
  /** true: the client answers pulls; false: it does not; undefined: not advertised, not probed yet. */
  private pulls: boolean | undefined;
  private lastPushed: unknown;

  constructor(
    private readonly client: ConfigurationClient,
    advertised: boolean,
    private readonly initializationOptions: unknown,
    private readonly warn: (message: string) => void,
    private readonly probeMs = CONFIGURATION_PROBE_MS,
  ) {
    this.pulls = advertised ? true : undefined;
  }

  /** The client answers workspace/configuration (as far as is known yet). */
  get pullsConfiguration(): boolean {
    return this.pulls === true;
  }

  /** The raw `kubesense` settings now; `pushed` is a didChangeConfiguration payload (undefined after initialized). */
  async read(pushed?: unknown): Promise<unknown> {
    if (isNonEmpty(pushed)) this.lastPushed = pushed;
    const fallback = this.lastPushed ?? this.initializationOptions;
    if (this.pulls === false) return fallback;
    try {
      const pulled = this.pulls ? await this.client.pull('kubesense') : await this.probe();
      this.pulls = true;
      return isNonEmpty(pulled) ? pulled : fallback;
    } catch (err) {
      if (this.pulls) this.warn(`workspace/configuration failed, using pushed settings: ${String(err)}`);
      else this.pulls = false;
      return fallback;
    }
  }

  private probe(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer')), this.probeMs);
      this.client.pull('kubesense').then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}

function isNonEmpty(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v).length === 0);
}
