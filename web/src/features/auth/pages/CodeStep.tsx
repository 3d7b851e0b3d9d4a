import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../api/errors';

/**
 * The sign-in page's second step (docs/security.md item 4): a code from the authenticator app, or a recovery code,
 * and whether to remember this device. Plain elements like the rest of the sign-in page (no antd on first visit).
 */
export function CodeStep({ onDone, onBack }: { onDone: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (code.trim() === '') return setMissing(true);
    setSubmitting(true);
    setError(null);
    try {
      const { session } = await import('../../../api/session');
      // Arrived here by a reload: the session's CSRF token comes with /api/me.
      if (session.get() === undefined) await session.load();
      await session.verifyMfa(code.trim(), remember);
      onDone();
    } catch (err) {
      setError(errorText(err, t));
      setSubmitting(false);
    }
  };

  const back = async () => {
    const { session } = await import('../../../api/session');
    await session.logout();
    session.set(null);
    onBack();
  };

  return (
    <form name="mfa" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="mfa-step">
      <p className="fs-login-step-title">{t('auth.mfa.codeTitle')}</p>
      <p className="fs-login-step-help">{t('auth.mfa.codeHelp')}</p>
      {error && (
        <div className="fs-login-error" role="alert" data-testid="mfa-error">
          {error}
        </div>
      )}
      <div className={missing ? 'fs-login-field fs-login-field-error' : 'fs-login-field'}>
        <label htmlFor="mfa-code">{t('auth.mfa.code')}</label>
        <input
          id="mfa-code"
          name="code"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setMissing(false);
          }}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={24}
          aria-invalid={missing || undefined}
          data-testid="mfa-code"
          autoFocus
        />
        {missing && (
          <div className="fs-login-help" role="alert">
            {t('auth.mfa.codeRequired')}
          </div>
        )}
      </div>
      <label className="fs-login-check">
        <input
          type="checkbox"
          checked={remember}
          onChange={(e) => setRemember(e.target.checked)}
          data-testid="mfa-remember"
        />
        {t('auth.mfa.remember')}
      </label>
      <button
        type="submit"
        className="fs-bare-primary fs-login-submit"
        disabled={submitting}
        aria-busy={submitting}
        data-testid="mfa-submit"
      >
        {t('auth.mfa.verify')}
      </button>
      <button type="button" className="fs-login-link" onClick={() => void back()} data-testid="mfa-back">
        {t('auth.mfa.back')}
      </button>
    </form>
  );
}
