// `kubesense get`'s flags as options: what was asked for, read once from the parsed command line.
import type { CommandContext } from './command';
import type { FlagSpec } from './flags';
import { UsageError } from './command';
import type { RestConfig } from '../kube/rest/config';
import { PROTOBUF_CONTENT_TYPE } from '../kube/protobuf/contentType';

export const ALL_NAMESPACES_FLAG: FlagSpec = {
  name: 'all-namespaces',
  short: 'A',
  kind: 'bool',
  default: false,
  description:
    'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
};

export const CHUNK_SIZE_FLAG: FlagSpec = {
  name: 'chunk-size',
  kind: 'int',
  default: 500,
  description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.',
};

export const CONTENT_TYPE_FLAG: FlagSpec = {
  name: 'content-type',
  kind: 'string',
  default: 'json',
  description:
    "Wire format for built-in resources: 'json' or 'protobuf' (client-go's ContentType; objects are printed the same either way). Tables and custom resources are always JSON.",
};

export interface GetOptions {
  output: string;
  template: string;
  allowMissingKeys: boolean;
  sortBy: string;
  allNamespaces: boolean;
  selector: string;
  fieldSelector: string;
  chunkSize: number;
  watch: boolean;
  watchOnly: boolean;
  noHeaders: boolean;
  showKind: boolean;
  showLabels: boolean;
  ignoreNotFound: boolean;
  showManagedFields: boolean;
  contentType: RestConfig['contentType'];
}

export function options(ctx: CommandContext): GetOptions {
  const v = ctx.flags.values;
  return {
    output: String(v.get('output') ?? ''),
    template: String(v.get('template') ?? ''),
    allowMissingKeys: v.get('allow-missing-template-keys') !== false,
    sortBy: String(v.get('sort-by') ?? ''),
    allNamespaces: Boolean(v.get('all-namespaces')),
    selector: String(v.get('selector') ?? ''),
    fieldSelector: String(v.get('field-selector') ?? ''),
    chunkSize: Number(v.get('chunk-size') ?? 500),
    watch: Boolean(v.get('watch')),
    watchOnly: Boolean(v.get('watch-only')),
    noHeaders: Boolean(v.get('no-headers')),
    showKind: Boolean(v.get('show-kind')),
    showLabels: Boolean(v.get('show-labels')),
    ignoreNotFound: Boolean(v.get('ignore-not-found')),
    showManagedFields: Boolean(v.get('show-managed-fields')),
    contentType: contentTypeFlag(String(v.get('content-type') ?? 'json')),
  };
}

function contentTypeFlag(value: string): RestConfig['contentType'] {
  if (value === 'json' || value === 'application/json') return 'application/json';
  if (value === 'protobuf' || value === PROTOBUF_CONTENT_TYPE) return PROTOBUF_CONTENT_TYPE;
  throw new UsageError(`--content-type must be 'json' or 'protobuf', not '${value}'`);
}

/** kubectl prints server-side tables unless asked for another format (a --template implies one). */
export function isHumanReadable(opts: GetOptions): boolean {
  return (opts.output === '' && opts.template === '') || opts.output === 'wide';
}
