// Checks a kubeconfig's CA, client certificate and client key before any connection, with Go's error texts
// (crypto/tls X509KeyPair, client-go's rootCertPool) prefixed by the entry and field they came from. Node would
// otherwise fail at connect time with OpenSSL's text ("error:0480006C:PEM routines::no start line"), naming
// nothing. Messages never contain the data itself.
import * as crypto from 'node:crypto';

interface PemBlock {
  type: string;
  hasHeaders: boolean;
  der: Buffer;
}

/** Go's pem.Decode applied repeatedly: every well-formed block, text between blocks ignored. */
function pemBlocks(data: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(data); m; m = re.exec(data)) {
    const body = m[2];
    const headerEnd = /^[^\r\n]*:[^\r\n]*\r?\n(?:[^\r\n]*:[^\r\n]*\r?\n)*\r?\n/.exec(body);
    const base64 = (headerEnd ? body.slice(headerEnd[0].length) : body).replace(/\s+/g, '');
    blocks.push({ type: m[1], hasHeaders: Boolean(headerEnd), der: Buffer.from(base64, 'base64') });
  }
  return blocks;
}

/** Block types are printed in Go's error texts; keep a hostile one short. */
function typeList(types: string[]): string {
  return `[${types.map((t) => (t.length > 40 ? t.slice(0, 40) + '…' : t)).join(' ')}]`;
}

/** client-go's rootCertPool + createErrorParsingCAData, without the "unable to load root certificates" prefix. */
export function caDataError(pemData: string): string | undefined {
  const blocks = pemBlocks(pemData);
  if (blocks.length === 0) return 'unable to parse bytes as PEM block';
  // Like Go's AppendCertsFromPEM: one good certificate is enough; the first bad one is named only when none is.
  let firstError: string | undefined;
  for (const b of blocks) {
    if (b.type !== 'CERTIFICATE' || b.hasHeaders) continue;
    try {
      new crypto.X509Certificate(b.der);
      return undefined;
    } catch {
      firstError ??= 'failed to parse certificate: x509: malformed certificate';
    }
  }
  return firstError ?? 'no valid certificate authority data seen';
}

export interface KeyPairError {
  /** Which input the error is about, to name the kubeconfig field. */
  input: 'certificate' | 'key' | 'both';
  message: string;
}

/** Go's tls.X509KeyPair checks, in its order and with its texts. */
export function keyPairError(certPem: string, keyPem: string): KeyPairError | undefined {
  const message = keyPairMessage(certPem, keyPem);
  if (!message) return undefined;
  const input = / key input|rather than a key|parse private key/.test(message)
    ? 'key'
    : /does not match/.test(message)
      ? 'both'
      : 'certificate';
  return { input, message };
}

function keyPairMessage(certPem: string, keyPem: string): string | undefined {
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (skipped.length === 1 && skipped[0].endsWith('PRIVATE KEY'))
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${typeList(skipped)}`;
  }
  const keyBlocks = pemBlocks(keyPem);
  const key = keyBlocks.find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!key) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE')
      return 'tls: found a certificate rather than a key in the PEM for the private key';
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: ${typeList(skipped)}`;
  }
  let leaf: crypto.X509Certificate;
  try {
    leaf = new crypto.X509Certificate(certs[0].der);
  } catch {
    return 'x509: malformed certificate';
  }
  let privateKey: crypto.KeyObject;
  try {
    const format = key.type === 'RSA PRIVATE KEY' ? 'pkcs1' : key.type === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
    privateKey = crypto.createPrivateKey({ key: key.der, format: 'der', type: format });
  } catch {
    return 'tls: failed to parse private key';
  }
  if (!leaf.checkPrivateKey(privateKey)) return 'tls: private key does not match public key';
  return undefined;
}
