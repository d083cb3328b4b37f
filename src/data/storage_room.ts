/**
 * The browser's storage manager (`navigator.storage`) behind a small interface: the room left
 * for this site, whether its storage is persistent, and the request to make it so. Where the
 * browser has no storage manager (or a call fails), the answers are null and the caller goes on.
 */
import { checkEstimate, type StorageEstimate } from '../domain/storage.ts';

export interface StorageRoom {
  /** Quota and usage for this site; null where the browser does not say. */
  estimate(): Promise<StorageEstimate | null>;
  /** Whether the site's storage is persistent; null where unknown. */
  persisted(): Promise<boolean | null>;
  /** Asks the browser to make the storage persistent (it may grant it silently, ask, or refuse). */
  persist(): Promise<boolean | null>;
}

type Manager = Partial<Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>>;

const orNull = async <T,>(call: (() => Promise<T>) | undefined): Promise<T | null> => {
  if (!call) return null;
  try {
    return await call();
  } catch {
    return null;
  }
};

/** The storage manager of this page (or the one given, for tests). */
export function browserStorage(manager: Manager | undefined = globalThis.navigator?.storage): StorageRoom {
  const bind = <K extends keyof Manager>(k: K) => (manager?.[k] ? (manager[k] as () => Promise<never>).bind(manager) : undefined);
  const estimate = bind('estimate');
  const persisted = bind('persisted');
  const persist = bind('persist');
  return {
    estimate: async () => checkEstimate(await orNull<StorageEstimate>(estimate)),
    persisted: () => orNull<boolean>(persisted),
    persist: () => orNull<boolean>(persist),
  };
}

/** No storage manager: nothing is checked, nothing asked (safe mode, where nothing is saved). */
export const NO_STORAGE: StorageRoom = {
  estimate: async () => null,
  persisted: async () => null,
  persist: async () => null,
};
