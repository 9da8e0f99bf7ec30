// The one place that hides URL user-info (`https://user:password@host`): every URL that is printed or logged goes
// through redactURL, so a password in a kubeconfig `server:` never reaches a log, an error or a tooltip.

// Scheme (optional), then the authority up to its last '@' (Go's url.Parse splits user-info there too).
const USERINFO = /^((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)?([^/?#\s]*)@/;

/**
 * The URL with its user-info removed, or replaced by `replacement` (`config view` shows `REDACTED@host` so the
 * reader sees that there is something hidden). Everything else is kept byte for byte; not a URL: unchanged.
 */
export function redactURL(url: string, replacement = ''): string {
  const m = USERINFO.exec(url);
  if (!m) return url;
  return (m[1] ?? '') + (replacement ? replacement + '@' : '') + url.slice(m[0].length);
}
