import { useState } from 'react';
import type { SessionState } from '../state/session.ts';
import { territoryName } from '../legend.ts';
import { SLIDE_KINDS, SLIDE_LABELS, planSlides, type SlideKind } from './slides.ts';

interface Props {
  state: SessionState;
  /** The chosen slides in order, and the user's title shown on every slide ('' for none). */
  onStart: (kinds: SlideKind[], title: string) => void;
  onCancel: () => void;
}

/**
 * Before presenting: the user picks the slides, in a fixed order, and may title the presentation.
 * A slide whose key figure does not exist is left out, and the set-up says which and why.
 */
export function PresentSetup({ state, onStart, onCancel }: Props) {
  const plan = planSlides(state);
  const why = new Map(plan.leftOut.map((l) => [l.kind, l.why] as const));
  const [chosen, setChosen] = useState<ReadonlySet<SlideKind>>(() => new Set(plan.kinds));
  const [title, setTitle] = useState('');
  const toggle = (k: SlideKind) => {
    const next = new Set(chosen);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setChosen(next);
  };
  const kinds = plan.kinds.filter((k) => chosen.has(k));
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="present-title" data-testid="present-setup">
        <h2 id="present-title">Présenter</h2>
        <label className="select-label" htmlFor="present-title-input">Titre affiché sur chaque diapositive, avec le nom du territoire ({territoryName(state)})</label>
        <input id="present-title-input" className="export-title" type="text" maxLength={120} value={title} placeholder="Par exemple : Conseil communautaire du 12 mars"
          onChange={(e) => setTitle(e.target.value)} />
        <fieldset>
          <legend>Diapositives à montrer, dans cet ordre</legend>
          {SLIDE_KINDS.map((k, i) => {
            const reason = why.get(k);
            return (
              <label key={k} className="toggle">
                <input type="checkbox" checked={reason === undefined && chosen.has(k)} disabled={reason !== undefined} onChange={() => toggle(k)} autoFocus={i === 0} />
                {SLIDE_LABELS[k]}
              </label>
            );
          })}
        </fieldset>
        {plan.leftOut.length > 0 && (
          <div className="present-left-out" data-testid="slide-left-out">
            <p>{plan.leftOut.length > 1 ? 'Diapositives laissées de côté' : 'Diapositive laissée de côté'}, faute de chiffre à montrer :</p>
            <ul>
              {plan.leftOut.map((l) => (
                <li key={l.kind} data-testid={`slide-unavailable-${l.kind}`}>« {SLIDE_LABELS[l.kind]} » : {l.why}.</li>
              ))}
            </ul>
          </div>
        )}
        <p className="muted">Flèche droite ou Espace : diapositive suivante ; flèche gauche : précédente ; Échap : quitter.</p>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>Annuler</button>
          <button type="button" className="primary" disabled={kinds.length === 0} onClick={() => onStart(kinds, title.trim())}>Commencer la présentation</button>
        </div>
      </div>
    </div>
  );
}
