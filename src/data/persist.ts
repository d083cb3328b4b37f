/**
 * The user's workspace, kept in the browser (IndexedDB) so that it survives a reload or a
 * closed tab: the files the user imported (their bytes, in import order, with the column
 * mapping when one was needed), whether the demo territory was removed, and named settings.
 * On start the files are imported again, through the same importers: the DuckDB tables are
 * rebuilt from them, never half-restored. A file is written only after its import succeeded,
 * in one IndexedDB transaction: a tab closed mid-import leaves the last saved workspace intact.
 * Big files are stored as Blobs (see StoredFile.blob).
 */
import type { ColumnMapping } from './import/mapping.ts';

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
}

export interface Workspace {
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

  async clear(): Promise<void> {
    if (!this.available) return;
    const db = await this.open();
    const tx = db.transaction(['files', 'settings'], 'readwrite');
    tx.objectStore('files').clear();
    tx.objectStore('settings').clear();
    await done(tx);
  }
}
