/**
 * The user's workspace, kept in the browser (IndexedDB) so that it survives a reload or a
 * closed tab: the files the user imported (their bytes, in import order, with the column
 * mapping when one was needed), the tables the importers made of them, and named settings.
 * On start the tables are put back into DuckDB as they were saved (Arrow IPC, no parsing), when
 * they were made by the same importers as this build's (`prepared.signature`); otherwise the
 * files are imported again. Either way the DuckDB tables are rebuilt whole, never half-restored.
 * A file is written only after its import succeeded, in one IndexedDB transaction with its
 * tables: a tab closed mid-import leaves the last saved workspace intact.
 * What the next start draws at once (the last analysis's first screen, src/ui/state/first_screen.ts)
 * and which workspace it opens are kept apart, in Cache Storage (see START_CACHE); every write that
 * changes the saved data, or a setting the figures depend on, first deletes the first screen there,
 * so one made before the last change is never read back.
 * Big files (read as a stream) are stored as Blobs (see StoredFile.blob) with the tables they
 * made, batch by batch (`chunks`), written while the stream is read: a reload puts the batches back
 * without parsing the file again; only another build's importers (or a lost batch) replay the Blob.
 */
import type { ColumnMapping } from './import/mapping.ts';
import type { Row } from './import/format.ts';
import type { IpcBatch, IpcTables } from './insert.ts';
import type { TableName } from './schema.ts';

/** The tables an import made of a file, as Arrow IPC batches, and the importers that made them. */
export interface StoredTables {
  /** IMPORT_SIGNATURE of the build that made them: another build imports the file again. */
  signature: string;
  dataset: string;
  tables: IpcTables;
}

/**
 * The tables a big file made, as the batches of its stream, kept in the `chunks` object store under
 * [id, 0…count-1]. The id is new at each import, so a new import of the same file never overwrites
 * the batches the saved record still points to.
 */
export interface StoredChunks {
  id: string;
  count: number;
  /** IMPORT_SIGNATURE of the build that made them: another build replays the Blob. */
  signature: string;
  dataset: string;
  /** Rows known only at the end of the stream (the sources row). */
  finish: Partial<Record<TableName, Row[]>>;
}

export interface StoredFile {
  name: string;
  /** The file's bytes; empty for a big file, kept as `blob` instead. */
  bytes: Uint8Array;
  /**
   * A big file (read as a stream): IndexedDB keeps the Blob itself, written to disk by the
   * browser without the page ever holding it whole; replayed through the same streaming path.
   */
  blob?: Blob;
  kind: 'data' | 'network';
  mapping?: ColumnMapping | null;
  addedAt: string;
  /** Data files: the loaded tables, put back as they are on the next start. */
  prepared?: StoredTables;
  /** Big data files: their tables, batch by batch, put back as they are on the next start. */
  chunks?: StoredChunks;
  /** What the import said of the file (shown again in the list of files after a restore). */
  record?: { message: string; rows: number; rejected: number; warnings: string[]; rejectedCsv: string | null };
}

export interface Workspace {
  /** Saved by an older version: whether the demo had been removed (now the setting `workspaceKind`). */
  demoRemoved: boolean;
  files: StoredFile[];
}

const DB_NAME = 'maillage';
/** 2: the `chunks` store (batches of big files' tables). */
const VERSION = 2;

/**
 * Cache Storage, read as the page opens, before the database has started. Not IndexedDB: a read of
 * IndexedDB in the page's first two seconds made Chromium stop enforcing the site's quota on that
 * page's later IndexedDB writes (measured: a 6 MB file saved past a 3.2 MB quota; e2e
 * workspace.test.ts « storage full »), and the refusal of a file that cannot be saved relies on it.
 */
const START_CACHE = 'maillage-start';
const KIND_KEY = '/maillage-start/workspace-kind';
const FIRST_SCREEN_KEY = '/maillage-start/first-screen';
/** Present once a setting the figures depend on was saved: the demo's first screen (made with the defaults) is then not shown. */
const SETTINGS_KEY = '/maillage-start/settings-changed';
/** Settings no figure of the first screen depends on: saving them keeps it. */
const KEEP_FIRST_SCREEN: ReadonlySet<string> = new Set(['scenarios', 'proposedSites']);

/** What the next start reads at once: the workspace it opens (undefined: never said) and the kept first screen (JSON text). */
export interface StartRecord {
  kind: 'demo' | 'real' | undefined;
  firstScreen: string | null;
  /** Whether a setting the figures depend on was ever saved (until "Réinitialiser"). */
  settingsChanged: boolean;
}

