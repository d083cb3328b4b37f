/**
 * The user's workspace, kept in the browser (IndexedDB) so that it survives a reload or a
 * closed tab: the files the user imported (their bytes, in import order, with the column
 * mapping when one was needed), the tables the importers made of them, and named settings.
 * On start the tables are put back into DuckDB as they were saved (Arrow IPC, no parsing), when
 * they were made by the same importers as this build's (`prepared.signature`); otherwise the
 * files are imported again. Either way the DuckDB tables are rebuilt whole, never half-restored.
 * A file is written only after its import succeeded, in one IndexedDB transaction with its
 * tables: a tab closed mid-import leaves the last saved workspace intact.
 * Big files are stored as Blobs (see StoredFile.blob) and replayed as a stream.
 */
import type { ColumnMapping } from './import/mapping.ts';
import type { IpcTables } from './insert.ts';

/** The tables an import made of a file, as Arrow IPC batches, and the importers that made them. */
export interface StoredTables {
  /** IMPORT_SIGNATURE of the build that made them: another build imports the file again. */
  signature: string;
  dataset: string;
  tables: IpcTables;
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
  /** What the import said of the file (shown again in the list of files after a restore). */
  record?: { message: string; rows: number; rejected: number; warnings: string[]; rejectedCsv: string | null };
}

export interface Workspace {
  /** Saved by an older version: whether the demo had been removed (now the setting `workspaceKind`). */
  demoRemoved: boolean;
  files: StoredFile[];
}

const DB_NAME = 'maillage';
const VERSION = 1;

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
      };
      this.db = request(r);
    }
    return this.db;
  }

  async load(): Promise<Workspace> {
    if (!this.available) return { demoRemoved: false, files: [] };
    const db = await this.open();
    const tx = db.transaction(['files', 'settings'], 'readonly');
    const [files, demoRemoved] = await Promise.all([
      request(tx.objectStore('files').getAll() as IDBRequest<StoredFile[]>),
      request(tx.objectStore('settings').get('demoRemoved') as IDBRequest<boolean | undefined>),
    ]);
    return { demoRemoved: demoRemoved === true, files: files.sort((a, b) => a.addedAt.localeCompare(b.addedAt)) };
  }

  async saveFile(file: StoredFile): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction('files', 'readwrite');
    tx.objectStore('files').put(file);
    await done(tx);
  }

  /** Forgets one saved file (a load undone after its copy was written). */
  async deleteFile(name: string): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction('files', 'readwrite');
    tx.objectStore('files').delete(name);
    await done(tx);
  }

  async setting<T>(key: string, value: T): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction('settings', 'readwrite');
    tx.objectStore('settings').put(value, key);
    await done(tx);
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    if (!this.available) return undefined;
    const db = await this.open();
    return request(db.transaction('settings', 'readonly').objectStore('settings').get(key) as IDBRequest<T | undefined>);
  }

  /** Forgets the saved files (the settings stay): a new territory replaces the old one. */
  async clearFiles(): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction('files', 'readwrite');
    tx.objectStore('files').clear();
    await done(tx);
  }

  async clear(): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction(['files', 'settings'], 'readwrite');
    tx.objectStore('files').clear();
    tx.objectStore('settings').clear();
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
  override async deleteFile(): Promise<void> {}
  override async setting(): Promise<void> {}
  override async getSetting<T>(): Promise<T | undefined> {
    return undefined;
  }
  override async clearFiles(): Promise<void> {}
}
