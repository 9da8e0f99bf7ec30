// The kubeconfig v1 wire format (client-go clientcmd/api/v1) and its conversion to and from the in-memory Config.
// Decoding follows Go's encoding/json as kubectl runs it: unknown fields dropped, field names case-sensitive,
// null leaves the zero value, the first type error is reported with Go's wording, and []byte fields are
// strict base64. Encoding keeps Go's struct field order and omitempty rules, so JSON output matches kubectl's.
import { BigIntLiteral, GoYAMLError, JSONValue, yamlToJSON } from './goyaml';
import { compareStrings, jsonString, marshalJSON } from '../util/go';
import type { AuthInfo, Cluster, Config, Context, ExecConfig } from './types';
import { newAuthInfo, newCluster, newConfig, newContext } from './types';

type Kind =
  'string' | 'bool' | 'bytes' | 'stringList' | 'stringMap' | 'stringListMap' | 'raw' | 'struct' | 'list' | 'ptr';

interface Field {
  json: string;
  type: TypeDef;
  omitempty?: boolean;
}

interface TypeDef {
  kind: Kind;
  /** Go type name used in error messages, e.g. `v1.Cluster`, `[]uint8`. */
  goName: string;
  fields?: Field[];
  elem?: TypeDef;
}

const T_STRING: TypeDef = { kind: 'string', goName: 'string' };
const T_BOOL: TypeDef = { kind: 'bool', goName: 'bool' };
const T_BYTES: TypeDef = { kind: 'bytes', goName: '[]uint8' };
const T_STRINGS: TypeDef = { kind: 'stringList', goName: '[]string' };
const T_STRMAP: TypeDef = { kind: 'stringMap', goName: 'map[string]string' };
const T_STRLISTMAP: TypeDef = { kind: 'stringListMap', goName: 'map[string][]string' };
const T_RAW: TypeDef = { kind: 'raw', goName: 'runtime.RawExtension' };

const struct = (name: string, fields: Field[]): TypeDef => ({ kind: 'struct', goName: `v1.${name}`, fields });
const list = (elem: TypeDef): TypeDef => ({ kind: 'list', goName: `[]${elem.goName}`, elem });
const ptr = (elem: TypeDef): TypeDef => ({ kind: 'ptr', goName: elem.goName, elem });

const NamedExtension = struct('NamedExtension', [
  { json: 'name', type: T_STRING },
  { json: 'extension', type: T_RAW },
]);
const Extensions: Field = { json: 'extensions', type: list(NamedExtension), omitempty: true };

