import { fmtInt } from '../../shared/format.ts';
import { analysisIsCurrent, type SessionState } from '../state/session.ts';
import { GROUP_LABELS } from './AccessPanel.tsx';

/** Visible notice about a shared link: invalid, or made with data that is not loaded here. */
export function LinkNotice({ messages, onDismiss }: { messages: string[]; onDismiss: () => void }) {
  if (messages.length === 0) return null;
  const invalid = messages.length === 1 && messages[0].startsWith('Lien de partage invalide');
  return (
    <div className="link-notice" role="alert" data-testid="link-notice">
      <div>
        {invalid ? (
          <p style={{ margin: 0 }}>{messages[0]}</p>
        ) : (
          <>
            <strong>Ce lien a été créé avec des données qui ne sont pas chargées ici :</strong>
            <ul>{messages.map((m) => <li key={m}>{m}</li>)}</ul>
          </>
        )}
      </div>
      <button type="button" onClick={onDismiss}>Fermer</button>
    </div>
  );
}

/** Screen readers hear the headline figure when it changes (visually hidden, polite). */
export function LiveFigures({ state }: { state: SessionState }) {
  const a = analysisIsCurrent(state) ? state.analysis.access : null;
  const text = a && state.phase === 'ready'
    ? `${fmtInt(a.pop_beyond)} habitants à plus de ${a.threshold} min ${GROUP_LABELS[a.group].phrase}.`
    : '';
  return <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-figures">{text}</div>;
}
