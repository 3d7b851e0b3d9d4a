/**
 * The session routes' methods and paths, and nothing else: the web's session code (loaded by the sign-in page and
 * by the phone's report form on a first visit) reads them through `@fivestar/common/auth/addresses` without loading
 * the schema library. The contract builds those routes on these, so there is one source for each address.
 */
export const authSessionAddresses = {
  login: { method: 'POST', path: '/api/auth/login' },
  logout: { method: 'POST', path: '/api/auth/logout' },
  me: { method: 'GET', path: '/api/me' },
  mfaVerify: { method: 'POST', path: '/api/auth/mfa/verify' },
} as const;
