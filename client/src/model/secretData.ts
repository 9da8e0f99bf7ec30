// A Secret's values decoded, for the explicit "Show Decoded Secret" action only: the tree, tooltips, YAML and
// describe views never decode them.
import { toYaml, type KubeObjectJson } from './objectYaml';

/** base64 `data` values as text where they are UTF-8; binary values stay base64 and say so. */
export function decodeSecretData(secret: KubeObjectJson): { text: Record<string, string>; binary: string[] } {
  const data = (secret.data ?? {}) as Record<string, unknown>;
  const text: Record<string, string> = {};
  const binary: string[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const key of Object.keys(data).sort()) {
    const encoded = typeof data[key] === 'string' ? (data[key] as string) : '';
    const bytes = Buffer.from(encoded, 'base64');
    try {
      text[key] = utf8.decode(bytes);
    } catch {
      binary.push(key);
      text[key] = encoded;
    }
  }
  return { text, binary };
}

/** The read-only document's text: a header saying what it is, then `key: value` in YAML. */
export function decodedSecretDocument(secret: KubeObjectJson): string {
  const { text, binary } = decodeSecretData(secret);
  const md = secret.metadata ?? {};
  const header = [
    `# Secret ${md.namespace ? `${md.namespace}/` : ''}${md.name ?? ''}: data decoded from base64 on request.`,
    '# Read-only and kept in memory only; closing this tab discards it.',
    ...(typeof secret.type === 'string' ? [`# type: ${secret.type}`] : []),
    ...binary.map((k) => `# ${k}: not UTF-8 text; shown as base64`),
  ];
  const body = Object.keys(text).length > 0 ? toYaml(text) : '# (no data)\n';
  return `${header.join('\n')}\n${body}`;
}
