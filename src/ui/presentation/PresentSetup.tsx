import { useState } from 'react';
import type { SessionState } from '../state/session.ts';
import { SLIDE_KINDS, SLIDE_LABELS, slideUnavailable, type SlideKind } from './slides.ts';

interface Props {
  state: SessionState;
  onStart: (kinds: SlideKind[]) => void;
  onCancel: () => void;
}

/** Before presenting: the user picks the slides, in a fixed order; a slide with nothing true to show is left out, and why is said. */
export function PresentSetup({ state, onStart, onCancel }: Props) {
  const unavailable = new Map(SLIDE_KINDS.map((k) => [k, slideUnavailable(k, state)] as const));
  const [chosen, setChosen] = useState<ReadonlySet<SlideKind>>(() => new Set(SLIDE_KINDS.filter((k) => unavailable.get(k) === null)));
  const toggle = (k: SlideKind) => {
    const next = new Set(chosen);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setChosen(next);
  };
  const kinds = SLIDE_KINDS.filter((k) => chosen.has(k) && unavailable.get(k) === null);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="present-title" data-testid="present-setup">
        <h2 id="present-title">Présenter</h2>
        <fieldset>
          <legend>Diapositives à montrer, dans cet ordre</legend>
          {SLIDE_KINDS.map((k, i) => {
            const why = unavailable.get(k);
            return (
              <label key={k} className="toggle">
                <input type="checkbox" checked={why === null && chosen.has(k)} disabled={why !== null} onChange={() => toggle(k)} autoFocus={i === 0} />
                {SLIDE_LABELS[k]}
                {why && <span className="muted" data-testid={`slide-unavailable-${k}`}> — non disponible : {why}</span>}
              </label>
            );
          })}
        </fieldset>
        <p className="muted">Flèche droite ou Espace : diapositive suivante ; flèche gauche : précédente ; Échap : quitter.</p>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>Annuler</button>
          <button type="button" className="primary" disabled={kinds.length === 0} onClick={() => onStart(kinds)}>Commencer la présentation</button>
        </div>
      </div>
    </div>
  );
}
