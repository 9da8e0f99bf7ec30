// Exec credential plugins (client-go plugin/pkg/client/auth/exec): run the configured command with
// KUBERNETES_EXEC_INFO, read an ExecCredential (client.authentication.k8s.io/v1 or v1beta1) from its stdout,
// cache it until status.expirationTimestamp, and run the plugin again after a 401 (invalidate()).
// Plugin output is never echoed into errors: it holds tokens and keys.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CredentialSource, Credentials } from '../rest/config';
import type { JSONValue } from './goyaml';
import type { ExecConfig } from './types';

export interface ExecIO {
  /** Where the plugin's stderr goes (prompts, warnings). Default: process.stderr. */
  stderr?: { write(chunk: string | Buffer): unknown };
  /** Whether stdin is a terminal the plugin may use (interactiveMode IfAvailable/Always). Default: process.stdin.isTTY. */
  stdinIsTerminal?: boolean;
}

export interface ExecClusterInfo {
  server: string;
  tlsServerName: string;
  insecureSkipTLSVerify: boolean;
  certificateAuthorityData?: string;
  proxyURL: string;
  disableCompression: boolean;
  config?: JSONValue;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  io?: ExecIO;
  /** Passed in KUBERNETES_EXEC_INFO when provideClusterInfo is set. */
  cluster?: ExecClusterInfo;
  /** Clock for expiry (tests). */
  now?: () => number;
}

const SUPPORTED = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);

