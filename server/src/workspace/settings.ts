// Where the language server gets its settings from. What the settings are (names, types, defaults, the reader that
// falls back to the default on anything malformed) is the protocol's: protocol/settings.ts.
import type { ServerSettings } from '../../../protocol/settings';

export function sameSettings(a: ServerSettings, b: ServerSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The requests a settings source needs from the connection (an interface, so it is testable without one). */
export interface ConfigurationClient {
  /** workspace/configuration for one section. */
  pull(section: string): Promise<unknown>;
}

/** How long a client that did not advertise `workspace.configuration` gets to answer the one probe. */
export const CONFIGURATION_PROBE_MS = 1500;

/**
 * Where the `kubesense` settings come from, as the LSP intends: pulled with `workspace/configuration` after
 * `initialized` and again on every `workspace/didChangeConfiguration` (whose payload may be empty, as VS Code's and
 * Neovim's are), else what the client pushes, else `initializationOptions`. Some clients answer
 * `workspace/configuration` without advertising it (Neovim 0.7, Debian's, with `settings = {…}`): they are asked once,
 * briefly; a client that rejects the request or stays silent is not asked again.
 */
export class SettingsSource {
  /** true: the client answers pulls; false: it does not; undefined: not advertised, not probed yet. */
  private pulls: boolean | undefined;
  private lastPushed: unknown;

  constructor(
    private readonly client: ConfigurationClient,
    advertised: boolean,
    private readonly initializationOptions: unknown,
    private readonly warn: (message: string) => void,
    private readonly probeMs = CONFIGURATION_PROBE_MS,
  ) {
    this.pulls = advertised ? true : undefined;
  }

  /** The client answers workspace/configuration (as far as is known yet). */
  get pullsConfiguration(): boolean {
    return this.pulls === true;
  }

  /** The raw `kubesense` settings now; `pushed` is a didChangeConfiguration payload (undefined after initialized). */
  async read(pushed?: unknown): Promise<unknown> {
    if (isNonEmpty(pushed)) this.lastPushed = pushed;
    const fallback = this.lastPushed ?? this.initializationOptions;
    if (this.pulls === false) return fallback;
    try {
      const pulled = this.pulls ? await this.client.pull('kubesense') : await this.probe();
      this.pulls = true;
      return isNonEmpty(pulled) ? pulled : fallback;
    } catch (err) {
      if (this.pulls) this.warn(`workspace/configuration failed, using pushed settings: ${String(err)}`);
      else this.pulls = false;
      return fallback;
    }
  }

  private probe(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer')), this.probeMs);
      this.client.pull('kubesense').then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}

function isNonEmpty(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v).length === 0);
}
