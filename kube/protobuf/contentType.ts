// What the REST layer needs to choose and recognise protobuf, without loading the decoder: the generated
// descriptors take about a second to load on a busy machine, so wire.ts is required only when a protobuf body arrives.
import type * as Wire from './wire';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
/** client-go's Accept for a protobuf client: protobuf, else JSON (servers or resources without protobuf). */
export const PROTOBUF_ACCEPT = `${PROTOBUF_CONTENT_TYPE}, application/json`;

/** Whether a response's Content-Type is protobuf (parameters such as `;stream=watch` aside). */
export function isProtobufContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

let wire: typeof Wire | undefined;
/** The decoder, loaded on first use. */
export function protobufWire(): typeof Wire {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (see above)
  wire ??= require('./wire') as typeof Wire;
  return wire;
}