/** Finds `command` the way Go's exec.LookPath does: as a path if it has a separator, else on PATH. */
export function lookPath(command: string, envPath: string): string | undefined {
  const isExecutable = (p: string) => {
    try {
      const st = fs.statSync(p);
      if (!st.isFile()) return false;
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (command.includes('/') || command.includes(path.sep)) return isExecutable(command) ? command : undefined;
  for (const dir of envPath.split(path.delimiter)) {
    const candidate = path.join(dir || '.', command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The exec plugin's command was not found; names the command and the PATH searched. */
export class ExecPluginNotFoundError extends Error {
  constructor(
    readonly command: string,
    readonly searchedPath: string,
    installHint: string,
  ) {
    const where = command.includes('/')
      ? '(no executable file at that path)'
      : `in PATH (searched: ${searchedPath || '<empty>'})`;
    super(
      `getting credentials: exec: executable ${command} not found ${where}${installHint ? `\n\n${installHint}` : ''}`,
    );
    this.name = 'ExecPluginNotFoundError';
  }
}

export class ExecCredentialSource implements CredentialSource {
  private cached: { creds: Credentials; expiresAt?: number } | undefined;
  private inflight: Promise<Credentials> | undefined;
  /** How many times the plugin ran (observability, tests). */
  runs = 0;

  constructor(
    readonly exec: ExecConfig,
    private readonly options: ExecOptions = {},
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  async get(signal?: AbortSignal): Promise<Credentials> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && (this.cached.expiresAt === undefined || now < this.cached.expiresAt)) return this.cached.creds;
    if (!this.inflight) {
      this.inflight = this.run(signal).finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private interactive(): boolean {
    const tty = this.options.io?.stdinIsTerminal ?? Boolean(process.stdin.isTTY);
    const mode = this.exec.interactiveMode || 'IfAvailable';
    if (mode === 'Never') return false;
    if (mode === 'Always' && !tty)
      throw new Error(
        'getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal',
      );
    return tty;
  }

  private execInfo(interactive: boolean): string {
    const spec: Record<string, unknown> = {};
    const c = this.options.cluster;
    if (c) {
      const cluster: Record<string, unknown> = { server: c.server };
      if (c.tlsServerName) cluster['tls-server-name'] = c.tlsServerName;
      if (c.insecureSkipTLSVerify) cluster['insecure-skip-tls-verify'] = true;
      if (c.certificateAuthorityData)
        cluster['certificate-authority-data'] = Buffer.from(c.certificateAuthorityData).toString('base64');
      if (c.proxyURL) cluster['proxy-url'] = c.proxyURL;
      if (c.disableCompression) cluster['disable-compression'] = true;
      if (c.config !== undefined) cluster.config = c.config;
      spec.cluster = cluster;
    }
    spec.interactive = interactive;
    return JSON.stringify({ kind: 'ExecCredential', apiVersion: this.exec.apiVersion, spec });
  }

  private async run(signal?: AbortSignal): Promise<Credentials> {
    const exec = this.exec;
    if (!SUPPORTED.has(exec.apiVersion))
      throw new Error(`getting credentials: exec plugin: invalid apiVersion ${JSON.stringify(exec.apiVersion)}`);
    const interactive = this.interactive();
    const baseEnv = this.options.env ?? process.env;
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const e of exec.env ?? []) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = this.execInfo(interactive);
    const searched = baseEnv.PATH ?? '';
    const resolved = lookPath(exec.command, searched);
    if (!resolved) throw new ExecPluginNotFoundError(exec.command, searched, exec.installHint);
    this.runs++;
    const stdout = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(resolved, exec.args ?? [], {
        env,
        stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
        signal,
      });
      const chunks: Buffer[] = [];
      child.stdout!.on('data', (d: Buffer) => chunks.push(d));
      child.stderr!.on('data', (d: Buffer) => (this.options.io?.stderr ?? process.stderr).write(d));
      child.on('error', (e) =>
        reject(new Error(`getting credentials: exec: ${(e as NodeJS.ErrnoException).code ?? e.message}`)),
      );
      child.on('close', (code, sig) => {
        if (code === 0) resolve(Buffer.concat(chunks));
        else
          reject(
            new Error(
              `getting credentials: exec: executable ${exec.command} failed with exit code ${code ?? (sig ? 128 : 1)}`,
            ),
          );
      });
    });
    return this.parse(stdout);
  }

  private parse(stdout: Buffer): Credentials {
    let cred: { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> | null };
    try {
      cred = JSON.parse(stdout.toString('utf8'));
    } catch {
      // The JSON parser's message quotes the input, which may contain a token: say only what is wrong.
      throw new Error(
        `getting credentials: decoding stdout: exec plugin ${this.exec.command} did not print valid JSON (${stdout.length} bytes)`,
      );
    }
    if (cred === null || typeof cred !== 'object' || Array.isArray(cred))
      throw new Error('getting credentials: decoding stdout: ExecCredential must be a JSON object');
    if (cred.kind !== undefined && cred.kind !== 'ExecCredential')
      throw new Error(
        `getting credentials: decoding stdout: unexpected kind ${JSON.stringify(String(cred.kind))}, expected ExecCredential`,
      );
    if (cred.apiVersion !== this.exec.apiVersion) {
      throw new Error(
        `getting credentials: exec plugin is configured to use API version ${this.exec.apiVersion}, plugin returned version ${String(cred.apiVersion ?? '')}`,
      );
    }
    const status = cred.status;
    if (!status || typeof status !== 'object')
      throw new Error(`getting credentials: exec plugin didn't return a status field`);
    const str = (k: string) => (typeof status[k] === 'string' ? (status[k] as string) : '');
    const token = str('token');
    const cert = str('clientCertificateData');
    const key = str('clientKeyData');
    if (!token && !cert && !key)
      throw new Error(`getting credentials: exec plugin didn't return a token or cert/key pair`);
    if (!cert !== !key) throw new Error('getting credentials: exec plugin returned only certificate or key, not both');
    let expiresAt: number | undefined;
    const exp = status.expirationTimestamp;
    if (exp !== undefined && exp !== null) {
      expiresAt = typeof exp === 'string' ? Date.parse(exp) : NaN;
      if (Number.isNaN(expiresAt))
        throw new Error('getting credentials: decoding stdout: status.expirationTimestamp is not an RFC 3339 time');
    }
    const creds: Credentials = {};
    if (token) creds.token = token;
    if (cert) {
      creds.clientCertificateData = cert;
      creds.clientKeyData = key;
    }
    this.cached = { creds, expiresAt };
    return creds;
  }
}
