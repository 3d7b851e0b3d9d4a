import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { currentLanguage, setLanguage, type Language } from '../i18n';
import './bare.css';

/**
 * The few pieces drawn before antd has loaded (the sign-in page, the first spinner, a failed chunk): plain elements
 * styled with the theme's colours in bare.css, so the first visit does not download the component library.
 */

/** 中文 / English as two toggle buttons; the same choice as the shell's LanguageSwitch. */
export function BareLanguageSwitch() {
  const { t } = useTranslation();
  const current = currentLanguage();
  const option = (lng: Language, label: string) => (
    <button
      type="button"
      className={current === lng ? 'fs-bare-seg fs-bare-seg-on' : 'fs-bare-seg'}
      aria-pressed={current === lng}
      onClick={() => setLanguage(lng)}
    >
      {label}
    </button>
  );
  return (
    <div className="fs-bare-segs" role="group" aria-label={t('lang.label')} data-testid="language-switch">
      {option('zh-CN', t('lang.zh'))}
      {option('en', t('lang.en'))}
    </div>
  );
}

/** Shown while the first page's code arrives. */
export function BareSpin() {
  return (
    <div className="fs-bare-center">
      <span className="fs-bare-spin" role="progressbar" aria-busy="true" />
    </div>
  );
}

/** The outermost error boundary: a failed chunk (e.g. a new release replaced it) or a render error. */
export function BareRouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (error) console.error(error);
  return (
    <div className="fs-bare-center" role="alert" data-testid="route-error">
      <h1 className="fs-bare-title">{t('result.crashTitle')}</h1>
      <p className="fs-bare-muted">{t('result.crash')}</p>
      <button type="button" className="fs-bare-primary" onClick={() => window.location.reload()}>
        {t('result.reload')}
      </button>
    </div>
  );
}
