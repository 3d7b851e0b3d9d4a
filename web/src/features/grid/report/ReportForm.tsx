import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_CLASSES, type EventClass } from '@fivestar/common';
import type { SessionUser } from '../../../api/session';
import { PubAlert } from '../../../components/publicKit';
import { currentLanguage } from '../../../i18n';
import { enqueue, readPhoto, syncOutbox, type OutboxPhoto } from '../offline/outbox';
import { PartiesField } from './PartiesField';
import { reportProblems, type ReportInput, type ReportProblems } from './reportChecks';
import { useTypes } from './reportData';
import { VillagePicker } from './VillagePicker';

const EMPTY: ReportInput = {
  typeCode: '',
  unitId: null,
  place: '',
  description: '',
  peopleInvolved: '',
  parties: [],
};
const MAX_PHOTOS = 9;
const DESCRIPTION_MAX = 2000;

/**
 * The grid worker's report: written to the outbox on the phone first (so nothing is lost without a network), then
 * sent when the network allows. Each field's problem shows under it; the saved message says what happens next.
 */
export function ReportForm({ me, online }: { me: SessionUser; online: boolean }) {
  const { t } = useTranslation();
  const types = useTypes();
  const villageUser = me.unit.level === 'village' || me.unit.level === 'community';
  const [cls, setCls] = useState<EventClass>('event');
  const [values, setValues] = useState<ReportInput>(EMPTY);
  const [photos, setPhotos] = useState<OutboxPhoto[]>([]);
  const [coords, setCoords] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateFailed, setLocateFailed] = useState(false);
  const [problems, setProblems] = useState<ReportProblems>({});
  const [saved, setSaved] = useState<'online' | 'offline' | null>(null);
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const en = currentLanguage() === 'en';
  const typeOptions = useMemo(() => {
    const name = (x: { nameZh: string; nameEn: string }) => (en && x.nameEn ? x.nameEn : x.nameZh);
    const byCode = new Map(types.map((x) => [x.code, x]));
    return types
      .filter((x) => x.active && x.class === cls && x.parentCode !== null)
      .map((x) => {
        const parent = byCode.get(x.parentCode!);
        return { value: x.code, label: parent ? `${name(parent)} / ${name(x)}` : name(x) };
      });
  }, [types, cls, en]);

  const change = <K extends keyof ReportInput>(field: K, value: ReportInput[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setSaved(null);
    if (field === 'parties') {
      setProblems((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith('parties.'))));
    } else if (problems[field]) {
      setProblems((p) => ({ ...p, [field]: '' }));
    }
  };

  const locate = () => {
    if (!navigator.geolocation) {
      setLocateFailed(true);
      return;
    }
    setLocating(true);
    setLocateFailed(false);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setCoords({ lat: pos.coords.latitude, lng: pos.coords.longitude });
      },
      () => {
        setLocating(false);
        setLocateFailed(true);
      },
      { enableHighAccuracy: true, timeout: 8000 },
    );
  };

  const onPhotos = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])].slice(0, MAX_PHOTOS - photos.length);
    input.value = '';
    const read = await Promise.all(files.map((f) => readPhoto(f)));
    setPhotos((p) => [...p, ...read]);
    setSaved(null);
  };

  const submit = async () => {
    const found = Object.fromEntries(
      Object.entries(reportProblems(values, !villageUser)).filter(([, v]) => v),
    );
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setSaved(null);
      // The first field with a problem gets the focus (its message is right under it).
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const unitId = villageUser ? me.unit.id : values.unitId!;
    setSending(true);
    try {
      await enqueue(
        me.username,
        {
          class: cls,
          typeCode: values.typeCode,
          unitId,
          place: values.place.trim(),
          ...(coords ? { lat: coords.lat, lng: coords.lng } : {}),
          description: values.description.trim(),
          scale: 'small',
          peopleInvolved: Number(values.peopleInvolved) || 0,
          source: 'grid_worker',
          parties:
            cls === 'dispute'
              ? values.parties.map((p) => ({
                  name: p.name.trim(),
                  role: 'party' as const,
                  ...(p.idNumber.trim() ? { idNumber: p.idNumber.trim() } : {}),
                  ...(p.phone.trim() ? { phone: p.phone.trim() } : {}),
                }))
              : [],
        },
        photos,
      );
    } finally {
      setSending(false);
    }
    setValues({ ...EMPTY, unitId: values.unitId });
    setPhotos([]);
    setCoords(null);
    setSaved(navigator.onLine ? 'online' : 'offline');
    if (navigator.onLine) void syncOutbox(me.username);
  };

  const help = (field: string) =>
    problems[field] ? (
      <div id={`rep-${field}-help`} className="fs-pub-help" role="alert">
        {t(problems[field] as never)}
      </div>
    ) : null;
  /** A labelled field: its control(s), what shows under them, and its problem's message. */
  const field = (name: keyof ReportInput, label: string, required: boolean, children: React.ReactNode) => (
    <div className="fs-rep-field">
      <label htmlFor={`rep-${name}`} className={required ? 'fs-pub-required' : undefined}>
        {label}
      </label>
      {children}
      {help(name)}
    </div>
  );
  const fieldProps = (field: keyof ReportInput) => ({
    id: `rep-${field}`,
    className: problems[field] ? 'fs-pub-input fs-pub-input-error' : 'fs-pub-input',
    'aria-invalid': !!problems[field],
    'aria-describedby': problems[field] ? `rep-${field}-help` : undefined,
  });

  return (
    <form
      ref={formRef}
      name="report"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset className="fs-rep-field fs-rep-fieldset-plain">
        <legend>{t('grid.form.class')}</legend>
        <div className="fs-rep-segs" data-testid="report-class">
          {EVENT_CLASSES.map((c) => (
            <label key={c} className={c === cls ? 'fs-rep-seg fs-rep-seg-on' : 'fs-rep-seg'}>
              <input
                type="radio"
                name="class"
                value={c}
                checked={c === cls}
                onChange={() => {
                  setCls(c);
                  change('typeCode', '');
                }}
              />
              {t(`grid.class.${c}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {field(
        'typeCode',
        t('grid.form.type'),
        true,
        <>
          <select
            {...fieldProps('typeCode')}
            data-testid="report-type"
            value={values.typeCode}
            onChange={(e) => change('typeCode', e.target.value)}
          >
            <option value="">{t('grid.form.typeChoose')}</option>
            {typeOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {types.length === 0 && <div className="fs-pub-sub">{t('grid.form.typesMissing')}</div>}
        </>,
      )}

      {!villageUser && (
        <VillagePicker
          root={me.unit}
          value={values.unitId}
          problem={problems.unitId ? t(problems.unitId as never) : undefined}
          onChange={(id) => change('unitId', id)}
        />
      )}

      {field(
        'place',
        t('grid.form.place'),
        true,
        <>
          <div className="fs-rep-row">
            <input
              {...fieldProps('place')}
              data-testid="report-place"
              maxLength={120}
              value={values.place}
              onChange={(e) => change('place', e.target.value)}
            />
            <button
              type="button"
              className="fs-rep-btn"
              data-testid="report-locate"
              disabled={locating}
              onClick={locate}
            >
              <svg className="fs-rep-pin" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z" />
              </svg>
              {locating ? t('grid.form.locating') : t('grid.form.locate')}
            </button>
          </div>
          {coords && (
            <div className="fs-pub-sub" data-testid="report-located">
              {t('grid.form.located', { lat: coords.lat.toFixed(5), lng: coords.lng.toFixed(5) })}
            </div>
          )}
          {locateFailed && <div className="fs-rep-warn">{t('grid.form.locateFailed')}</div>}
        </>,
      )}

      {field(
        'description',
        t('grid.form.description'),
        true,
        <>
          <textarea
            {...fieldProps('description')}
            data-testid="report-description"
            rows={4}
            maxLength={DESCRIPTION_MAX}
            value={values.description}
            onChange={(e) => change('description', e.target.value)}
          />
          <span className="fs-pub-count">
            {values.description.length} / {DESCRIPTION_MAX}
          </span>
        </>,
      )}

      <div className="fs-rep-field">
        <span className="fs-rep-label" id="rep-photos-label">
          {t('grid.form.photos')}
        </span>
        <div className="fs-photo-strip" aria-labelledby="rep-photos-label">
          {photos.map((p, i) => (
            <span key={i} className="fs-rep-photo">
              <img src={`data:${p.contentType};base64,${p.data}`} alt="" />
              <button
                type="button"
                className="fs-rep-photo-remove"
                aria-label={t('grid.form.removePhoto', { n: i + 1 })}
                onClick={() => setPhotos((ps) => ps.filter((_p, j) => j !== i))}
              >
                ×
              </button>
            </span>
          ))}
          {photos.length < MAX_PHOTOS && (
            <label className="fs-rep-photo-add">
              <span aria-hidden="true" className="fs-rep-photo-plus">
                ＋
              </span>
              <span>{t('grid.form.addPhoto')}</span>
              {/* No `capture`: it would forbid picking a photo already taken (Android opens the camera only). */}
              <input
                data-testid="report-photo"
                type="file"
                accept="image/*"
                multiple
                className="fs-rep-hidden"
                onChange={(e) => void onPhotos(e.currentTarget)}
              />
            </label>
          )}
        </div>
      </div>

      {cls === 'dispute' && (
        <PartiesField parties={values.parties} problems={problems} onChange={(p) => change('parties', p)} />
      )}

      {field(
        'peopleInvolved',
        t('grid.form.peopleInvolved'),
        false,
        <>
          <input
            {...fieldProps('peopleInvolved')}
            data-testid="report-people"
            type="number"
            inputMode="numeric"
            min={0}
            max={100000}
            value={values.peopleInvolved}
            onChange={(e) => change('peopleInvolved', e.target.value)}
          />
        </>,
      )}

      {Object.keys(problems).some((k) => problems[k]) && (
        <PubAlert type="error">{t('grid.form.fixErrors')}</PubAlert>
      )}
      <button
        type="submit"
        className="fs-bare-primary fs-rep-submit"
        data-testid="report-submit"
        disabled={sending}
      >
        {t('grid.form.submit')}
      </button>
      {saved && (
        // Saved offline, then the network returned: the outbox is sending it now.
        <div
          className="fs-rep-saved"
          role="status"
          data-testid="report-saved"
          data-online={online ? 'online' : saved}
        >
          {online || saved === 'online' ? t('grid.form.savedOnline') : t('grid.form.savedOffline')}
        </div>
      )}
    </form>
  );
}
