import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { MapController } from './map/map_controller.ts';
import { App } from './ui/App.tsx';
import { Session } from './ui/state/session.ts';
import { asideRequested } from './ui/state/aside.ts';
import './ui/styles.css';
import './ui/layout.css';

const session = new Session(`${import.meta.env.BASE_URL}demo/`, { aside: asideRequested(location.search) });
// Any action that fails without being handled where it started is shown to the user, in French.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  session.notify(event.reason);
});

// The end-to-end tests' hook exists in the e2e build only (vite build --mode e2e): the production
// build drops this branch and the module with it.
let onMapController: ((c: MapController | null) => void) | undefined;
if (import.meta.env.MODE === 'e2e') {
  const { installTestHook } = await import('./ui/test_hook.ts');
  onMapController = installTestHook(session);
}

void session.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} onMapController={onMapController} />
  </StrictMode>,
);
