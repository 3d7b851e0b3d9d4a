import { useEffect, useState, useSyncExternalStore } from 'react';
import type { authContract, Me } from '@fivestar/common';
import { authSessionAddresses } from '@fivestar/common/auth/addresses';
import { ApiError, call, setCsrfToken } from './client';

/**
 * The contract's session routes by method and path only (the types are the contract's): importing the contract
 * would bring its schemas, and the schema library, into the sign-in page and the phone's report form.
 */
const authRoutes = authSessionAddresses as unknown as Pick<
  (typeof authContract)['routes'],
  'login' | 'logout' | 'me' | 'mfaVerify'
>;

/** The signed-in user: undefined until /api/me has answered, null when signed out. */
export type SessionUser = Me['user'];
let current: SessionUser | null | undefined = undefined;
/** True while `current` is the last known user, taken from this device because the server could not be reached. */
let stale = false;
const listeners = new Set<() => void>();

/**
 * The last signed-in user on this device (name, unit, permissions; no token), so that with no network the app
 * still opens for them, the report form first: what they write waits in the outbox until the server answers.
 * Forgotten on sign-out and on any 401.
 */
const LAST_KEY = 'fivestar.lastSession';
function remember(user: SessionUser | null): void {
  try {
    if (user) localStorage.setItem(LAST_KEY, JSON.stringify(user));
    else localStorage.removeItem(LAST_KEY);
  } catch {
    // private mode: nothing is kept
  }
}
function lastKnown(): SessionUser | null {
  try {
    const raw = localStorage.getItem(LAST_KEY);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

function emit(): void {
  for (const l of listeners) l();
}

export const session = {
  get: (): SessionUser | null | undefined => current,
  set(me: Me | null): void {
    current = me ? me.user : null;
    stale = false;
    setCsrfToken(me ? me.csrfToken : null);
    remember(current);
    emit();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /**
   * Loads /api/me; resolves to null when not signed in. With no network, resolves to the last known user of this
   * device (marked stale, reloaded as soon as the network is back); rejects on other failures (5xx, or no network
   * and nobody known).
   */
  async load(): Promise<SessionUser | null> {
    try {
      session.set(await call(authRoutes.me));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        session.set(null);
      } else {
        const known = err instanceof ApiError && err.status === 0 ? lastKnown() : null;
        if (!known) throw err;
        current = known;
        stale = true;
        setCsrfToken(null);
        emit();
        if (typeof window !== 'undefined')
          window.addEventListener('online', () => void session.fresh(), { once: true });
      }
    }
    return current ?? null;
  },
  /** True when the user shown is the last known one (no network at start-up) rather than the server's answer. */
  isStale: (): boolean => stale,
  /** Before a write after an offline start: asks the server again for the session (and its CSRF token). */
  async fresh(): Promise<void> {
    if (stale) await session.load().catch(() => undefined);
  },
  async login(username: string, password: string): Promise<SessionUser> {
    const me = await call(authRoutes.login, { body: { username, password } });
    session.set(me);
    return me.user;
  },
  /** The second sign-in step: a code from the authenticator app or a recovery code. */
  async verifyMfa(code: string, remember: boolean): Promise<SessionUser> {
    const me = await call(authRoutes.mfaVerify, { body: { code, remember } });
    session.set(me);
    return me.user;
  },
  /** Ends the server session (errors ignored: the user is leaving either way). Call `set(null)` afterwards. */
  async logout(): Promise<void> {
    await call(authRoutes.logout).catch(() => undefined);
  },
};

export function useSessionUser(): SessionUser | null | undefined {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

/**
 * Loads /api/me once, while nobody is known yet (a guard's first render): the failure, if the server could not be
 * asked (and no user of this device is known), and a way to ask again.
 */
export function useSessionLoad(): { failure: unknown; retry: () => void } {
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (session.get() !== undefined) return;
    session.load().catch((err: unknown) => setFailure(err));
  }, [attempt]);
  return {
    failure,
    retry: () => {
      setFailure(null);
      setAttempt((n) => n + 1);
    },
  };
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
