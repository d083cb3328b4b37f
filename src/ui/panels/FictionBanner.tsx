export function FictionBanner() {
  return (
    <div className="fiction-banner" role="note">
      <strong>Territoire fictif.</strong> Les communes, habitants, routes et points d'aide affichés sont générés pour la
      démonstration : ce ne sont pas des données réelles.
    </div>
  );
}
