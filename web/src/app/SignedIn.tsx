import { useEffect } from 'react';
import { ScrollRestoration } from 'react-router';
import { setUnauthenticatedHandler } from '../api/client';
import { session } from '../api/session';
import { AppShell } from './AppShell';
import { RequireAuth } from './guards';
import { registerServiceWorker } from './serviceWorker';

/** The signed-in app: the session guard around the shell; each new page opens at its top. */
export function SignedIn() {
  useEffect(() => {
    // A 401 on any request (session idle > 30 min, or signed out elsewhere): forget the user;
    // RequireAuth then sends them to sign-in and back here afterwards.
    setUnauthenticatedHandler(() => session.set(null));
    // Precaches the app for offline use once someone has signed in (the sign-in page's first visit stays small).
    registerServiceWorker();
  }, []);
  return (
    <>
      {/* A tap on a home tile or a menu entry opens the page at its top; back and forward restore the position. */}
      <ScrollRestoration />
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    </>
  );
}
