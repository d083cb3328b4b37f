import type { DemoManifest } from '../../data/workspace.ts';
import { fmtDate, fmtInt } from '../../shared/format.ts';
import { layerOfFile } from '../../data/fetch/sources.ts';
import type { LayerOrigin } from '../../data/origins.ts';
import type { SourceRow } from '../state/analysis.ts';
import { hostOf } from '../../domain/outside.ts';

/**
 * Where every layer comes from: file, source, vintage, and whether it is fictional. A layer
 * fetched from an official source also shows its address and retrieval date, and can be
 * fetched again ("Mettre à jour"); one from data.gouv.fr names the dataset and the resource read.
 */
export function SourcesPanel({ sources, manifest, network, onRefresh }: {
  sources: SourceRow[];
  manifest: DemoManifest | null;
  /** The road network in use, with its origin when it was fetched. */
  network?: { name: string; origin: LayerOrigin | null } | null;
  onRefresh?: (file: string) => void;
}) {
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
                    {s.source}{s.retrieved_at && !Number.isNaN(Date.parse(s.retrieved_at)) ? ` · récupéré le ${fmtDate(new Date(s.retrieved_at))}` : ''} depuis <span className="url" title={s.url}>{hostOf(s.url) ?? 'adresse illisible'}</span>
                    {onRefresh && layerOfFile(s.file) && (
                      <> <button type="button" className="link" onClick={() => onRefresh(s.file)} aria-label={`Mettre à jour : ${s.format_label}`}>Mettre à jour</button></>
                    )}
                  </div>
                )}
                {(s.origin_dataset || s.origin_resource) && (
                  <dl className="muted source-provenance" data-testid="source-provenance">
                    {s.origin_dataset && <><dt>Jeu de données</dt><dd>{s.origin_dataset}</dd></>}
                    {s.origin_resource && <><dt>Ressource</dt><dd>{s.origin_resource}</dd></>}
                  </dl>
                )}
              </td>
              <td>{s.vintage ?? 'non précisé'}</td>
              <td>{fmtInt(s.rows)}{s.rejected > 0 ? ` (${fmtInt(s.rejected)} rejetées)` : ''}</td>
            </tr>
          ))}
          {network?.origin && (
            <tr data-testid="network-source">
              <td>
                {network.origin.label}
                <div className="muted">{network.name}</div>
                <div className="muted source-origin">
                  {network.origin.via === 'bundle' ? 'lot de territoire (npm run data:fetch)' : 'API Overpass'}
                  {!Number.isNaN(Date.parse(network.origin.retrievedAt)) ? ` · récupéré le ${fmtDate(new Date(network.origin.retrievedAt))}` : ''} · © les contributeurs d'OpenStreetMap (ODbL)
                  {onRefresh && layerOfFile(network.name) && (
                    <> <button type="button" className="link" onClick={() => onRefresh(network.name)} aria-label={`Mettre à jour : ${network.origin.label}`}>Mettre à jour</button></>
                  )}
                </div>
              </td>
              <td>{network.origin.vintage ? `données du ${network.origin.vintage}` : 'inconnu'}</td>
              <td>réseau</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
