// meta/v1 (k8s.io/apimachinery/pkg/apis/meta/v1): the object and list metadata, Status, the request options every
// verb takes, watch events and the server-side Table. Types the API's OpenAPI describes come from the generated
// meta/v1 module; the rest (query options, Table, which OpenAPI does not describe) are declared here, once.
export type {
  ListMeta,
  ObjectMeta,
  OwnerReference,
  StatusCause,
  StatusDetails,
} from '../typed/generated/types/apimachinery/pkg/apis/meta/v1';
import type { ListMeta, StatusDetails } from '../typed/generated/types/apimachinery/pkg/apis/meta/v1';

/** Reasons client-go knows (metav1.StatusReason); others pass through as strings. */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'StoreReadError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | 'Unknown'
  | (string & {});

/** metav1.Status as the server sends it (the generated type, with the reason and status narrowed). */
export interface Status {
  kind?: 'Status';
  apiVersion?: string;
  metadata?: ListMeta;
  status?: 'Success' | 'Failure' | (string & {});
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code?: number;
}

/** metav1.ListOptions as query parameters. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  limit?: number;
  continue?: string;
  timeoutSeconds?: number;
}

/** metav1.ListOptions with watch=true. */
export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  /** Ask for an initial ADDED burst plus a bookmark when it is complete (WatchList); needs the feature on the server. */
  sendInitialEvents?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** metav1.WatchEvent decoded: for ERROR the object is a Status; for BOOKMARK only its resourceVersion counts. */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

/** The Accept header that asks for Table output (meta.k8s.io v1, then v1beta1, then plain JSON), as kubectl get does. */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** meta.k8s.io/v1 TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  /** 0 = shown by plain `kubectl get`; higher = only with `-o wide` (always sent: no omitempty in Go). */
  priority: number;
}

/** meta.k8s.io/v1 PartialObjectMetadata's metadata, as rows carry it with includeObject=Metadata. */
export interface PartialObjectMetadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
}

/** meta.k8s.io/v1 TableRow. */
export interface TableRow {
  cells: unknown[];
  object?: { metadata?: PartialObjectMetadata };
}

/** meta.k8s.io/v1 Table: what `kubectl get` prints, as a list response or one watch event's object. */
export interface Table {
  kind?: string;
  apiVersion?: string;
  metadata?: ListMeta;
  columnDefinitions?: TableColumnDefinition[] | null;
  rows?: TableRow[] | null;
}
