// What a group/version document was parsed from, as a hash of its bytes: two documents of the same identity hold
// the same definitions, so what is derived from a document's definitions alone (a kind's compiled-validator key,
// validatorCache.ts) can be looked up by it without looking at the definitions. Only a source that parsed the
// document from bytes, unchanged, may name them (a schema folder); any other document has no identity.
import * as crypto from 'node:crypto';
import type { GroupVersionDocument } from './types';

/** The bytes until the identity is first asked for (hashing ~5 MB of schemas costs ~5 ms), then the hash. */
const identities = new WeakMap<GroupVersionDocument, Buffer | string>();

/** Record that document is JSON.parse of exactly these bytes, or of the bytes of this SHA-256 (never changed since). */
export function parsedFromBytes(document: GroupVersionDocument, bytes: Buffer | string): void {
  identities.set(document, bytes);
}

/** SHA-256 of the bytes the document was parsed from, or undefined when it was not parsed from known bytes. */
export function documentIdentity(document: GroupVersionDocument): string | undefined {
  const known = identities.get(document);
  if (known === undefined || typeof known === 'string') return known;
  const hash = crypto.createHash('sha256').update(known).digest('hex');
  identities.set(document, hash);
  return hash;
}
