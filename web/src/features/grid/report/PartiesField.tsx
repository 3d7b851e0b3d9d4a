import { useTranslation } from 'react-i18next';
import type { PartyInput, ReportProblems } from './reportChecks';

const EMPTY: PartyInput = { name: '', idNumber: '', phone: '' };

/** A dispute's parties: name (required), ID number and mobile, each checked and its message under it. */
export function PartiesField({
  parties,
  problems,
  onChange,
}: {
  parties: PartyInput[];
  problems: ReportProblems;
  onChange: (parties: PartyInput[]) => void;
}) {
  const { t } = useTranslation();
  const set = (i: number, field: keyof PartyInput, value: string) =>
    onChange(parties.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  const input = (i: number, field: keyof PartyInput, label: string, extra: object = {}) => {
    const key = `parties.${i}.${field}`;
    const id = `rep-party-${i}-${field}`;
    const problem = problems[key];
    return (
      <div className="fs-rep-field">
        <label htmlFor={id} className={field === 'name' ? 'fs-pub-required' : undefined}>
          {label}
        </label>
        <input
          id={id}
          className={problem ? 'fs-pub-input fs-pub-input-error' : 'fs-pub-input'}
          data-testid={`report-party-${field}`}
          value={parties[i]![field]}
          aria-invalid={!!problem}
          aria-describedby={problem ? `${id}-help` : undefined}
          onChange={(e) => set(i, field, e.target.value)}
          {...extra}
        />
        {problem && (
          <div id={`${id}-help`} className="fs-pub-help" role="alert">
            {t(problem as never)}
          </div>
        )}
      </div>
    );
  };
  return (
    <fieldset className="fs-rep-fieldset">
      <legend>{t('grid.form.parties')}</legend>
      {parties.map((_, i) => (
        <div key={i} className="fs-rep-party" data-testid="report-party">
          <div className="fs-rep-party-head">
            <span>{t('grid.form.party', { n: i + 1 })}</span>
            <button
              type="button"
              className="fs-rep-link"
              onClick={() => onChange(parties.filter((_p, j) => j !== i))}
            >
              {t('grid.form.removeParty')}
            </button>
          </div>
          {input(i, 'name', t('grid.form.partyName'), { autoComplete: 'off', maxLength: 40 })}
          {input(i, 'idNumber', t('grid.form.idNumber'), { autoComplete: 'off', maxLength: 18 })}
          {input(i, 'phone', t('grid.form.phone'), { type: 'tel', inputMode: 'numeric', maxLength: 11 })}
        </div>
      ))}
      <button
        type="button"
        className="fs-rep-btn fs-rep-btn-dashed"
        data-testid="report-add-party"
        disabled={parties.length >= 20}
        onClick={() => onChange([...parties, EMPTY])}
      >
        ＋ {t('grid.form.addParty')}
      </button>
    </fieldset>
  );
}