const Cluster = struct('Cluster', [
  { json: 'server', type: T_STRING },
  { json: 'tls-server-name', type: T_STRING, omitempty: true },
  { json: 'insecure-skip-tls-verify', type: T_BOOL, omitempty: true },
  { json: 'certificate-authority', type: T_STRING, omitempty: true },
  { json: 'certificate-authority-data', type: T_BYTES, omitempty: true },
  { json: 'proxy-url', type: T_STRING, omitempty: true },
  { json: 'disable-compression', type: T_BOOL, omitempty: true },
  Extensions,
]);
const AuthProviderConfig = struct('AuthProviderConfig', [
  { json: 'name', type: T_STRING },
  // No omitempty in client-go: a missing config prints as `config: null`, an empty one as `config: {}`.
  { json: 'config', type: T_STRMAP },
]);
const ExecEnvVar = struct('ExecEnvVar', [
  { json: 'name', type: T_STRING },
  { json: 'value', type: T_STRING },
]);
const ExecConfigT = struct('ExecConfig', [
  { json: 'command', type: T_STRING },
  { json: 'args', type: T_STRINGS },
  { json: 'env', type: list(ExecEnvVar) },
  { json: 'apiVersion', type: T_STRING, omitempty: true },
  { json: 'installHint', type: T_STRING, omitempty: true },
  { json: 'provideClusterInfo', type: T_BOOL },
  { json: 'interactiveMode', type: T_STRING, omitempty: true },
]);
const AuthInfoT = struct('AuthInfo', [
  { json: 'client-certificate', type: T_STRING, omitempty: true },
  { json: 'client-certificate-data', type: T_BYTES, omitempty: true },
  { json: 'client-key', type: T_STRING, omitempty: true },
  { json: 'client-key-data', type: T_BYTES, omitempty: true },
  { json: 'token', type: T_STRING, omitempty: true },
  { json: 'tokenFile', type: T_STRING, omitempty: true },
  { json: 'as', type: T_STRING, omitempty: true },
  { json: 'as-uid', type: T_STRING, omitempty: true },
  { json: 'as-groups', type: T_STRINGS, omitempty: true },
  { json: 'as-user-extra', type: T_STRLISTMAP, omitempty: true },
  { json: 'username', type: T_STRING, omitempty: true },
  { json: 'password', type: T_STRING, omitempty: true },
  { json: 'auth-provider', type: ptr(AuthProviderConfig), omitempty: true },
  { json: 'exec', type: ptr(ExecConfigT), omitempty: true },
  Extensions,
]);
const ContextT = struct('Context', [
  { json: 'cluster', type: T_STRING },
  { json: 'user', type: T_STRING },
  { json: 'namespace', type: T_STRING, omitempty: true },
  Extensions,
]);
const Preferences = struct('Preferences', [{ json: 'colors', type: T_BOOL, omitempty: true }, Extensions]);
const NamedCluster = struct('NamedCluster', [
  { json: 'name', type: T_STRING },
  { json: 'cluster', type: Cluster },
]);
const NamedContext = struct('NamedContext', [
  { json: 'name', type: T_STRING },
  { json: 'context', type: ContextT },
]);
const NamedAuthInfo = struct('NamedAuthInfo', [
  { json: 'name', type: T_STRING },
  { json: 'user', type: AuthInfoT },
]);
const ConfigT = struct('Config', [
  { json: 'kind', type: T_STRING, omitempty: true },
  { json: 'apiVersion', type: T_STRING, omitempty: true },
  { json: 'preferences', type: Preferences },
  { json: 'clusters', type: list(NamedCluster) },
  { json: 'users', type: list(NamedAuthInfo) },
  { json: 'contexts', type: list(NamedContext) },
  { json: 'current-context', type: T_STRING },
  { json: 'extensions', type: list(NamedExtension), omitempty: true },
]);

/** A decoded v1 value: plain objects keyed by json name; bytes as Buffer; raw extensions as JSON. */
type V1 = { [k: string]: unknown };

class DecodeState {
  firstError: string | undefined;
  save(msg: string) {
    if (this.firstError === undefined) this.firstError = msg;
  }
}

function jsonKind(v: JSONValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || v instanceof BigIntLiteral) return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function isObject(v: JSONValue): v is { [k: string]: JSONValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof BigIntLiteral);
}

/** Go's base64.StdEncoding.DecodeString: newlines ignored, padding required, error names the byte offset. */
export function decodeGoBase64(s: string): Buffer {
  const src = Buffer.from(s, 'utf8');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const map = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) map[alphabet.charCodeAt(i)] = i;
  const out: number[] = [];
  let si = 0;
  const corrupt = (at: number) => new Error(`illegal base64 data at input byte ${at}`);
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let done = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt(si - j);
      }
      const ch = src[si++];
      const v = map[ch];
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        j--;
        continue;
      }
      if (ch !== 0x3d) throw corrupt(si - 1);
      // Padding.
      if (j === 0 || j === 1) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) throw corrupt(si);
      dlen = j;
      done = true;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (done) return Buffer.from(out);
  }
}

