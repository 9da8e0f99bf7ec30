// The CertificateSigningRequest describer: the request's subject and subject alternative names, read from its
// PKCS#10 request (x509.ParseCertificateRequest's fields, in kubectl's layout), with the approval status.
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Extensions, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import type * as certificates from '../typed/generated/types/api/certificates/v1';
import { humanDuration } from '../util/duration';
import { goURLString, parseGoURL, sprintfNoArgs } from '../util/go';
import type { Describer } from './types';
import { eventsFor, getObject, gvr, writeEvents } from './core';
import { LEVEL_0, formatLabels, rfc1123z, tabbedString, type PrefixWriter } from './writer';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** The parts of Go's pkix.Name and x509.CertificateRequest that kubectl prints. */
interface ParsedRequest {
  commonName: string;
  serialNumber: string;
  organization: string[];
  organizationalUnit: string[];
  country: string[];
  locality: string[];
  province: string[];
  streetAddress: string[];
  postalCode: string[];
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  ipAddresses: string[];
}

/** certificate.ParseCSR: a PEM "CERTIFICATE REQUEST" block, its subject (pkix.Name.FillFromRDNSequence) and SANs. */
export function parseCertificateRequest(pem: string): ParsedRequest {
  const block = /-----BEGIN ([^-]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!block || block[1] !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const csr = AsnConvert.parse(Buffer.from(block[2]!.replace(/\s+/g, ''), 'base64'), CertificationRequest);
  const info = csr.certificationRequestInfo;
  const out: ParsedRequest = {
    commonName: '',
    serialNumber: '',
    organization: [],
    organizationalUnit: [],
    country: [],
    locality: [],
    province: [],
    streetAddress: [],
    postalCode: [],
    dnsNames: [],
    emailAddresses: [],
    uris: [],
    ipAddresses: [],
  };
  const lists: Record<string, string[]> = {
    '2.5.4.6': out.country,
    '2.5.4.10': out.organization,
    '2.5.4.11': out.organizationalUnit,
    '2.5.4.7': out.locality,
    '2.5.4.8': out.province,
    '2.5.4.9': out.streetAddress,
    '2.5.4.17': out.postalCode,
  };
  for (const rdn of info.subject)
    for (const atv of rdn) {
      const value = atv.value.toString();
      if (atv.type === '2.5.4.3') out.commonName = value;
      else if (atv.type === '2.5.4.5') out.serialNumber = value;
      else lists[atv.type]?.push(value);
    }
  for (const attribute of info.attributes) {
    if (attribute.type !== EXTENSION_REQUEST) continue;
    for (const value of attribute.values)
      for (const ext of AsnConvert.parse(value, Extensions)) {
        if (ext.extnID !== id_ce_subjectAltName) continue;
        for (const name of AsnConvert.parse(ext.extnValue, SubjectAlternativeName)) {
          if (name.dNSName !== undefined) out.dnsNames.push(name.dNSName);
          else if (name.rfc822Name !== undefined) out.emailAddresses.push(name.rfc822Name);
          else if (name.uniformResourceIdentifier !== undefined) out.uris.push(goURI(name.uniformResourceIdentifier));
          else if (name.iPAddress !== undefined) out.ipAddresses.push(goIPString(name.iPAddress));
        }
      }
  }
  return out;
}

/** A URI name as x509 keeps it (url.Parse) and kubectl prints it (URL.String()): `HTTPS://h/a b` → `https://h/a%20b`. */
function goURI(uri: string): string {
  const u = parseGoURL(uri);
  return u ? goURLString(u) : uri;
}

/**
 * net.IP's String() of an address the ASN.1 reader printed: the same compressed IPv6 form, except that Go prints an
 * IPv4-mapped address (::ffff:a.b.c.d, 16 bytes) as the IPv4 address.
 */
function goIPString(ip: string): string {
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!mapped) return ip;
  const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** extractCSRStatus: Denied over Approved over Pending, then Failed and Issued. */
function csrStatus(csr: certificates.CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

export const describeCertificateSigningRequest: Describer = async (ctx, _namespace, name) => {
  const csr = await getObject<certificates.CertificateSigningRequest>(
    ctx,
    gvr('certificates.k8s.io', 'v1', 'certificatesigningrequests'),
    '',
    name,
  );
  const events = await eventsFor(ctx, { ...csr, kind: 'CertificateSigningRequest' });
  let cr: ParsedRequest;
  try {
    cr = parseCertificateRequest(Buffer.from(csr.spec.request ?? '', 'base64').toString('latin1'));
  } catch (err) {
    throw new Error(`Error parsing CSR: ${(err as Error).message}`);
  }
  const md = csr.metadata ?? {};
  const spec = csr.spec;
  // kubectl's printListHelper: nothing for an empty list, continuation lines under the first value. The values
  // are a format string of their own, so a `%` in them prints as Go's fmt reads it (`%7E` → `%!E(MISSING)`).
  const list = (w: PrefixWriter, title: string, values: string[]) => {
    if (values.length) w.write(LEVEL_0, `\t${title}:\t${sprintfNoArgs(values.join('\n\t\t'))}\n`);
  };
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(md.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(md.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${spec.username ?? ''}\n`);
    if (spec.signerName) w.write(LEVEL_0, `Signer:\t${spec.signerName}\n`);
    if (spec.expirationSeconds !== undefined)
      w.write(LEVEL_0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
    w.write(LEVEL_0, `Status:\t${csrStatus(csr)}\n`);
    w.write(LEVEL_0, 'Subject:\n');
    w.write(LEVEL_0, `\tCommon Name:\t${cr.commonName}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${cr.serialNumber}\n`);
    list(w, 'Organization', cr.organization);
    list(w, 'Organizational Unit', cr.organizationalUnit);
    list(w, 'Country', cr.country);
    list(w, 'Locality', cr.locality);
    list(w, 'Province', cr.province);
    list(w, 'StreetAddress', cr.streetAddress);
    list(w, 'PostalCode', cr.postalCode);
    if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length > 0) {
      w.write(LEVEL_0, 'Subject Alternative Names:\n');
      list(w, 'DNS Names', cr.dnsNames);
      list(w, 'Email Addresses', cr.emailAddresses);
      list(w, 'URIs', cr.uris);
      list(w, 'IP Addresses', cr.ipAddresses);
    }
    writeEvents(w, events, ctx);
  });
};
