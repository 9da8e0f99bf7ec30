// A CertificateSigningRequest's `request` as the API server reads it (certificates.ParseCSR, then CheckSignature):
// the first PEM block must be a CERTIFICATE REQUEST, its DER a PKCS #10 request whose signature its own public key
// verifies. Errors are worded as Go's encoding/asn1 and crypto/x509 word them; the signature is checked with
// node:crypto. Only the outer DER layout is walked: deeper parse errors (a broken Subject or extension) are left out.
import * as crypto from 'node:crypto';

/** Why the server refuses the request, or undefined when it accepts it (or when this cannot tell). */
export function certificateRequestProblem(pemText: string): string | undefined {
  const block = firstPemBlock(pemText);
  if (block?.type !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST';
  try {
    return checkDer(block.der);
  } catch (e) {
    if (e instanceof Asn1Error) return e.message;
    throw e;
  }
}

/**
 * encoding/pem's Decode, for its first well-formed block: BEGIN and END lines of one type, and a body that is base64
 * (whitespace ignored; headers are not expected in a request).
 */
function firstPemBlock(text: string): { type: string; der: Buffer } | undefined {
  const m = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)\n-----END \1-----/.exec(text);
  if (!m) return undefined;
  return { type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') };
}

class Asn1Error extends Error {}
const syntaxError = (msg: string) => new Asn1Error(`asn1: syntax error: ${msg}`);
const structureError = (msg: string) => new Asn1Error(`asn1: structure error: ${msg}`);

interface Tlv {
  tag: number;
  constructed: boolean;
  /** Where the element starts, where its content starts and ends. */
  start: number;
  body: number;
  end: number;
}

/** encoding/asn1's parseTagAndLength and its length check, at offset (which must be inside `end`). */
function readTlv(der: Buffer, offset: number, end: number): Tlv {
  if (offset >= end) throw syntaxError('sequence truncated');
  const start = offset;
  const first = der[offset++];
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      if (offset >= end) throw syntaxError('truncated base 128 integer');
      const b = der[offset++];
      tag = tag * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    if (tag < 0x1f) throw syntaxError('non-minimal tag');
  }
  if (offset >= end) throw syntaxError('truncated tag or length');
  let length = der[offset++];
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw syntaxError('indefinite length found (not DER)');
    length = 0;
    for (let i = 0; i < count; i++) {
      if (offset >= end) throw syntaxError('truncated tag or length');
      if (length >= 1 << 23) throw structureError('length too large');
      length = length * 256 + der[offset++];
      if (length === 0) throw structureError('superfluous leading zeros in length');
    }
    if (length < 0x80) throw structureError('non-minimal length');
  }
  if (offset + length > end) throw syntaxError('data truncated');
  return { tag: (first & 0xc0) | tag, constructed: (first & 0x20) !== 0, start, body: offset, end: offset + length };
}

const SEQUENCE = 0x10;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OID = 0x06;

/** An element of the expected universal tag (Go's message, without its field details, when it is not). */
function expect(der: Buffer, offset: number, end: number, tag: number): Tlv {
  const t = readTlv(der, offset, end);
  if (t.tag !== tag) throw structureError("tags don't match");
  return t;
}

function oidText(der: Buffer, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = t.body; i < t.end; i++) {
    v = v * 128 + (der[i] & 0x7f);
    if (der[i] & 0x80) continue;
    if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
    else parts.push(v);
    v = 0;
  }
  return parts.join('.');
}

/** crypto/x509's signature algorithms: OID → Go's name, hash for node:crypto (null: none), key type expected. */
const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null; key: 'rsa' | 'ec' | 'ed25519' }> = {
  '1.2.840.113549.1.1.4': { name: 'MD5-RSA', hash: 'md5', key: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'SHA1-RSA', hash: 'sha1', key: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'SHA256-RSA', hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'SHA384-RSA', hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'SHA512-RSA', hash: 'sha512', key: 'rsa' },
  '1.2.840.10045.4.1': { name: 'ECDSA-SHA1', hash: 'sha1', key: 'ec' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA-SHA256', hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { name: 'ECDSA-SHA384', hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { name: 'ECDSA-SHA512', hash: 'sha512', key: 'ec' },
  '1.3.101.112': { name: 'Ed25519', hash: null, key: 'ed25519' },
};
const RSA_PSS = '1.2.840.113549.1.1.10';
const KEY_ALGORITHM_NAMES = { rsa: 'RSA', ec: 'ECDSA', ed25519: 'Ed25519' } as const;
const GO_KEY_TYPES: Record<string, string> = {
  rsa: '*rsa.PublicKey',
  ec: '*ecdsa.PublicKey',
  ed25519: 'ed25519.PublicKey',
};

/** ParseCertificateRequest's asn1.Unmarshal of the outer layout, then CheckSignature. */
function checkDer(der: Buffer): string | undefined {
  const outer = expect(der, 0, der.length, SEQUENCE);
  if (outer.end !== der.length) throw syntaxError('trailing data');
  const tbs = expect(der, outer.body, outer.end, SEQUENCE);
  const version = expect(der, tbs.body, tbs.end, INTEGER);
  const subject = readTlv(der, version.end, tbs.end);
  const spki = expect(der, subject.end, tbs.end, SEQUENCE);
  const sigAlg = expect(der, tbs.end, outer.end, SEQUENCE);
  const sigOid = expect(der, sigAlg.body, sigAlg.end, OID);
  const signature = expect(der, sigAlg.end, outer.end, BIT_STRING);
  if (signature.end === signature.body) throw structureError('zero length BIT STRING');

  const oid = oidText(der, sigOid);
  if (oid === RSA_PSS) return undefined; // its hash is in the parameters: not checked here
  const algorithm = SIGNATURE_ALGORITHMS[Object.hasOwn(SIGNATURE_ALGORITHMS, oid) ? oid : ''];
  if (!algorithm || (algorithm.key === 'ed25519' && sigOid.end !== sigAlg.end))
    return 'x509: cannot verify signature: algorithm unimplemented';
  if (algorithm.hash === 'md5') return `x509: cannot verify signature: insecure algorithm ${algorithm.name}`;
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: der.subarray(spki.start, spki.end), format: 'der', type: 'spki' });
  } catch {
    return undefined; // a key node:crypto cannot read: Go's verdict is not known here
  }
  const keyType = key.asymmetricKeyType ?? '';
  if (!Object.hasOwn(GO_KEY_TYPES, keyType)) return undefined;
  if (keyType !== algorithm.key)
    return `x509: signature algorithm specifies an ${KEY_ALGORITHM_NAMES[algorithm.key]} public key, but have public key of type ${GO_KEY_TYPES[keyType]}`;
  // The BIT STRING's first content byte counts unused bits; signatures use whole bytes.
  const sig = der.subarray(signature.body + 1, signature.end);
  let valid: boolean;
  try {
    valid = crypto.verify(algorithm.hash, der.subarray(tbs.start, tbs.end), key, sig);
  } catch {
    valid = false;
  }
  if (valid) return undefined;
  if (algorithm.key === 'rsa') return 'crypto/rsa: verification error';
  return algorithm.key === 'ec' ? 'x509: ECDSA verification failure' : 'x509: Ed25519 verification failure';
}