function decodeValue(v: JSONValue, t: TypeDef, st: DecodeState, path: string, structName: string): unknown {
  const typeErr = (goType: string) =>
    st.save(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${structName}.${path} of type ${goType}`);
  if (v === null) return undefined;
  switch (t.kind) {
    case 'string':
      if (typeof v !== 'string') return typeErr('string');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') return typeErr('bool');
      return v;
    case 'bytes':
      if (typeof v !== 'string') return typeErr('[]uint8');
      try {
        return decodeGoBase64(v);
      } catch (e) {
        st.save((e as Error).message);
        return undefined;
      }
    case 'raw':
      return v;
    case 'stringList': {
      if (!Array.isArray(v)) return typeErr('[]string');
      return v.map((x) =>
        x === null
          ? ''
          : typeof x === 'string'
            ? x
            : (st.save(
                `json: cannot unmarshal ${jsonKind(x)} into Go struct field ${structName}.${path} of type string`,
              ),
              ''),
      );
    }
    case 'stringMap': {
      if (!isObject(v)) return typeErr('map[string]string');
      const m = new Map<string, string>();
      for (const k of Object.keys(v).sort(compareStrings)) {
        const x = v[k];
        if (x === null) m.set(k, '');
        else if (typeof x === 'string') m.set(k, x);
        else st.save(`json: cannot unmarshal ${jsonKind(x)} into Go struct field ${structName}.${path} of type string`);
      }
      return m;
    }
    case 'stringListMap': {
      if (!isObject(v)) return typeErr('map[string][]string');
      const m = new Map<string, string[]>();
      for (const k of Object.keys(v).sort(compareStrings)) {
        const x = v[k];
        if (x === null) m.set(k, null as unknown as string[]);
        else if (!Array.isArray(x))
          st.save(`json: cannot unmarshal ${jsonKind(x)} into Go struct field ${structName}.${path} of type []string`);
        else
          m.set(
            k,
            x.map((y) =>
              typeof y === 'string'
                ? y
                : (y !== null &&
                    st.save(
                      `json: cannot unmarshal ${jsonKind(y)} into Go struct field ${structName}.${path} of type string`,
                    ),
                  ''),
            ),
          );
      }
      return m;
    }
    case 'ptr':
      return decodeValue(v, t.elem!, st, path, structName);
    case 'list': {
      if (!Array.isArray(v)) return typeErr(t.goName);
      return v.map((x) => decodeValue(x, t.elem!, st, path, structName) ?? decodeStruct({}, t.elem!, st, path));
    }
    case 'struct': {
      if (!isObject(v)) return typeErr(t.goName);
      return decodeStruct(v, t, st, path);
    }
  }
}

function decodeStruct(v: { [k: string]: JSONValue }, t: TypeDef, st: DecodeState, path: string): V1 {
  const out: V1 = {};
  const shortName = t.goName.replace(/^v1\./, '');
  // YAMLToJSON went through a Go map, so fields arrive in sorted key order: report errors in that order.
  for (const key of Object.keys(v).sort(compareStrings)) {
    const f = t.fields!.find((x) => x.json === key);
    if (!f) continue;
    const fieldPath = path ? `${path}.${key}` : key;
    const value = decodeValue(v[key], f.type, st, fieldPath, shortName);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// v1 → internal

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const bytes = (v: unknown) => (Buffer.isBuffer(v) ? v : Buffer.alloc(0));

function extensionsFrom(v: unknown, dump: () => string): Map<string, JSONValue> {
  const m = new Map<string, JSONValue>();
  for (const e of (Array.isArray(v) ? v : []) as V1[]) {
    const name = str(e.name);
    if (m.has(name))
      throw new Error(
        `error converting *[]NamedExtension into *map[string]runtime.Object: duplicate name "${name}" in list: ${dump()}`,
      );
    m.set(name, (e.extension as JSONValue) ?? null);
  }
  return m;
}

function clusterFrom(v: V1): Cluster {
  const c = newCluster();
  c.server = str(v.server);
  c.tlsServerName = str(v['tls-server-name']);
  c.insecureSkipTLSVerify = v['insecure-skip-tls-verify'] === true;
  c.certificateAuthority = str(v['certificate-authority']);
  c.certificateAuthorityData = bytes(v['certificate-authority-data']);
  c.proxyURL = str(v['proxy-url']);
  c.disableCompression = v['disable-compression'] === true;
  c.extensions = extensionsFrom(v.extensions, () => goDump(v.extensions, list(NamedExtension)));
  return c;
}

function execFrom(v: V1): ExecConfig {
  const apiVersion = str(v.apiVersion);
  let interactiveMode = str(v.interactiveMode);
  // v1 defaulting (SetDefaults_ExecConfig): older API versions default to IfAvailable; v1 must say.
  if (
    !interactiveMode &&
    (apiVersion === 'client.authentication.k8s.io/v1beta1' || apiVersion === 'client.authentication.k8s.io/v1alpha1')
  )
    interactiveMode = 'IfAvailable';
  return {
    command: str(v.command),
    args: Array.isArray(v.args) ? (v.args as string[]) : null,
    env: Array.isArray(v.env) ? (v.env as V1[]).map((e) => ({ name: str(e.name), value: str(e.value) })) : null,
    apiVersion,
    installHint: str(v.installHint),
    provideClusterInfo: v.provideClusterInfo === true,
    interactiveMode,
  };
}

function authInfoFrom(v: V1): AuthInfo {
  const a = newAuthInfo();
  a.clientCertificate = str(v['client-certificate']);
  a.clientCertificateData = bytes(v['client-certificate-data']);
  a.clientKey = str(v['client-key']);
  a.clientKeyData = bytes(v['client-key-data']);
  a.token = str(v.token);
  a.tokenFile = str(v.tokenFile);
  a.impersonate = str(v.as);
  a.impersonateUID = str(v['as-uid']);
  a.impersonateGroups = Array.isArray(v['as-groups']) ? (v['as-groups'] as string[]) : null;
  a.impersonateUserExtra = v['as-user-extra'] instanceof Map ? (v['as-user-extra'] as Map<string, string[]>) : null;
  a.username = str(v.username);
  a.password = str(v.password);
  const ap = v['auth-provider'] as V1 | undefined;
  if (ap)
    a.authProvider = {
      name: str(ap.name),
      config: ap.config instanceof Map ? (ap.config as Map<string, string>) : null,
    };
  const ex = v.exec as V1 | undefined;
  if (ex) a.exec = execFrom(ex);
  a.extensions = extensionsFrom(v.extensions, () => goDump(v.extensions, list(NamedExtension)));
  return a;
}

function contextFrom(v: V1): Context {
  const c = newContext();
  c.cluster = str(v.cluster);
  c.authInfo = str(v.user);
  c.namespace = str(v.namespace);
  c.extensions = extensionsFrom(v.extensions, () => goDump(v.extensions, list(NamedExtension)));
  return c;
}

function namedToMap<T>(
  items: unknown,
  entryKey: string,
  from: (v: V1) => T,
  listType: TypeDef,
  goList: string,
  goMap: string,
): Map<string, T> {
  const m = new Map<string, T>();
  for (const item of (Array.isArray(items) ? items : []) as V1[]) {
    const name = str(item.name);
    if (m.has(name)) {
      throw new Error(
        `error converting *[]${goList} into *map[string]*api.${goMap}: duplicate name "${name}" in list: ${goDump(items, listType)}`,
      );
    }
    m.set(name, from((item[entryKey] as V1) ?? {}));
  }
  return m;
}

/**
 * Decodes kubeconfig bytes exactly as client-go's clientcmd.Load does. Throws with Go's message (without the
 * file name; the loader adds `error loading config file "…": `).
 */
export function decodeConfig(data: Buffer | string): Config {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.length === 0) return newConfig();
  let json: JSONValue;
  try {
    json = yamlToJSON(text);
  } catch (e) {
    if (e instanceof GoYAMLError) throw new Error(e.message);
    throw e;
  }
  if (json === null) return newConfig();
  // The codec first reads apiVersion/kind into a TypeMeta.
  if (!isObject(json)) {
    throw new Error(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(json)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  for (const f of ['apiVersion', 'kind'].sort()) {
    const v = json[f];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new Error(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(v)} into Go struct field .${f} of type string`,
      );
    }
  }
  const apiVersion = typeof json.apiVersion === 'string' ? json.apiVersion : '';
  const kind = typeof json.kind === 'string' && json.kind !== '' ? json.kind : 'Config';
  const version = apiVersion === '' ? 'v1' : apiVersion;
  if (version !== 'v1' || kind !== 'Config') {
    throw new Error(
      `no kind "${kind}" is registered for version "${version}" in scheme "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"`,
    );
  }
  const st = new DecodeState();
  const v1 = decodeStruct(json, ConfigT, st, '');
  if (st.firstError !== undefined) throw new Error(st.firstError);

  const config = newConfig();
  const prefs = (v1.preferences as V1) ?? {};
  config.preferences.colors = prefs.colors === true;
  config.preferences.extensions = extensionsFrom(prefs.extensions, () =>
    goDump(prefs.extensions, list(NamedExtension)),
  );
  config.clusters = namedToMap(v1.clusters, 'cluster', clusterFrom, list(NamedCluster), 'NamedCluster', 'Cluster');
  config.authInfos = namedToMap(v1.users, 'user', authInfoFrom, list(NamedAuthInfo), 'NamedAuthInfo', 'AuthInfo');
  config.contexts = namedToMap(v1.contexts, 'context', contextFrom, list(NamedContext), 'NamedContext', 'Context');
  config.currentContext = str(v1['current-context']);
  config.extensions = extensionsFrom(v1.extensions, () => goDump(v1.extensions, list(NamedExtension)));
  return config;
}

