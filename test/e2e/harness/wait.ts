// Waiting on state outside the page (files, cluster objects): re-check on a short interval until the
// condition holds, with a deadline that turns a hang into a clear failure.
export async function waitUntil<T>(
  description: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
