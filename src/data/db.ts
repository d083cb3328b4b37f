/**
 * The only owner of the DuckDB instance. It is created once (an in-flight promise), exposes an
 * explicit load state (loading / ready / failed + message) and is terminated on dispose.
 */
import { openBrowserDuckDB } from './duckdb_browser.ts';
import type { SqlEngine } from './sql_engine.ts';

export type DbState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'failed'; message: string };

type Engine = SqlEngine & { terminate(): Promise<void> };

export class DatabaseOwner {
  private inFlight: Promise<Engine> | null = null;
  private listeners = new Set<(s: DbState) => void>();
  state: DbState = { status: 'idle' };

  constructor(private readonly open: () => Promise<Engine> = openBrowserDuckDB) {}

  subscribe(fn: (s: DbState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The engine, opened on first call; every caller shares the same instance. */
  engine(): Promise<SqlEngine> {
    if (!this.inFlight) {
      this.set({ status: 'loading' });
      this.inFlight = this.open().then(
        (e) => {
          this.set({ status: 'ready' });
          return e;
        },
        (err: unknown) => {
          this.set({ status: 'failed', message: `La base de données n'a pas pu démarrer : ${(err as Error)?.message ?? err}` });
          this.inFlight = null;
          throw err;
        },
      );
    }
    return this.inFlight;
  }

  async dispose(): Promise<void> {
    const e = this.inFlight;
    this.inFlight = null;
    if (e) await (await e).terminate();
    this.set({ status: 'idle' });
  }

  private set(s: DbState): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
}
