import { useState } from 'react';
import { territoryTitle, type Session, type SessionState } from '../state/session.ts';
import { screenOf } from '../state/first_screen.ts';

/**
 * The territory's name in the header, from the data (the département or EPCI, from the COG) or
 * as the user renamed it; that name is the title of exports and slides.
 */
export function TerritoryTitle({ state, session }: { state: SessionState; session: Session }) {
  const [editing, setEditing] = useState<string | null>(null);
  // While the dashboard starts, the first screen's title until the data says it.
  const title = territoryTitle(state) ?? screenOf(state).preview?.title ?? null;
  const real = state.workspace.kind === 'real';
  if (editing !== null) {
    const done = (save: boolean) => {
      if (save) void session.workspace.rename(editing);
      setEditing(null);
    };
    return (
      <form className="territory territory-edit" onSubmit={(e) => { e.preventDefault(); done(true); }}>
        <label>
          <span className="sr-only">Nom du territoire</span>
          <input type="text" value={editing} maxLength={120} autoFocus onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && done(false)} placeholder={state.analysis.dataName ?? 'Nom du territoire'} />
        </label>
        <button type="submit">Enregistrer</button>
        <button type="button" onClick={() => done(false)}>Annuler</button>
      </form>
    );
  }
  return (
    <div className="territory">
      <span data-testid="territory-name">{title ?? (state.phase === 'ready' && state.analysis.status !== 'computing' ? 'Aucun territoire chargé' : 'Chargement…')}</span>
      {real && title && (
        <button type="button" className="link" onClick={() => setEditing(state.workspace.customName ?? title)} aria-label="Renommer le territoire">Renommer</button>
      )}
    </div>
  );
}
