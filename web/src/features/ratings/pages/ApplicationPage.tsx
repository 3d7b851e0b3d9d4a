import { useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  InputNumber,
  Modal,
  Radio,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  indicatorNoteSchema,
  ratingsContract,
  reasonSchema,
  type ApplicationDetail,
  type CountyAction,
  type TownshipAction,
} from '@fivestar/common';
import { call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { EvidencePreview, type EvidenceFileRef } from '../components/EvidencePreview';
import { STATUS_COLOR } from '../components/status';

const routes = ratingsContract.routes;
/** The longest note and reason the server takes (from its schemas). */
const NOTE_MAX = indicatorNoteSchema.maxLength ?? undefined;
const REASON_MAX = reasonSchema.maxLength ?? undefined;

type Edit = { met?: boolean | null; value?: number | null; triggered?: boolean | null; note?: string | null };

/**
 * One star application. The secretary self-assesses indicator by indicator on a phone (camera upload), the
 * township reviewer accepts or returns each indicator, the county rates, awards and revokes.
 */
export default function ApplicationPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const me = useMe();
  const perms = me.permissions as string[];
  const { data: loaded, error, reload } = useApiQuery(routes.application, { params: { id: Number(id) } });
  const [fresh, setFresh] = useState<ApplicationDetail | null>(null);
  const d = fresh && fresh.id === Number(id) ? fresh : loaded;
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<{ title: string; run: (reason: string) => Promise<void> } | null>(null);
  const [reason, setReason] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploadFor, setUploadFor] = useState<string | null>(null);
  const [preview, setPreview] = useState<EvidenceFileRef | null>(null);

  if (error) return <Alert type="error" showIcon title={errorText(error, t)} />;
  if (!d)
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );

  const editable = perms.includes('rating:assess') && (d.status === 'draft' || d.status === 'returned');
  const reviewing =
    perms.includes('rating:review') && (d.status === 'submitted' || d.status === 'township_review');
  const rates = perms.includes('rating:rate');

  const run = async (fn: () => Promise<ApplicationDetail>, done = t('ratings.review_.done')) => {
    setBusy(true);
    try {
      const next = await fn();
      setFresh(next);
      setEdits({});
      message.success(done);
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const withReason = (title: string, fn: (reason: string) => Promise<ApplicationDetail>) =>
    setAsk({ title, run: (r) => run(() => fn(r)) });

  const params = { id: d.id };
  /** A review action of the township or the county on this application; some need a reason first. */
  const act =
    (post: (reason?: string) => Promise<ApplicationDetail>, needsReason = false) =>
    () => {
      if (needsReason) withReason(t('ratings.review_.reason'), (reason) => post(reason));
      else void run(() => post());
    };
  const township = (action: TownshipAction, needsReason = false) =>
    act((reason) => call(routes.townshipAction, { params, body: { action, reason } }), needsReason);
  const county = (action: CountyAction, needsReason = false) =>
    act((reason) => call(routes.countyAction, { params, body: { action, reason } }), needsReason);

  const save = () =>
    run(
      () =>
        call(routes.assess, {
          params,
          body: { results: Object.entries(edits).map(([code, e]) => ({ code, ...e })) },
        }),
      t('ratings.form.saved'),
    );
  /** Saves what was changed, then lists what is missing, or asks before sending (a sent assessment is locked). */
  const submit = async () => {
    let current = d;
    if (Object.keys(edits).length) {
      setBusy(true);
      try {
        current = await call(routes.assess, {
          params,
          body: { results: Object.entries(edits).map(([code, e]) => ({ code, ...e })) },
        });
        setFresh(current);
        setEdits({});
      } catch (err) {
        message.error(errorText(err, t));
        return;
      } finally {
        setBusy(false);
      }
    }
    const missing = current.evaluation.indicators.filter(
      (o) => o.reason === 'not_assessed' || o.reason === 'missing_evidence',
    );
    if (missing.length) {
      const title = new Map(current.indicators.map((i) => [i.code, i.title]));
      modal.warning({
        title: t('ratings.form.missingTitle', { n: missing.length }),
        content: (
          <div data-testid="missing-indicators">
            <p>{t('ratings.form.missingContent')}</p>
            <ul style={{ paddingLeft: 18, margin: 0 }}>
              {missing.map((o) => (
                <li key={o.code}>
                  {title.get(o.code)}（
                  {o.reason === 'missing_evidence'
                    ? t('ratings.form.missingFiles')
                    : t('ratings.form.missingAnswer')}
                  ）
                </li>
              ))}
            </ul>
          </div>
        ),
      });
      return;
    }
    modal.confirm({
      title: t('ratings.form.confirmTitle'),
      content: t('ratings.form.confirmContent'),
      okText: t('ratings.form.confirmOk'),
      okButtonProps: { 'data-testid': 'submit-confirm' } as never,
      onOk: () => run(() => call(routes.submit, { params }), t('ratings.form.submitted')),
    });
  };

  const upload = async (file: File) => {
    if (!uploadFor) return;
    setBusy(true);
    try {
      await call(routes.uploadEvidence, {
        params,
        query: { indicator: uploadFor, name: file.name },
        body: await file.arrayBuffer(),
      });
      message.success(t('ratings.form.saved'));
      setFresh(null);
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
      setUploadFor(null);
    }
  };

  const valueText = (v: { met: boolean | null; value: number | null; triggered: boolean | null }) =>
    v.value !== null
      ? String(v.value)
      : v.triggered !== null
        ? v.triggered
          ? t('ratings.form.triggered')
          : t('ratings.form.notTriggered')
        : v.met === null
          ? '—'
          : v.met
            ? t('ratings.form.met')
            : t('ratings.form.notMet');

  return (
    <div style={{ maxWidth: 760, margin: '0 auto', display: 'flex', flexDirection: 'column', gap: 12 }}>
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="file-input"
        accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void upload(f);
        }}
      />
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={() => void navigate('/ratings/applications')}
          aria-label={t('common.back')}
        />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="app-title">
          {d.starName}
        </Typography.Title>
        <Tag color={STATUS_COLOR[d.status]} data-testid="app-status">
          {t(`ratings.status.${d.status}` as never)}
        </Tag>
      </div>
      <Typography.Text type="secondary">
        {d.branchName} · {d.year} ·{' '}
        {d.round > 0 ? t('ratings.apps.round', { n: d.round }) : t('ratings.apps.round0')}
      </Typography.Text>
      <Alert
        type={d.evaluation.eligible ? 'success' : 'info'}
        title={d.evaluation.eligible ? t('ratings.evaluation.eligible') : t('ratings.evaluation.notEligible')}
        showIcon
      />

      {d.indicators.map((ind) => {
        const r = d.results.find((x) => x.code === ind.code)!;
        const o = d.evaluation.indicators.find((x) => x.code === ind.code);
        const e = edits[ind.code] ?? {};
        const cur = {
          met: e.met ?? r.met,
          value: e.value ?? r.value,
          triggered: e.triggered ?? r.triggered,
          note: e.note ?? r.note,
        };
        const locked =
          !editable || r.review === 'accepted' || (d.status === 'returned' && r.review !== 'returned');
        const set = (patch: Edit) => setEdits((m) => ({ ...m, [ind.code]: { ...m[ind.code], ...patch } }));
        return (
          <Card
            key={ind.code}
            size="small"
            variant="borderless"
            data-testid={`ind-${ind.code}`}
            title={
              <div style={{ whiteSpace: 'normal', lineHeight: 1.5, padding: '6px 0' }}>
                {ind.title} <Tag>{t(`ratings.type.${ind.type}` as never)}</Tag>
                {ind.note && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontWeight: 'normal' }}>
                    {ind.note}
                  </Typography.Text>
                )}
              </div>
            }
            extra={
              <Tag
                color={r.review === 'accepted' ? 'success' : r.review === 'returned' ? 'warning' : 'default'}
                data-testid="review-tag"
              >
                {t(`ratings.review.${r.review}` as never)}
              </Tag>
            }
          >
            <Space direction="vertical" style={{ width: '100%' }}>
              {ind.type === 'boolean' && (
                <Radio.Group
                  disabled={locked}
                  value={cur.met}
                  onChange={(x) => set({ met: x.target.value as boolean })}
                  optionType="button"
                  buttonStyle="solid"
                >
                  <Radio.Button value={true} data-testid="met-yes">
                    {t('ratings.form.met')}
                  </Radio.Button>
                  <Radio.Button value={false}>{t('ratings.form.notMet')}</Radio.Button>
                </Radio.Group>
              )}
              {ind.type === 'veto' && (
                <Radio.Group
                  disabled={locked}
                  value={cur.triggered}
                  onChange={(x) => set({ triggered: x.target.value as boolean })}
                  optionType="button"
                  buttonStyle="solid"
                >
                  <Radio.Button value={false} data-testid="veto-no">
                    {t('ratings.form.notTriggered')}
                  </Radio.Button>
                  <Radio.Button value={true}>{t('ratings.form.triggered')}</Radio.Button>
                </Radio.Group>
              )}
              {ind.type === 'numeric' && (
                <Space wrap>
                  <InputNumber
                    data-testid="value-input"
                    disabled={locked}
                    value={cur.value}
                    onChange={(v) => set({ value: v === null ? null : Number(v) })}
                    addonAfter={ind.unit}
                    inputMode="decimal"
                  />
                  <Typography.Text type="secondary">
                    {t('ratings.form.threshold', { v: ind.threshold, unit: ind.unit ?? '' })}
                  </Typography.Text>
                </Space>
              )}
              {ind.type === 'derived' && (
                <Typography.Text>
                  {t('ratings.form.fact', { v: d.facts[ind.fact ?? ''] ?? '—' })} {ind.op} {ind.threshold}{' '}
                  {ind.unit}
                </Typography.Text>
              )}
              {(!locked || r.files.length > 0) && (
                <div>
                  <Typography.Text type="secondary">
                    {ind.minFiles > 0
                      ? t('ratings.form.files', { n: ind.minFiles })
                      : t('ratings.form.filesAny')}
                  </Typography.Text>
                  <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 4 }}>
                    {r.files.map((f) => (
                      <a
                        key={f.id}
                        href={urlOf(routes.evidence, { params: { id: f.id }, query: {} })}
                        data-testid="evidence-file"
                        onClick={(ev) => {
                          ev.preventDefault();
                          setPreview(f);
                        }}
                      >
                        <Tag>{f.name}</Tag>
                      </a>
                    ))}
                    {!locked && (
                      <Button
                        size="small"
                        icon={<CameraOutlined />}
                        loading={busy && uploadFor === ind.code}
                        data-testid="upload"
                        onClick={() => {
                          setUploadFor(ind.code);
                          fileInput.current?.click();
                        }}
                      >
                        {t('ratings.form.upload')}
                      </Button>
                    )}
                  </div>
                </div>
              )}
              {!locked && (
                <Input
                  placeholder={t('ratings.form.note')}
                  value={cur.note ?? ''}
                  onChange={(x) => set({ note: x.target.value })}
                  maxLength={NOTE_MAX}
                />
              )}
              {o && !o.ok && (
                <Typography.Text type="warning">{t(`ratings.reason.${o.reason}` as never)}</Typography.Text>
              )}
              {r.reviewComment && (
                <Alert
                  type="warning"
                  showIcon
                  title={`${t('ratings.form.comment')}：${r.reviewComment}`}
                  data-testid="review-comment"
                />
              )}
              {r.changedSinceReview && (
                <Typography.Text type="danger" data-testid="changed">
                  {t('ratings.form.changed')}
                  {r.previous ? ` · ${t('ratings.form.previous', { v: valueText(r.previous) })}` : ''}
                </Typography.Text>
              )}
              {reviewing && (
                <Space>
                  <Button
                    size="small"
                    icon={<CheckOutlined />}
                    data-testid="accept"
                    disabled={busy}
                    onClick={() =>
                      void run(() =>
                        call(routes.reviewIndicator, {
                          params,
                          body: { code: ind.code, decision: 'accept' },
                        }),
                      )
                    }
                  >
                    {t('ratings.review_.accept')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    icon={<RollbackOutlined />}
                    data-testid="return"
                    disabled={busy}
                    onClick={() =>
                      withReason(t('ratings.review_.returnComment'), (comment) =>
                        call(routes.reviewIndicator, {
                          params,
                          body: { code: ind.code, decision: 'return', comment },
                        }),
                      )
                    }
                  >
                    {t('ratings.review_.return')}
                  </Button>
                </Space>
              )}
            </Space>
          </Card>
        );
      })}

      {editable && (
        <div
          className="fs-sticky-actions"
          style={{
            display: 'flex',
            gap: 8,
            position: 'sticky',
            bottom: 0,
            zIndex: 2,
            background: '#f5f5f5',
            boxShadow: '0 -6px 12px rgba(0, 0, 0, 0.06)',
            padding: '8px 0',
          }}
        >
          <Button
            block
            disabled={busy || !Object.keys(edits).length}
            onClick={() => void save()}
            data-testid="save"
          >
            {t('ratings.form.save')}
          </Button>
          <Button block type="primary" disabled={busy} onClick={() => void submit()} data-testid="submit">
            {t('ratings.form.submit')}
          </Button>
        </div>
      )}
      {reviewing && (
        <Space wrap>
          <Button type="primary" data-testid="recommend" disabled={busy} onClick={township('recommend')}>
            {t('ratings.review_.recommend')}
          </Button>
          <Button data-testid="return-all" disabled={busy} onClick={township('return', true)}>
            {t('ratings.review_.returnAll')}
          </Button>
          <Button danger disabled={busy} onClick={township('reject', true)}>
            {t('ratings.review_.reject')}
          </Button>
        </Space>
      )}
      {rates && ['county_review', 'awarded', 'publicity'].includes(d.status) && (
        <Space wrap>
          {d.status === 'county_review' && (
            <>
              <Button type="primary" data-testid="rate" disabled={busy} onClick={county('rate')}>
                {t('ratings.review_.rate')}
              </Button>
              <Button disabled={busy} onClick={county('send_back', true)}>
                {t('ratings.review_.sendBack')}
              </Button>
              <Button danger disabled={busy} onClick={county('reject', true)}>
                {t('ratings.review_.reject')}
              </Button>
            </>
          )}
          {d.status === 'publicity' && (
            <Button disabled={busy} onClick={county('award')}>
              {t('ratings.review_.award')}
            </Button>
          )}
          {d.status === 'awarded' && (
            <Button danger data-testid="revoke" disabled={busy} onClick={county('revoke', true)}>
              {t('ratings.review_.revoke')}
            </Button>
          )}
        </Space>
      )}

      <Card size="small" variant="borderless" title={t('ratings.history')}>
        <Timeline
          items={d.history.map((h) => ({
            children: (
              <span>
                {formatDateTime(h.at)} · {h.actorName ?? '—'} · {t(`ratings.status.${h.to}` as never)}
                {h.reason ? ` · ${h.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>

      <EvidencePreview file={preview} onClose={() => setPreview(null)} />
      <Modal
        open={ask !== null}
        title={ask?.title}
        okButtonProps={{ disabled: !reason.trim(), 'data-testid': 'reason-ok' } as never}
        onCancel={() => {
          setAsk(null);
          setReason('');
        }}
        onOk={() => {
          const a = ask;
          setAsk(null);
          const r = reason;
          setReason('');
          if (a) void a.run(r);
        }}
      >
        <Input.TextArea
          data-testid="reason-input"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={REASON_MAX}
        />
      </Modal>
    </div>
  );
}
