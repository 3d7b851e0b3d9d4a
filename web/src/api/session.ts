import { useSyncExternalStore } from 'react';
import { authContract, type Me } from '@fivestar/common';
import { ApiError, call, setCsrfToken } from './client';

/** The signed-in user: undefined until /api/me has answered, null when signed out. */
type SessionUser = Me['user'];
let current: SessionUser | null | undefined = undefined;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export const session = {
  get: (): SessionUser | null | undefined => current,
  set(me: Me | null): void {
    current = me ? me.user : null;
    setCsrfToken(me ? me.csrfToken : null);
    emit();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Loads /api/me; resolves to null when not signed in, rejects on other failures (network, 5xx). */
  async load(): Promise<SessionUser | null> {
    try {
      session.set(await call(authContract.routes.me));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      session.set(null);
    }
    return current ?? null;
  },
  async login(username: string, password: string): Promise<SessionUser> {
    const me = await call(authContract.routes.login, { body: { username, password } });
    session.set(me);
    return me.user;
  },
  /** Ends the server session (errors ignored: the user is leaving either way). Call `set(null)` afterwards. */
  async logout(): Promise<void> {
    await call(authContract.routes.logout).catch(() => undefined);
  },
};

export function useSessionUser(): SessionUser | null | undefined {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

/** The signed-in user inside the guarded app (the guard renders nothing until it is known). */
export function useMe(): SessionUser {
  const user = useSessionUser();
  if (!user) throw new Error('useMe() outside the authenticated app');
  return user;
}

export function useCan(): (permission: string) => boolean {
  const user = useSessionUser();
  return (permission) => !!user && user.permissions.includes(permission);
}
