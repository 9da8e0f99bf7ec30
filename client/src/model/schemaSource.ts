// What the schema status bar item says: which schemas the language server validates with (its
// `kubesense/schemaSource` notification), and why the cluster's own are not used when they are not.

import type { SchemaSourceStatus } from '../../../protocol';
import { escapeMd } from './markdown';

const LABELS: Record<SchemaSourceStatus['kind'], string> = {
  cluster: 'cluster',
  'cluster-cache': 'cluster cache',
  'schema-folder': 'schema folder',
  upstream: 'upstream cache',
  'crd-files': 'CRD files only',
  none: 'none',
};

export interface SchemaSourceView {
  text: string;
  /** Markdown. */
  tooltip: string;
  /** The cluster's own schemas are not in use, or there are none at all. */
  degraded: boolean;
}

export function schemaSourceView(status: SchemaSourceStatus): SchemaSourceView {
  const degraded = !!status.clusterProblem || status.kind === 'none';
  const text = `${degraded ? '$(warning)' : '$(database)'} schemas: ${LABELS[status.kind] ?? status.kind}${status.clusterProblem ? ' (cluster away)' : ''}`;
  const lines = [
    `**kubesense** validates with: ${status.sources.length ? escapeMd(status.sources.join(', ')) : 'no schema'}`,
  ];
  if (status.clusterProblem)
    lines.push(
      '',
      `Not using the cluster's own schemas: ${escapeMd(status.clusterProblem)}. Retrying in the background.`,
    );
  if (status.kind === 'none') lines.push('', 'Only YAML and object structure are checked.');
  return { text, tooltip: lines.join('\n'), degraded };
}
