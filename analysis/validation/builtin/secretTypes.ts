// A typed Secret's keys (ValidateSecret's switch on the type), read after the server merges stringData over the
// base64-decoded data: docker configs must be present and unmarshal into a JSON object, basic-auth needs a username
// or a password, ssh-auth a non-empty private key, TLS a certificate and a key.
import { isPlainObject } from '../../documents/manifest';
import { goJsonObjectError } from './goJsonSyntax';
import type { Obj, Problems } from './problems';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const REDACTED = '<secret contents redacted>';

/** Each key's bytes and where they were written (stringData wins, as the server merges it last). */
function secretBytes(obj: Obj): Map<string, { bytes: Uint8Array | undefined; from: string }> {
  const out = new Map<string, { bytes: Uint8Array | undefined; from: string }>();
  if (isPlainObject(obj.data))
    for (const [k, v] of Object.entries(obj.data))
      // A value that is not base64 is the schema's error; its content is unknown here.
      out.set(k, {
        bytes: typeof v === 'string' && BASE64.test(v) ? Buffer.from(v, 'base64') : undefined,
        from: 'data',
      });
  if (isPlainObject(obj.stringData))
    for (const [k, v] of Object.entries(obj.stringData))
      out.set(k, { bytes: typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined, from: 'stringData' });
  return out;
}

export function checkSecretType(pr: Problems, obj: Obj): void {
  const type = typeof obj.type === 'string' ? obj.type : '';
  const data = secretBytes(obj);
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const ann =
        isPlainObject(obj.metadata) && isPlainObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
      const name = ann['kubernetes.io/service-account.name'];
      if (typeof name !== 'string' || name === '')
        pr.required(['metadata', 'annotations', 'kubernetes.io/service-account.name']);
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const entry = data.get(key);
      if (!entry) pr.required(['data', key]);
      const error = entry?.bytes && goJsonObjectError(entry.bytes);
      if (entry && error) pr.invalid([entry.from, key], REDACTED, error, ['data', key]);
      break;
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one must be there.
      if (!data.has('username') && !data.has('password')) {
        pr.required(['data', 'username']);
        pr.required(['data', 'password']);
      }
      break;
    case 'kubernetes.io/ssh-auth': {
      const key = data.get('ssh-privatekey');
      if (!key || key.bytes?.length === 0) pr.required(['data', 'ssh-privatekey']);
      break;
    }
    case 'kubernetes.io/tls':
      for (const key of ['tls.crt', 'tls.key']) if (!data.has(key)) pr.required(['data', key]);
      break;
  }
}
