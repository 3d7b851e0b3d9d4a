import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../../api/errors';
import { BareLanguageSwitch } from '../../../app/bare';
import { BrandMark } from '../../../components/BrandMark';
import { CodeStep } from './CodeStep';
import './login.css';

/** Only same-site paths are accepted as the post-login destination. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/**
 * The sign-in page: the first page of every visit, so it is drawn with plain elements in antd's look (login.css)
 * and loads neither antd nor the API contracts; the session code (with its schemas) arrives when the form is sent.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The second step (docs/security.md item 4): after a right password, or when the guard sends a pending session back.
  const [step, setStep] = useState<'password' | 'code'>(params.get('mfa') === 'verify' ? 'code' : 'password');
  const next = safeNext(params.get('next'));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const blank = { username: username.trim() === '', password: password === '' };
    setMissing(blank);
    if (blank.username || blank.password) return;
    setSubmitting(true);
    setError(null);
    try {
      const { session } = await import('../../../api/session');
      const user = await session.login(username.trim(), password);
      if (user.mfa === 'verify') {
        setPassword('');
        setStep('code');
        setSubmitting(false);
      } else if (user.mfa === 'enrol') {
        navigate(`/mfa/enrol?next=${encodeURIComponent(next)}`, { replace: true });
      } else {
        navigate(next, { replace: true });
      }
    } catch (err) {
      setError(errorText(err, t));
      setSubmitting(false);
    }
  };

  const field = (
    name: 'username' | 'password',
    value: string,
    set: (v: string) => void,
    props: React.InputHTMLAttributes<HTMLInputElement>,
  ) => (
    <div className={missing[name] ? 'fs-login-field fs-login-field-error' : 'fs-login-field'}>
      <label htmlFor={`login-${name}`}>{t(`auth.${name}`)}</label>
      <input
        id={`login-${name}`}
        name={name}
        value={value}
        onChange={(e) => {
          set(e.target.value);
          if (missing[name]) setMissing((m) => ({ ...m, [name]: false }));
        }}
        aria-invalid={missing[name] || undefined}
        aria-describedby={missing[name] ? `login-${name}-help` : undefined}
        data-testid={`login-${name}`}
        {...props}
      />
      {missing[name] && (
        <div id={`login-${name}-help`} className="fs-login-help" role="alert">
          {t(name === 'username' ? 'auth.usernameRequired' : 'auth.passwordRequired')}
        </div>
      )}
    </div>
  );

  return (
    <div className="fs-login fs-bare">
      <div className="fs-login-lang">
        <BareLanguageSwitch />
      </div>
      <main className="fs-login-main">
        <div className="fs-login-brand">
          <BrandMark size={52} />
          <h2 className="fs-login-title">{t('app.name')}</h2>
          <span className="fs-login-subtitle">{t('app.subtitle')}</span>
        </div>
        <section className="fs-login-card">
          <h5 className="fs-login-card-title">{t('auth.signInTitle')}</h5>
          {error && (
            <div className="fs-login-error" role="alert" data-testid="login-error">
              {error}
            </div>
          )}
          {step === 'code' ? (
            <CodeStep
              onDone={() => navigate(next, { replace: true })}
              onBack={() => {
                setStep('password');
                setError(null);
              }}
            />
          ) : (
            <form name="login" noValidate onSubmit={(e) => void onSubmit(e)}>
              {field('username', username, setUsername, {
                autoComplete: 'username',
                autoCapitalize: 'none',
                autoCorrect: 'off',
                spellCheck: false,
              })}
              {field('password', password, setPassword, {
                type: 'password',
                autoComplete: 'current-password',
              })}
              <button
                type="submit"
                className="fs-bare-primary fs-login-submit"
                disabled={submitting}
                aria-busy={submitting}
                data-testid="login-submit"
              >
                {t('auth.signIn')}
              </button>
            </form>
          )}
        </section>
        <Link to="/publicity" className="fs-login-public" data-testid="public-notices-link">
          {t('auth.publicNotices')}
        </Link>
        <span className="fs-login-foot">{t('app.demoNote')}</span>
      </main>
    </div>
  );
}
