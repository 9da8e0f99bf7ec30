// Real certificates, keys and certificate requests for tests, made by openssl (the same tool a cluster admin would
// use).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface KeyPair {
  cert: string;
  key: string;
}

/** `openssl req` with a fresh EC (P-256) key: what it wrote (PEM) and the PKCS#8 key. */
function opensslReq(args: string[]): { out: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-pki-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        ...args,
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(dir, 'k.pem'),
        '-out',
        path.join(dir, 'out.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      out: fs.readFileSync(path.join(dir, 'out.pem'), 'utf8'),
      key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed EC certificate and its PKCS#8 key, as PEM. */
export function selfSigned(cn = 'kubesense-test'): KeyPair {
  const { out, key } = opensslReq(['-x509', '-days', '2', '-subj', `/CN=${cn}`]);
  return { cert: out, key };
}

/** A PKCS#10 certificate request (PEM) for `subject` ("/CN=…/O=…"), with `sans` as a subjectAltName value. */
export function certificateRequest(subject: string, sans?: string): string {
  return opensslReq(['-new', '-subj', subject, ...(sans ? ['-addext', `subjectAltName=${sans}`] : [])]).out;
}
