// pkg/apis/certificates/validation for a CertificateSigningRequest on create: the request is a PKCS #10 request in a
// PEM block of type CERTIFICATE REQUEST whose signature verifies (certificateRequest.ts), usages are given and unique
// (the schema's enum knows them), the signer name is a domain and a path (the legacy signer refused) and an expiry
// is at least ten minutes.
import { isPlainObject } from '../../documents/manifest';
import { certificateRequestProblem } from './certificateRequest';
import { dns1123Label, dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';
import { quote } from '../../../kube/util/go/strconv';

export function checkCertificatesKind(pr: Problems, obj: Obj, kind: string): void {
  if (kind !== 'CertificateSigningRequest') return;
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const request = typeof spec.request === 'string' ? spec.request : '';
  const requestProblem = certificateRequestProblem(Buffer.from(request, 'base64').toString('latin1'));
  if (requestProblem) pr.invalid(['spec', 'request'], request, requestProblem);
  const usages = Array.isArray(spec.usages) ? spec.usages : [];
  if (usages.length === 0) pr.required(['spec', 'usages']);
  const seen = new Set<unknown>();
  usages.forEach((u, i) => {
    if (seen.has(u)) pr.duplicate(['spec', 'usages', i], u);
    seen.add(u);
  });
  const signerName = typeof spec.signerName === 'string' ? spec.signerName : '';
  if (signerName === 'kubernetes.io/legacy-unknown')
    pr.invalid(['spec', 'signerName'], signerName, 'the legacy signerName is not allowed via this API version');
  else checkSignerName(pr, signerName);
  if (typeof spec.expirationSeconds === 'number' && spec.expirationSeconds < 600)
    pr.invalid(
      ['spec', 'expirationSeconds'],
      spec.expirationSeconds,
      'may not specify a duration less than 600 seconds (10 minutes)',
    );
}

const DOMAIN_MAX = 253;
const SIGNER_NAME_MAX = DOMAIN_MAX + (DOMAIN_MAX + 63 + 1) + 1;

/** core/validation's ValidateSignerName: `<domain>/<path>`, the domain's labels DNS labels, the path's subdomains. */
function checkSignerName(pr: Problems, signerName: string): void {
  const at = ['spec', 'signerName'];
  if (signerName === '') return pr.required(at);
  const segments = signerName.split('/');
  if (segments.length !== 2)
    return pr.invalid(
      at,
      signerName,
      "must be a fully qualified domain and path of the form 'example.com/signer-name'",
    );
  const [domain, path] = segments;
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(domain) > DOMAIN_MAX) pr.tooLong(at, `may not be more than ${DOMAIN_MAX} bytes`);
  const domainLabels = domain.split('.');
  // Only the first invalid label is reported: the rest would repeat it.
  for (const label of domainLabels) {
    const errs = dns1123Label(label);
    for (const e of errs) pr.invalid(at, domain, `validating label ${quote(label)}: ${e}`);
    if (errs.length) break;
  }
  if (domainLabels.length < 2)
    pr.invalid(at, domain, 'should be a domain with at least two segments separated by dots');
  for (const label of path.split('.')) {
    const errs = dns1123Subdomain(label);
    for (const e of errs) pr.invalid(at, path, `validating label ${quote(label)}: ${e}`);
    if (errs.length) break;
  }
  if (bytes(signerName) > SIGNER_NAME_MAX) pr.tooLong(at, `may not be more than ${SIGNER_NAME_MAX} bytes`);
}
