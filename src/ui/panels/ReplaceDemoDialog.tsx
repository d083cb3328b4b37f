/**
 * "Remplacer le territoire de démonstration ?": asked before the user's first own data goes in.
 * The demo and a real territory never mix: replacing it removes every fictional commune, road,
 * site, zone and scenario.
 */
export function ReplaceDemoDialog({ what, onAnswer }: { what: string; onAnswer: (yes: boolean) => void }) {
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onAnswer(false)}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="replace-title" aria-describedby="replace-text" data-testid="replace-demo">
        <h2 id="replace-title">Remplacer le territoire de démonstration ?</h2>
        <p id="replace-text">
          Le tableau de bord montre un territoire <strong>fictif</strong>. Pour charger {what}, il est retiré entièrement :
          communes, routes, lieux, zones et scénarios de démonstration. Vos données ne sont jamais mélangées avec lui.
        </p>
        <div className="modal-actions">
          <button type="button" onClick={() => onAnswer(false)}>Annuler</button>
          <button type="button" className="primary" onClick={() => onAnswer(true)} autoFocus>Remplacer</button>
        </div>
      </div>
    </div>
  );
}
