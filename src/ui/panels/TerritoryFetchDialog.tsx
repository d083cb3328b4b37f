import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SourceStatus } from '../../data/fetch/fetch_territory.ts';
import { INSEE_AGES_FILE, SOURCES, type SourceId } from '../../data/fetch/sources.ts';
import { fmtInt } from '../../shared/format.ts';
import type { TerritoryFetcher } from '../state/territory_fetch.ts';

const statusText = (s: SourceStatus | undefined): string => {
  if (!s) return '';
  if (s.state === 'waiting') return 'en attente';
  if (s.state === 'running') return s.bytes > 0 ? `${s.detail} — ${fmtInt(Math.round(s.bytes / 1024))} ko` : s.detail;
  if (s.state === 'done') return s.detail;
  if (s.state === 'failed') return s.message;
  return 'annulé';
};

/**
 * "Charger mon territoire": a département or EPCI, then every layer from the official sources,
 * with progress per source and a cancel button. Says what is sent before anything is.
 */
export function TerritoryFetchDialog({ fetcher, onClose, initialCode = '' }: { fetcher: TerritoryFetcher; onClose: () => void; initialCode?: string }) {
  const state = useSyncExternalStore(fetcher.subscribe, fetcher.getSnapshot);
  const [code, setCode] = useState(initialCode);
  const [mirror, setMirror] = useState(() => fetcher.mirror);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const failedIds = state.done?.failures.map((f) => f.sourceId) ?? [];
  const close = () => {
    if (state.running) return;
    fetcher.reset();
    onClose();
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal territory-fetch" role="dialog" aria-modal="true" aria-labelledby="fetch-title" data-testid="territory-fetch-dialog">
        <h2 id="fetch-title">Charger mon territoire</h2>
        <p>
          Maillage télécharge les couches de votre territoire depuis les sources publiques officielles, puis les lit avec les mêmes
          importeurs qu'un fichier déposé. Le territoire de démonstration est alors retiré.
        </p>
        <p className="muted">
          Couches : communes (contours, mairie, population, EPCI), France Services, lieux de médiation numérique, internet fixe
          (locaux à 30 Mbit/s ou plus, locaux raccordables à la fibre), sites mobiles et couverture 4G par commune (ARCEP),
          population par âge (INSEE, API Melodi), réseau routier (OpenStreetMap). Chaque couche indique le jeu de données et la
          ressource lus, et son millésime.
        </p>
        <p className="muted" data-testid="fetch-manual">
          Si la population par âge ne peut pas être récupérée, déposez <code>{INSEE_AGES_FILE.name}</code>, extrait de{' '}
          <a href={INSEE_AGES_FILE.zip}>{INSEE_AGES_FILE.zip}</a> (INSEE, « Évolution et structure de la population », fichier
          communal) : Maillage lit le fichier national entier (environ 35 000 communes, la lecture prend un moment) et n'utilise que les communes chargées. La population carroyée (Filosofi) n'est pas servie par
          territoire par une API ouverte : déposez le fichier de l'INSEE à la main si vous en avez besoin.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void fetcher.run(code, mirror);
          }}
        >
          <label htmlFor="fetch-code" className="mapping-row">
            <span>Département (ex. 58) ou SIREN d'EPCI</span>
            <input id="fetch-code" ref={first} value={code} onChange={(e) => setCode(e.target.value)} disabled={state.running} autoComplete="off" required />
          </label>
          <details>
            <summary>Options avancées</summary>
            <label htmlFor="fetch-mirror" className="mapping-row">
              <span>Miroir des services (laisser vide pour les adresses officielles)</span>
              <input id="fetch-mirror" value={mirror} onChange={(e) => setMirror(e.target.value)} disabled={state.running} placeholder="http://127.0.0.1:8080" aria-describedby="fetch-mirror-hint" />
            </label>
            <p className="muted" id="fetch-mirror-hint" data-testid="fetch-mirror-hint">
              Le miroir doit tourner sur cet ordinateur (http://127.0.0.1:… ou http://localhost:…) : la politique de sécurité de
              l'application bloque toute autre adresse. Pour un miroir ailleurs sur le réseau, utilisez <code>npm run data:fetch -- --miroir</code>{' '}
              et déposez le lot obtenu.
            </p>
          </details>
          <p className="privacy" data-testid="fetch-privacy">
            <strong>Confidentialité :</strong> seul le code du territoire (puis son rectangle géographique) est envoyé à ces services :
            geo.api.gouv.fr, data.gouv.fr (API et API tabulaire), l'API Melodi de l'INSEE et l'API Overpass d'OpenStreetMap. Aucune donnée de votre espace de
            travail (fichiers, scénarios, réglages) n'est jamais envoyée. Rien n'est demandé avant que vous cliquiez sur « Charger ».
          </p>
          {state.error && <p className="error" role="alert">{state.error}</p>}
          <div className="modal-actions">
            {state.running ? (
              <button type="button" onClick={() => fetcher.cancel()}>Annuler</button>
            ) : (
              <>
                <button type="button" onClick={close}>Fermer</button>
                <button type="submit" className="primary">Charger</button>
              </>
            )}
          </div>
        </form>
        {(state.request || state.running) && (
          <table className="fetch-progress" aria-live="polite" data-testid="fetch-progress">
            <caption>
              {state.territoryName ? `${state.territoryName} — ` : ''}
              {state.request ? (state.request.kind === 'departement' ? `département ${state.request.code}` : `EPCI ${state.request.code}`) : ''}
            </caption>
            <thead>
              <tr><th scope="col">Couche</th><th scope="col">Source</th><th scope="col">État</th></tr>
            </thead>
            <tbody>
              {SOURCES.filter((s) => state.statuses[s.id]).map((s) => {
                const st = state.statuses[s.id];
                return (
                  <tr key={s.id} data-source={s.id} data-state={st?.state}>
                    <th scope="row">{s.label}</th>
                    <td className="muted">{s.publisher}</td>
                    <td className={st?.state === 'failed' ? 'error' : undefined}>
                      {st?.state === 'running' && <progress aria-label={`Progression : ${s.label}`} />} {statusText(st)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {state.done && (
          <div role="status" data-testid="fetch-summary">
            {state.done.cancelled ? (
              <p>Téléchargement annulé : rien n'a été chargé, votre espace de travail est inchangé.</p>
            ) : (
              <p>
                {state.done.loaded.length} couche(s) chargée(s).
                {failedIds.length > 0 && ` ${failedIds.length} source(s) en échec : vous pouvez réessayer plus tard ou déposer le fichier à la main.`}
              </p>
            )}
            {failedIds.length > 0 && !state.done.cancelled && state.request && (
              <button type="button" onClick={() => void fetcher.run(code, mirror, failedIds as SourceId[])}>Réessayer les sources en échec</button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
