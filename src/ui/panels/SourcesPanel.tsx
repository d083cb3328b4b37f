import type { DemoManifest } from '../../data/workspace.ts';
import { fmtDate, fmtInt } from '../../shared/format.ts';
import { layerOfFile } from '../../data/fetch/sources.ts';
import type { SourceRow } from '../state/session.ts';

/**
 * Where every layer comes from: file, source, vintage, and whether it is fictional. A layer
 * fetched from an official source also shows its address and retrieval date, and can be
 * fetched again ("Mettre à jour").
 */
export function SourcesPanel({ sources, manifest, onRefresh }: { sources: SourceRow[]; manifest: DemoManifest | null; onRefresh?: (file: string) => void }) {
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources des données</h2>
      {manifest?.fictional && (
        <p className="muted">
          Toutes les données affichées sont <strong>fictives</strong> (territoire de démonstration généré, graine {manifest.seed}).
          Chaque fichier reprend le format de la source officielle qu'il imite.
        </p>
      )}
      <table className="sources-table">
        <thead>
          <tr><th scope="col">Couche</th><th scope="col">Millésime</th><th scope="col">Lignes</th></tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.file}>
              <td>
                {s.format_label}
                <div className="muted">{s.file}{s.fictional ? ' · fictif' : ''}</div>
                {s.url && (
                  <div className="muted source-origin">
                    {s.source}{s.retrieved_at && !Number.isNaN(Date.parse(s.retrieved_at)) ? ` · récupéré le ${fmtDate(new Date(s.retrieved_at))}` : ''} depuis <span className="url" title={s.url}>{new URL(s.url, 'http://x').host}</span>
                    {onRefresh && layerOfFile(s.file) && (
                      <> <button type="button" className="link" onClick={() => onRefresh(s.file)} aria-label={`Mettre à jour : ${s.format_label}`}>Mettre à jour</button></>
                    )}
                  </div>
                )}
              </td>
              <td>{s.vintage ?? 'inconnu'}</td>
              <td>{fmtInt(s.rows)}{s.rejected > 0 ? ` (${fmtInt(s.rejected)} rejetées)` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
