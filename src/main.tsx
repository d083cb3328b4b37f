import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { Session } from './ui/state/session.ts';
import { installTestHook } from './ui/test_hook.ts';
import './ui/styles.css';

const session = new Session(`${import.meta.env.BASE_URL}demo/`);
installTestHook(session);
// Any action that fails without being handled where it started is shown to the user, in French.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  session.notify(event.reason);
});
void session.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
