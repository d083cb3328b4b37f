import type { DemoManifest } from '../../data/workspace.ts';
import { fmtInt } from '../../shared/format.ts';
import type { SourceRow } from '../state/session.ts';

/** Where every layer comes from: file, source, vintage, and whether it is fictional. */
export function SourcesPanel({ sources, manifest }: { sources: SourceRow[]; manifest: DemoManifest | null }) {
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
