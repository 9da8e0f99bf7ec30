// A CertificateSigningRequest on create as kube-apiserver 1.35 checks it (pkg/apis/certificates/validation): the
// request parses as a PKCS #10 request whose signature verifies, and the signer name is a domain and a path. Each
// expectation is the server's answer to a dry-run create of the same object; the requests were made with openssl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown) => errorMessages(store, o);

const csr = (spec: Record<string, unknown>) => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'c' },
  spec: { signerName: 'example.com/x', usages: ['client auth'], ...spec },
});

/** openssl req -new with a P-256, an Ed25519 and an RSA 2048 key (SHA-256). */
const ECDSA_REQUEST =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIRk1HNENBUUF3RERFS01BZ0dBMVVFQXd3QmVEQlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQQpCTTE4cEZxMzgza2RFTjJlT0hkWXp2RVRLVm4yTWNqUDRDaVFQOTdCbmo0M3plRldWcXV4NWNSeSt1elJIQlE5CkJQZy9IZE1JUVg0bHRpdFBjTkgyaXhLZ0FEQUtCZ2dxaGtqT1BRUURBZ05IQURCRUFpQW5GSWJvUkk0c2V5NlYKem9tWFlYemNKcXNtNFg3UWpiUVhXalQ5enFKcFRRSWdhdFU2OEpYenRUeCtDMC85VEZtazhoeG44aVN0c2VHQwo4eTdrUDY3Z2Jodz0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==';
const ED25519_REQUEST =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlHTE1EOENBUUF3RERFS01BZ0dBMVVFQXd3QmVEQXFNQVVHQXl0bGNBTWhBSEJLNU1lckpXRGJhOURGU0ZHLwpBWXVJU3JWd1N2eGFta3A3b2lDSTllQ21vQUF3QlFZREsyVndBMEVBQStTTmNpM2hvZCtPNTVIS3F6L2hyUkd1Ck1hZ1ZUM2dGK3pUTzd2dGxuYUtiL2xaUXJDeG11bXBsaVZkcW9vdElqN1VLOGhDYnlMbDJiQkYrQjNiaER3PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==';
const RSA_REQUEST =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQ1VUQ0NBVGtDQVFBd0RERUtNQWdHQTFVRUF3d0JlRENDQVNJd0RRWUpLb1pJaHZjTkFRRUJCUUFEZ2dFUApBRENDQVFvQ2dnRUJBTjhCUzNISGFuUVBCaW53V3JEcVg3bEpPUDFaRVlQT1gzZnVBT0tkZ0JnY1huOTVGL0s2CkpXUXM2TmsySVZLMkxVaWptbTBFejFFT3ErbllKODVrZlhQZ2dLamdaOXZBakNZTDZCTHFjK2hDN2U2QjAxOVcKbkhwOWxwTlJlU3lnL2tNYnF3YjM2SkVCbW4rVW9HMmRvcTdQN21MWnk1K2JHVHN0UGhjZVM3dU9CSUV1cnIvYgpoanI3TlBGNUFFa1l2RVN1U1dWSmZNdUI3SDVGbzZiVXhmVWhxN1d3VXl0VFVoZ1d4WjY3RHZtQ053QU4yQzlJCmdOdUZpOTEvYnR3YlhpeHhOM2JHaUtVY1ZsN2t4THJTSTVXdXNQTG1BMDkzbm9RemZ4MnNFZFpCOHVoQ3krSTAKNEYrSy9NNmNEdHhSVWlmSVlJS2lISk5VK3Yyb3k3T0NaOXNDQXdFQUFhQUFNQTBHQ1NxR1NJYjNEUUVCQ3dVQQpBNElCQVFDREo5UmxOYWJDcnl6S292YjM4eTNBUXRVc2IxaE9OVHZuSmtVQkFKODhwWFNSV2NaaE05VkoxRnRhCmZTVFgxRU5KM0JlZjJYTENKWXB2bnkreEhBTGJ1SWRWYUtmeG83ZktGTHhjM01HMktMbUd6NUVnWFZXL1EybVAKbCtqcWppSFRHd0dvaytScFNITmFSTG1EOW92bUMvQ2hjdjFkVUVnUUpoR3BYbFRqM0xMU1pSbzA5R2lveERiNgpKQjZqSWN1RWNFRDlMRzN6YW1qYS9UVDNGRWJ5WWl5bGZZUTZMcVc4SitydFQyMFk0TzFmYTF2NjQ4WXViL2hvCktHL3g1Q1RiK2xhQ1FmUHJyR0daUnA0L1NDVmRNcHozeTB5R05HSEJuaXRUdUEvL0VsRFFlMXBPUy80aTBCQVQKS3grdUFrME5mcXZyQ0NwTE55T0xxOHBsdHhqNwotLS0tLUVORCBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K';

