// What `config view` does to a loaded config before printing it (client-go clientcmd/api/helpers.go):
// minify to the current context, flatten referenced files into *-data, or shorten secrets for display.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configToV1, marshalKubectlJSON, toJSONValue } from './codec';
import { redactURL } from '../util/redact';
import { marshalGoYAML } from './goyaml';
import type { Config } from './types';

/** Keeps only the current context and the cluster and user it names. */
export function minifyConfig(config: Config): void {
  if (!config.currentContext) throw new Error('current-context must exist in order to minify');
  const ctx = config.contexts.get(config.currentContext);
  if (!ctx) throw new Error(`cannot locate context ${config.currentContext}`);
  const clusters = new Map();
  if (ctx.cluster) {
    const c = config.clusters.get(ctx.cluster);
    if (!c) throw new Error(`cannot locate cluster ${ctx.cluster}`);
    clusters.set(ctx.cluster, c);
  }
  const users = new Map();
  if (ctx.authInfo) {
    const u = config.authInfos.get(ctx.authInfo);
    if (!u) throw new Error(`cannot locate user ${ctx.authInfo}`);
    users.set(ctx.authInfo, u);
  }
  config.contexts = new Map([[config.currentContext, ctx]]);
  config.clusters = clusters;
  config.authInfos = users;
}

const DATA_OMITTED = Buffer.from('DATA+OMITTED', 'base64');
const REDACTED = 'REDACTED';

/** Hides secrets for display the way kubectl 1.32's `config view` does without --raw, and URL user-info too. */
export function shortenConfig(config: Config): void {
  for (const a of config.authInfos.values()) {
    if (a.clientKeyData.length) a.clientKeyData = DATA_OMITTED;
    if (a.clientCertificateData.length) a.clientCertificateData = DATA_OMITTED;
    if (a.token) a.token = REDACTED;
    if (a.password) a.password = REDACTED;
  }
  for (const c of config.clusters.values()) {
    if (c.certificateAuthorityData.length) c.certificateAuthorityData = DATA_OMITTED;
    // Unlike kubectl, which prints URLs whole: a password in `server:` or `proxy-url:` is a secret like any other.
    c.server = redactURL(c.server, REDACTED);
    c.proxyURL = redactURL(c.proxyURL, REDACTED);
  }
}

function flattenContent(file: string, data: Buffer, baseDir: string): { file: string; data: Buffer } {
  if (!file) return { file, data };
  if (data.length > 0) throw new Error('cannot have values for both path and contents');
  const abs = path.isAbsolute(file) ? file : path.join(baseDir, file);
  try {
    return { file: '', data: fs.readFileSync(abs) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(`open ${abs}: no such file or directory`);
    if (err.code === 'EISDIR') throw new Error(`read ${abs}: is a directory`);
    if (err.code === 'EACCES') throw new Error(`open ${abs}: permission denied`);
    throw new Error(`open ${abs}: ${err.message}`);
  }
}

/** Embeds certificate, key and CA files as *-data, resolving them against the defining file (cwd-relative). */
export function flattenConfig(config: Config, cwd: string): void {
  const baseOf = (origin: string) => path.resolve(cwd, path.dirname(origin));
  for (const a of config.authInfos.values()) {
    const base = baseOf(a.locationOfOrigin);
    const cert = flattenContent(a.clientCertificate, a.clientCertificateData, base);
    a.clientCertificate = cert.file;
    a.clientCertificateData = cert.data;
    const key = flattenContent(a.clientKey, a.clientKeyData, base);
    a.clientKey = key.file;
    a.clientKeyData = key.data;
  }
  for (const c of config.clusters.values()) {
    const ca = flattenContent(c.certificateAuthority, c.certificateAuthorityData, baseOf(c.locationOfOrigin));
    c.certificateAuthority = ca.file;
    c.certificateAuthorityData = ca.data;
  }
}

/** The config printed as kubectl prints it: `yaml` (sigs.k8s.io/yaml) or `json` (4-space MarshalIndent). */
export function printConfig(config: Config, format: 'yaml' | 'json'): string {
  const v1 = configToV1(config);
  if (format === 'json') return marshalKubectlJSON(v1);
  return marshalGoYAML(toJSONValue(v1));
}