/** Every key of the batches of one import: [id, 0] to [id, +∞). */
const chunkRange = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction annulée'));
  });
}

export class WorkspaceStore {
  private db: Promise<IDBDatabase> | null = null;
  /** The start cache's operations, in the order asked (a forget after a keep lands after it). */
  private startOps: Promise<unknown> = Promise.resolve();

  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  get available(): boolean {
    return this.factory !== undefined;
  }

  private open(): Promise<IDBDatabase> {
    if (!this.factory) return Promise.reject(new Error('IndexedDB indisponible'));
    if (!this.db) {
      const r = this.factory.open(DB_NAME, VERSION);
      r.onupgradeneeded = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('files')) db.createObjectStore('files', { keyPath: 'name' });
        if (!db.objectStoreNames.contains('settings')) db.createObjectStore('settings');
        if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks');
      };
      // Another tab still holds the previous version open: say so rather than wait for ever.
      const blocked = new Promise<never>((_, reject) => {
        r.onblocked = () => reject(new Error("un autre onglet de Maillage utilise encore l'ancienne version de l'espace de travail : fermez-le, puis rechargez cette page"));
      });
      this.db = Promise.race([request(r), blocked]).then((db) => {
        // A newer version opened in another tab: let it upgrade (this tab's next access reopens).
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        return db;
      });
      this.db.catch(() => {
        this.db = null;
      });
    }
    return this.db;
  }

  /** The saved files, oldest first; batches no saved file points to (an import cut short) are deleted. */
  async load(): Promise<Workspace> {
    if (!this.available) return { demoRemoved: false, files: [] };
    const db = await this.open();
    const tx = db.transaction(['files', 'settings', 'chunks'], 'readwrite');
    const [files, demoRemoved, chunkKeys] = await Promise.all([
      request(tx.objectStore('files').getAll() as IDBRequest<StoredFile[]>),
      request(tx.objectStore('settings').get('demoRemoved') as IDBRequest<boolean | undefined>),
      request(tx.objectStore('chunks').getAllKeys()),
    ]);
    const kept = new Set(files.flatMap((f) => (f.chunks ? [f.chunks.id] : [])));
    const orphans = new Set(chunkKeys.map((k) => (k as [string, number])[0]).filter((id) => !kept.has(id)));
    for (const id of orphans) tx.objectStore('chunks').delete(chunkRange(id));
    await done(tx);
    return { demoRemoved: demoRemoved === true, files: files.sort((a, b) => a.addedAt.localeCompare(b.addedAt)) };
  }

  /** Saves a file's record; the batches of the record it replaces, if they are not its own, are deleted with it. */
  async saveFile(file: StoredFile): Promise<void> {
    if (!this.available) return;
    await this.forgetFirstScreen();
    const db = await this.open();
    const tx = db.transaction(['files', 'chunks'], 'readwrite');
    const files = tx.objectStore('files');
    const previous = await request(files.get(file.name) as IDBRequest<StoredFile | undefined>);
    if (previous?.chunks && previous.chunks.id !== file.chunks?.id) tx.objectStore('chunks').delete(chunkRange(previous.chunks.id));
    files.put(file);
    await done(tx);
  }

  /** One batch of a big file's tables, saved before the import commits (see StoredChunks). */
  async saveChunk(id: string, index: number, batch: IpcBatch): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction('chunks', 'readwrite');
    tx.objectStore('chunks').put(batch, [id, index]);
    await done(tx);
  }

  async readChunk(id: string, index: number): Promise<IpcBatch | undefined> {
    if (!this.available) return undefined;
    const db = await this.open();
    return request(db.transaction('chunks', 'readonly').objectStore('chunks').get([id, index]) as IDBRequest<IpcBatch | undefined>);
  }

  /** Deletes the batches of an import that did not end in a saved file (cancelled, failed). */
  async deleteChunks(id: string): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction('chunks', 'readwrite');
    tx.objectStore('chunks').delete(chunkRange(id));
    await done(tx);
  }

  /** Forgets one saved file and its batches (a load undone after its copy was written). */
  async deleteFile(name: string): Promise<void> {
    if (!this.available) return;
    await this.forgetFirstScreen();
    const db = await this.open();
    const tx = db.transaction(['files', 'chunks'], 'readwrite');
    const files = tx.objectStore('files');
    const previous = await request(files.get(name) as IDBRequest<StoredFile | undefined>);
    if (previous?.chunks) tx.objectStore('chunks').delete(chunkRange(previous.chunks.id));
    files.delete(name);
    await done(tx);
  }

  async setting<T>(key: string, value: T): Promise<void> {
    if (!this.available) return;
    if (!KEEP_FIRST_SCREEN.has(key)) await this.forgetFirstScreen({ settingChanged: true });
    if (key === 'workspaceKind' && (value === 'demo' || value === 'real')) await this.markKind(value as 'demo' | 'real');
    const db = await this.open();
    const tx = db.transaction('settings', 'readwrite');
    tx.objectStore('settings').put(value, key);
    await done(tx);
  }

  /**
   * One operation on the start cache, after those asked before. The cache only speeds the start up:
   * where it is missing or fails, nothing is kept and nothing read (the start is as without it).
   */
  private onStartCache<T>(fn: (cache: Cache) => Promise<T>): Promise<T | undefined> {
    const run = this.startOps.then(async () => {
      if (!globalThis.caches) return undefined;
      return fn(await globalThis.caches.open(START_CACHE));
    }).catch(() => undefined);
    this.startOps = run;
    return run;
  }

  /** Keeps the last analysis's first screen (JSON text). The caller checks, just before, that it still describes the saved data. */
  async saveFirstScreen(json: string): Promise<void> {
    await this.onStartCache((c) => c.put(FIRST_SCREEN_KEY, new Response(json, { headers: { 'Content-Type': 'application/json' } })));
  }

  /** Forgets the kept first screen: the saved data (or, `settingChanged`, a setting the figures depend on) is about to change. */
  async forgetFirstScreen(options: { settingChanged?: boolean } = {}): Promise<void> {
    await this.onStartCache(async (c) => {
      await c.delete(FIRST_SCREEN_KEY);
      if (options.settingChanged) await c.put(SETTINGS_KEY, new Response('1'));
    });
  }

  /** Says which workspace the next start opens (also said by the setting `workspaceKind`, which the start reads later). */
  async markKind(kind: 'demo' | 'real'): Promise<void> {
    await this.onStartCache((c) => c.put(KIND_KEY, new Response(kind)));
  }

  /** What the next start draws at once; read without opening IndexedDB (see START_CACHE). */
  async readStart(): Promise<StartRecord> {
    const read = await this.onStartCache(async (c) => {
      const [kind, fs, changed] = await Promise.all([c.match(KIND_KEY).then((r) => r?.text()), c.match(FIRST_SCREEN_KEY).then((r) => r?.text()), c.match(SETTINGS_KEY)]);
      return { kind: kind === 'demo' || kind === 'real' ? kind : undefined, firstScreen: fs ?? null, settingsChanged: changed !== undefined } satisfies StartRecord;
    });
    return read ?? { kind: undefined, firstScreen: null, settingsChanged: false };
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    if (!this.available) return undefined;
    const db = await this.open();
    return request(db.transaction('settings', 'readonly').objectStore('settings').get(key) as IDBRequest<T | undefined>);
  }

  /** Forgets the saved files (the settings stay): a new territory replaces the old one. */
  async clearFiles(): Promise<void> {
    if (!this.available) return;
    await this.forgetFirstScreen();
    const db = await this.open();
    const tx = db.transaction(['files', 'chunks'], 'readwrite');
    tx.objectStore('files').clear();
    tx.objectStore('chunks').clear();
    await done(tx);
  }

  async clear(): Promise<void> {
    if (!this.available) return;
    await this.onStartCache(() => globalThis.caches.delete(START_CACHE));
    const db = await this.open();
    const tx = db.transaction(['files', 'settings', 'chunks'], 'readwrite');
    tx.objectStore('files').clear();
    tx.objectStore('settings').clear();
    tx.objectStore('chunks').clear();
    await done(tx);
  }
}

/**
 * The saved workspace set aside (safe mode, after a start that failed on it): this visit reads
 * nothing from it and writes nothing to it, so it is still there, untouched, for the next visit.
 * Only `clear` ("Réinitialiser") reaches it, and erases it as it says.
 */
export class AsideStore extends WorkspaceStore {
  override async load(): Promise<Workspace> {
    return { demoRemoved: false, files: [] };
  }
  override async saveFile(): Promise<void> {}
  override async saveChunk(): Promise<void> {}
  override async deleteChunks(): Promise<void> {}
  override async deleteFile(): Promise<void> {}
  override async setting(): Promise<void> {}
  override async getSetting<T>(): Promise<T | undefined> {
    return undefined;
  }
  override async saveFirstScreen(): Promise<void> {}
  override async forgetFirstScreen(): Promise<void> {}
  override async markKind(): Promise<void> {}
  override async readStart(): Promise<StartRecord> {
    return { kind: undefined, firstScreen: null, settingsChanged: false };
  }
  override async clearFiles(): Promise<void> {}
}
