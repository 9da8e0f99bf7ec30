// Real certificates and keys for tests, made by openssl (the same tool a cluster admin would use).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface KeyPair {
  cert: string;
  key: string;
}

/** A self-signed EC certificate and its PKCS#8 key, as PEM. */
export function selfSigned(cn = 'kubesense-test'): KeyPair {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-pki-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        path.join(dir, 'k.pem'),
        '-out',
        path.join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      cert: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8'),
      key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
