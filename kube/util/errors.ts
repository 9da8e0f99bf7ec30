// The text of a thrown value, for logs and messages: an Error's message, anything else stringified.

/** `err.message` for an Error, `String(err)` for anything else thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stack (or, lacking one, the message) of an Error; `String(err)` for anything else thrown. */
export function errorStack(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
