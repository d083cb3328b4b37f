import { Component, type ReactNode } from 'react';
import { cleanLabel } from '../domain/outside.ts';

/** What a panel that failed to draw says, in French (the fault's message, cleaned and cut short). */
export function panelFailure(error: unknown): string {
  const message = cleanLabel(error instanceof Error ? error.message : String(error), 300) || 'erreur inconnue';
  return `Ce panneau n'a pas pu s'afficher : ${message}`;
}

interface Props {
  /** The panel's name, shown above the message ("Sources des données"). */
  name: string;
  children: ReactNode;
}

/**
 * Keeps a panel's fault inside the panel: the rest of the dashboard (the header's actions
 * "Réinitialiser" first) stays usable. "Réessayer" draws the panel again.
 */
export class PanelBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error: error ?? new Error('erreur inconnue') };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="panel-error" role="alert" data-testid="panel-error" aria-label={this.props.name}>
        <strong>{this.props.name}</strong>
        <p>{panelFailure(this.state.error)}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>Réessayer</button>
      </section>
    );
  }
}
