// What every describer is given: a client, kubectl's DescriberSettings, and the clock ages are measured from.
import type { DynamicClient } from '../dynamic';

export interface DescriberSettings {
  /** kubectl's --show-events (default true). */
  showEvents: boolean;
  /** kubectl's --chunk-size for the lists a describer makes (default 500; 0 = one request). */
  chunkSize: number;
  signal?: AbortSignal;
}

export interface DescribeContext {
  client: DynamicClient;
  settings: DescriberSettings;
  /** Milliseconds since the epoch; ages ("5m") are measured from it. */
  now: () => number;
}

export type Describer = (ctx: DescribeContext, namespace: string, name: string) => Promise<string>;
