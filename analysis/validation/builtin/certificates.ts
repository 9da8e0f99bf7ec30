// pkg/apis/certificates/validation for a CertificateSigningRequest on create: the request is a PEM block of type
// CERTIFICATE REQUEST (the DER inside and its signature are not checked here), usages are given and unique (the
// schema's enum knows them), the legacy signer is refused and an expiry is at least ten minutes.
import { isPlainObject } from '../../documents/manifest';
import type { Obj, Problems } from './problems';

export function checkCertificatesKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'CertificateSigningRequest') return;
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const request = typeof spec.request === 'string' ? spec.request : '';
  if (firstPemBlockType(Buffer.from(request, 'base64').toString('latin1')) !== 'CERTIFICATE REQUEST')
    pr.invalid(['spec', 'request'], request, 'PEM block type must be CERTIFICATE REQUEST');
  const usages = Array.isArray(spec.usages) ? spec.usages : [];
  if (usages.length === 0) pr.required(['spec', 'usages']);
  const seen = new Set<unknown>();
  usages.forEach((u, i) => {
    if (seen.has(u)) pr.duplicate(['spec', 'usages', i], u);
    seen.add(u);
  });
  if (spec.signerName === 'kubernetes.io/legacy-unknown')
    pr.invalid(['spec', 'signerName'], spec.signerName, 'the legacy signerName is not allowed via this API version');
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600)
    pr.invalid(
      ['spec', 'expirationSeconds'],
      spec.expirationSeconds,
      'may not specify a duration less than 600 seconds (10 minutes)',
    );
}

/** The type of the first well-formed PEM block (encoding/pem's Decode: BEGIN and END lines of one type). */
function firstPemBlockType(text: string): string | undefined {
  return /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n[\s\S]*?\n-----END \1-----/.exec(text)?.[1];
}
