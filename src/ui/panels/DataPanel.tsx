import { useRef } from 'react';
import type { Session, SessionState } from '../state/session.ts';
import type { ImportProgress } from '../state/workspace.ts';
import { BIG_FILE_HEAD, isStreamable, type FileToLoad } from '../../data/workspace.ts';
import { TerritoryPanel } from './TerritoryPanel.tsx';
import { StorageLine } from './StorageLine.tsx';

/**
 * The files the user chose, ready for the session. A big CSV is not read here: only its first
 * bytes (to recognise it), the rest is read as a stream during the import.
 */
export async function filesToLoad(list: FileList | File[]): Promise<FileToLoad[]> {
  return Promise.all(
    Array.from(list, async (f) =>
      isStreamable(f.name, f.size)
        ? { name: f.name, bytes: new Uint8Array(await f.slice(0, BIG_FILE_HEAD).arrayBuffer()), blob: f }
        : { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) },
    ),
  );
}

const mb = (bytes: number) => `${(bytes / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Mo`;

/** Progress of a big file read as a stream, with the button that cancels it. */
function ImportProgressBar({ progress, onCancel }: { progress: ImportProgress; onCancel: () => void }) {
  const { file, bytesRead, size, rows } = progress;
  return (
    <div className="import-progress" data-testid="import-progress">
      <label htmlFor="import-progress-bar">
        Lecture de « {file} » : {mb(bytesRead)} sur {mb(size)}, {rows.toLocaleString('fr-FR')} ligne(s) chargée(s)
      </label>
      <progress id="import-progress-bar" max={size} value={bytesRead} />
      <button type="button" onClick={onCancel}>
        Annuler
      </button>
    </div>
  );
}

/** Import of the user's own files (official formats are recognised), and what happened to each. */
export function DataPanel({ state, session }: { state: SessionState; session: Session }) {
  const ws = state.workspace;
  const merges = state.analysis.merges;
  const input = useRef<HTMLInputElement>(null);
  const download = (name: string, csv: string) => {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `lignes-rejetees-${name.replace(/\.[^.]+$/, '')}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <fieldset className="data-panel" data-testid="data-panel">
      <legend>Mes fichiers</legend>
      <button type="button" onClick={() => input.current?.click()} disabled={ws.importing}>
        Importer des fichiers…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".csv,.txt,.json,.geojson,.pbf"
        data-testid="data-input"
        onChange={async (e) => {
          if (e.target.files?.length) await session.workspace.importFiles(await filesToLoad(e.target.files));
          e.target.value = '';
        }}
      />
      <p className="muted">
        Listes France Services (ANCT), lieux de médiation, conseillers numériques, bibliothèques, fichiers INSEE et ARCEP,
        contours IGN, réseau OpenStreetMap… Vous pouvez aussi déposer les fichiers sur la carte. Rien ne quitte votre navigateur.
      </p>
      <StorageLine storage={ws.storage} />
      {ws.importing && <p role="status">Import en cours…</p>}
      {ws.importProgress && <ImportProgressBar progress={ws.importProgress} onCancel={() => session.workspace.cancelImport()} />}
      {ws.storeError && <p className="error" role="alert">{ws.storeError}</p>}
      <div className="data-actions">
        {ws.kind === 'demo' && (
          <button type="button" onClick={() => void session.workspace.replaceDemo().catch((e) => session.notify(e))} disabled={ws.importing}>
            Retirer le territoire de démonstration
          </button>
        )}
      </div>
      <TerritoryPanel state={state} session={session} />
      {merges.length > 0 && (
        <details className="merges" data-testid="merges">
          <summary>{merges.length} lieu(x) présent(s) dans deux fichiers (fusionnés dans le décompte des lieux distincts)</summary>
          <ul>
            {merges.map((m) => (
              <li key={`${m.kept}|${m.merged}`}>« {m.merged} » = « {m.kept} » ({Math.round(m.distanceM)} m)</li>
            ))}
          </ul>
        </details>
      )}
      <ul className="imports" aria-label="Fichiers importés" data-testid="imports">
        {ws.imports.map((r, i) => (
          <li key={`${r.file}-${i}`} className={r.ok ? 'ok' : 'error'} role={r.ok ? undefined : 'alert'}>
            <strong>{r.file}</strong> — {r.message}
            {r.warnings.map((w) => <div key={w} className="muted">{w}</div>)}
            {r.rejectedCsv && (
              <button type="button" className="link" onClick={() => download(r.file, r.rejectedCsv!)}>
                Télécharger les {r.rejected} ligne(s) rejetée(s) avec leur motif
              </button>
            )}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