/** The DER inside a base64 PEM request, and a base64 PEM request around DER. */
const derOf = (request: string) =>
  Buffer.from(
    Buffer.from(request, 'base64')
      .toString()
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join(''),
    'base64',
  );
const requestOf = (der: Buffer) =>
  Buffer.from(
    `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`,
  ).toString('base64');
/** The request with one bit of its signature flipped. */
const tampered = (request: string) => {
  const der = derOf(request);
  der[der.length - 5] ^= 1;
  return requestOf(der);
};
const requestErrors = async (request: string) =>
  (await errors(csr({ request }))).map((m) => m.replace(`spec.request: Invalid value: "${request}": `, ''));

test('a request whose signature verifies is accepted, whatever its key type', async () => {
  for (const request of [ECDSA_REQUEST, ED25519_REQUEST, RSA_REQUEST])
    assert.deepEqual(await errors(csr({ request })), []);
  // Text before the PEM block is skipped, as encoding/pem skips it.
  const withJunk = Buffer.from(`hello\n${Buffer.from(ECDSA_REQUEST, 'base64').toString()}`).toString('base64');
  assert.deepEqual(await errors(csr({ request: withJunk })), []);
});

test("a request signed and then changed fails its signature check, in crypto/x509's words", async () => {
  assert.deepEqual(await requestErrors(tampered(ECDSA_REQUEST)), ['x509: ECDSA verification failure']);
  assert.deepEqual(await requestErrors(tampered(ED25519_REQUEST)), ['x509: Ed25519 verification failure']);
  assert.deepEqual(await requestErrors(tampered(RSA_REQUEST)), ['crypto/rsa: verification error']);
  // The subject changed ("x" → "y"): the signature no longer covers it.
  const der = derOf(ECDSA_REQUEST);
  der[der.indexOf(Buffer.from('x'))] = 0x79;
  assert.deepEqual(await requestErrors(requestOf(der)), ['x509: ECDSA verification failure']);
});

test("a request that is not DER of a certificate request gets encoding/asn1's error", async () => {
  const der = derOf(ECDSA_REQUEST);
  assert.deepEqual(await requestErrors(requestOf(der.subarray(0, der.length - 10))), [
    'asn1: syntax error: data truncated',
  ]);
  assert.deepEqual(await requestErrors(requestOf(Buffer.concat([der, Buffer.from([0, 0])]))), [
    'asn1: syntax error: trailing data',
  ]);
  assert.deepEqual(await requestErrors(requestOf(Buffer.from('a'))), ['asn1: syntax error: truncated tag or length']);
  assert.deepEqual(await requestErrors(requestOf(Buffer.alloc(0))), ['asn1: syntax error: sequence truncated']);
});

test('the signer name is a domain of DNS labels and a path of DNS subdomains', async () => {
  const signerErrors = async (signerName: string) => errors(csr({ request: ECDSA_REQUEST, signerName }));
  const form = "must be a fully qualified domain and path of the form 'example.com/signer-name'";
  assert.deepEqual(await signerErrors('example'), [`spec.signerName: Invalid value: "example": ${form}`]);
  assert.deepEqual(await signerErrors('a/b/c'), [`spec.signerName: Invalid value: "a/b/c": ${form}`]);
  const label =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  assert.deepEqual(await signerErrors('Example.com/x'), [
    `spec.signerName: Invalid value: "Example.com": validating label "Example": ${label}`,
  ]);
  const subdomain =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  assert.deepEqual(await signerErrors('a.b.c/x..y'), [
    `spec.signerName: Invalid value: "x..y": validating label "": ${subdomain}`,
  ]);
  assert.deepEqual(await signerErrors('example.com/'), [
    `spec.signerName: Invalid value: "": validating label "": ${subdomain}`,
  ]);
  const long = 'a'.repeat(64);
  assert.deepEqual(await signerErrors(`${long}.com/x`), [
    `spec.signerName: Invalid value: "${long}.com": validating label "${long}": must be no more than 63 characters`,
  ]);
  assert.deepEqual(await signerErrors('example.com/signer-name.v1'), []);
});

test('a field error found twice (the schema and the hand-written check both require signerName) is reported once', async () => {
  const { signerName: _, ...spec } = csr({ request: ECDSA_REQUEST }).spec;
  assert.deepEqual(await errors({ ...csr({}), spec }), ['spec.signerName: Required value']);
});
