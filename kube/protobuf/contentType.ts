// What the REST layer needs to choose and recognise protobuf, without loading the decoder: its plan table for every
// built-in message (generated/plans.json) takes tens of milliseconds to load, so wire.ts is required only when a
// protobuf body arrives.
import type * as Wire from './wire';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
/**
 * client-go's Accept for a typed client that prefers protobuf (rest.Request.UseProtobufAsDefault, what kubectl's
 * typed clients send): protobuf, else JSON (servers or resources without protobuf).
 */
export const PROTOBUF_ACCEPT = `${PROTOBUF_CONTENT_TYPE},application/json`;

/** client-go's ClientContentConfig: the Accept header and the encoding of request bodies. */
export interface ContentConfig {
  accept: string;
  contentType: string;
}

/**
 * The content config of the typed ClientSet's built-in group-versions, as client-go's setAcceptHeader derives it:
 * AcceptContentTypes when set, else `ContentType, *\/*`. Undefined: plain JSON (neither is set, or only JSON).
 */
export function typedContentConfig(config: {
  contentType?: string;
  acceptContentTypes?: string;
}): ContentConfig | undefined {
  const contentType = config.contentType ?? 'application/json';
  if (!config.acceptContentTypes && !isProtobufContentType(contentType)) return undefined;
  return { accept: config.acceptContentTypes || `${contentType}, */*`, contentType };
}

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