/** Go's %v of a decoded v1 value (used only in the duplicate-name error, as client-go prints it). */
function goDump(v: unknown, t: TypeDef): string {
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'bool':
      return v === true ? 'true' : 'false';
    case 'bytes':
      return `[${Buffer.isBuffer(v) ? [...v].join(' ') : ''}]`;
    case 'stringList':
      return `[${Array.isArray(v) ? v.join(' ') : ''}]`;
    case 'stringMap':
    case 'stringListMap': {
      const m = v instanceof Map ? v : new Map();
      return `map[${[...m].map(([k, x]) => `${k}:${Array.isArray(x) ? `[${x.join(' ')}]` : x}`).join(' ')}]`;
    }
    case 'raw':
      return `{[${v === undefined ? '' : [...Buffer.from(marshalJSON(v as JSONValue))].join(' ')}] <nil>}`;
    case 'ptr':
      return v === undefined ? '<nil>' : '0xc000000000';
    case 'list':
      return `[${(Array.isArray(v) ? v : []).map((x) => goDump(x, t.elem!)).join(' ')}]`;
    case 'struct': {
      const o = (v ?? {}) as V1;
      // Unlike kubectl, never print credentials inside an error message.
      const secret = (f: Field) =>
        t === AuthInfoT && ['token', 'password', 'client-key-data'].includes(f.json) && o[f.json] !== undefined;
      return `{${t.fields!.map((f) => (secret(f) ? '<redacted>' : goDump(o[f.json], f.type))).join(' ')}}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// internal → v1 (ordered like Go's struct fields)

/** An object whose key order is significant (Go struct order) — kept distinct from map-like objects. */
export type Ordered = { [k: string]: unknown };

/** An extension's raw JSON (a Go map underneath: printed with sorted keys). */
export class RawJSON {
  constructor(readonly value: JSONValue) {}
}

function extList(m: Map<string, JSONValue>): Ordered[] | undefined {
  if (m.size === 0) return undefined;
  return [...m.keys()].sort(compareStrings).map((name) => ({ name, extension: new RawJSON(m.get(name) ?? null) }));
}

/** The plain JSON value of an Ordered tree (for YAML output, which sorts every key anyway). */
export function toJSONValue(v: unknown): JSONValue {
  if (v instanceof RawJSON) return v.value;
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toJSONValue);
  if (v instanceof BigIntLiteral) return v;
  if (typeof v === 'object') {
    const o: { [k: string]: JSONValue } = {};
    for (const [k, x] of Object.entries(v as object)) if (x !== undefined) o[k] = toJSONValue(x);
    return o;
  }
  return v as JSONValue;
}

const b64 = (b: Buffer) => (b.length ? b.toString('base64') : undefined);
const nonEmpty = (s: string) => (s ? s : undefined);

function mapToObject<T>(m: Map<string, T> | null): { [k: string]: T } | undefined {
  if (!m || m.size === 0) return undefined;
  const o: { [k: string]: T } = {};
  for (const k of [...m.keys()].sort(compareStrings)) o[k] = m.get(k) as T;
  return o;
}

function prune(o: Ordered): Ordered {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export function clusterToV1(c: Cluster): Ordered {
  return prune({
    server: c.server,
    'tls-server-name': nonEmpty(c.tlsServerName),
    'insecure-skip-tls-verify': c.insecureSkipTLSVerify || undefined,
    'certificate-authority': nonEmpty(c.certificateAuthority),
    'certificate-authority-data': b64(c.certificateAuthorityData),
    'proxy-url': nonEmpty(c.proxyURL),
    'disable-compression': c.disableCompression || undefined,
    extensions: extList(c.extensions),
  });
}

export function authInfoToV1(a: AuthInfo): Ordered {
  return prune({
    'client-certificate': nonEmpty(a.clientCertificate),
    'client-certificate-data': b64(a.clientCertificateData),
    'client-key': nonEmpty(a.clientKey),
    'client-key-data': b64(a.clientKeyData),
    token: nonEmpty(a.token),
    tokenFile: nonEmpty(a.tokenFile),
    as: nonEmpty(a.impersonate),
    'as-uid': nonEmpty(a.impersonateUID),
    'as-groups': a.impersonateGroups && a.impersonateGroups.length ? a.impersonateGroups : undefined,
    'as-user-extra': mapToObject(a.impersonateUserExtra),
    username: nonEmpty(a.username),
    password: nonEmpty(a.password),
    'auth-provider': a.authProvider
      ? { name: a.authProvider.name, config: a.authProvider.config ? (mapToObject(a.authProvider.config) ?? {}) : null }
      : undefined,
    exec: a.exec
      ? prune({
          command: a.exec.command,
          args: a.exec.args,
          env: a.exec.env ? a.exec.env.map((e) => ({ name: e.name, value: e.value })) : null,
          apiVersion: nonEmpty(a.exec.apiVersion),
          installHint: nonEmpty(a.exec.installHint),
          provideClusterInfo: a.exec.provideClusterInfo,
          interactiveMode: nonEmpty(a.exec.interactiveMode),
        })
      : undefined,
    extensions: extList(a.extensions),
  });
}

export function contextToV1(c: Context): Ordered {
  return prune({
    cluster: c.cluster,
    user: c.authInfo,
    namespace: nonEmpty(c.namespace),
    extensions: extList(c.extensions),
  });
}

/** The v1 object kubectl marshals for `config view` (entries sorted by name; empty lists are null as in kubectl). */
export function configToV1(c: Config): Ordered {
  const named = <T>(m: Map<string, T>, key: string, f: (x: T) => Ordered) =>
    m.size === 0 ? null : [...m.keys()].sort(compareStrings).map((name) => ({ name, [key]: f(m.get(name) as T) }));
  return prune({
    kind: 'Config',
    apiVersion: 'v1',
    preferences: prune({ colors: c.preferences.colors || undefined, extensions: extList(c.preferences.extensions) }),
    clusters: named(c.clusters, 'cluster', clusterToV1),
    users: named(c.authInfos, 'user', authInfoToV1),
    contexts: named(c.contexts, 'context', contextToV1),
    'current-context': c.currentContext,
    extensions: extList(c.extensions),
  });
}

/** kubectl's `-o json`: json.MarshalIndent with four spaces, struct field order kept, map keys sorted. */
export function marshalKubectlJSON(v: Ordered): string {
  return orderedJSON(v, 0) + '\n';
}

function orderedJSON(v: unknown, level: number): string {
  const ind = (l: number) => '\n' + '    '.repeat(l);
  if (v === null || v === undefined) return 'null';
  if (v instanceof RawJSON) return marshalJSON(v.value, '    ', level);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => ind(level + 1) + orderedJSON(x, level + 1)).join(',')}${ind(level)}]`;
  }
  if (typeof v === 'object' && !(v instanceof BigIntLiteral)) {
    const keys = Object.keys(v as object);
    if (keys.length === 0) return '{}';
    return `{${keys.map((k) => ind(level + 1) + jsonString(k) + ': ' + orderedJSON((v as Ordered)[k], level + 1)).join(',')}${ind(level)}}`;
  }
  return marshalJSON(v as JSONValue, '    ', level);
}
