import { storageLine, type StorageStatus } from '../../domain/storage.ts';

/** The room this site uses and has left in the browser's storage, and whether it is kept (persistent). */
export function StorageLine({ storage }: { storage: StorageStatus | null }) {
  if (!storage) return null;
  return (
    <p className="muted" data-testid="storage-line">
      {storageLine(storage)}
    </p>
  );
}
