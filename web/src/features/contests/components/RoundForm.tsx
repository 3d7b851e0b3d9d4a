import { useEffect, useMemo, useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Form, Grid, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  AGGREGATION_METHODS,
  contestsContract,
  JUDGE_KINDS,
  roundCreateSchema,
  usersContract,
  type JudgeKind,
  type OrgUnit,
  type RoundCreate,
} from '@fivestar/common';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { fetchChildren } from '../../../api/org';
import { useCan, useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { schemaRule } from '../../../components/schemaRule';
import { JudgePicker } from './JudgePicker';

const R = contestsContract.routes;
const shape = roundCreateSchema.shape;

interface Values {
  unitId?: number;
  templateId?: number;
  name?: string;
  date?: string;
  method: RoundCreate['method'];
  prizeTiers: (number | null)[];
  judgesPerUnit?: number;
  flagCount?: number;
  judges: { userId?: number; kind: string }[];
  guests: { name?: string }[];
  sourceRoundIds: number[];
  advanceTop?: number;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The guest accounts the server made, handed to the round page to show once. */
export interface CreatedState {
  guestAccounts?: { username: string; password: string }[];
}

/**
 * The chair draws up a round: organiser (their township, or their county and its townships), score sheet, name,
 * date, method, prizes, judges (existing accounts that can score, when the caller may list accounts; guests by
 * name) and, for a county, township rounds whose winners go on to it. Checked with the server's schema; the
 * server's field errors show under their fields. On success: what was made, what comes next, the round's page.
 */
export function RoundForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const me = useMe();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [children, setChildren] = useState<OrgUnit[]>([]);
  const templates = useApiQuery(open ? R.templates : null);
  const listUsers = can('user:read');
  const roles = useApiQuery(open && listUsers ? usersContract.routes.roles : null);
  const scoring = useMemo(
    () =>
      new Set((roles.data ?? []).filter((r) => r.permissions.includes('contest:score')).map((r) => r.code)),
    [roles.data],
  );

  useEffect(() => {
    if (!open || me.unit.level !== 'county') return;
    fetchChildren(me.unit.id).then(
      (units) => setChildren(units.filter((u) => u.level === 'township')),
      () => undefined,
    );
  }, [open, me.unit.id, me.unit.level]);

  const units = [{ id: me.unit.id, name: me.unit.name, level: me.unit.level }, ...children];
  const unitId = Form.useWatch('unitId', form);
  const level = units.find((u) => u.id === unitId)?.level;
  const offered = (templates.data ?? []).filter((x) => x.level === level);
  const county = level === 'county';
  const rounds = useApiQuery(open && county ? R.list : null, { query: { level: 'township' } });
  const sources = (rounds.data ?? []).filter((r) => r.unitId !== unitId);

  useEffect(() => {
    // one score sheet for the level: chosen already
    if (!open) return;
    const current = form.getFieldValue('templateId') as number | undefined;
    if (offered.length && !offered.some((x) => x.id === current))
      form.setFieldsValue({ templateId: offered[0]!.id });
  }, [open, offered, form]);

  const bodyOf = (v: Values): RoundCreate => ({
    templateId: v.templateId ?? 0,
    unitId: v.unitId ?? 0,
    name: v.name ?? '',
    date: v.date ?? '',
    method: v.method,
    prizeTiers: v.prizeTiers.filter((n): n is number => typeof n === 'number'),
    judgesPerUnit: v.judgesPerUnit ?? 0,
    flagCount: v.flagCount ?? 0,
    judges: v.judges.filter((j) => j.userId).map((j) => ({ userId: j.userId!, kind: j.kind as JudgeKind })),
    guests: v.guests.filter((g) => g.name?.trim()).map((g) => ({ name: g.name! })),
    ...(county && v.sourceRoundIds.length
      ? { sourceRoundIds: v.sourceRoundIds, advanceTop: v.advanceTop }
      : {}),
  });

  /** Puts errors (the schema's or the server's, by path) under their fields; the rest into a message. */
  const showErrors = (issues: { path: (string | number)[]; message: string }[]) => {
    const known = new Set(Object.keys(form.getFieldsValue(true) as object));
    form.setFields(
      issues
        .filter((i) => known.has(String(i.path[0])))
        // "no judges at all" is shown under the guest judges, where the list's own error is
        .map((i) => ({
          name: (i.path.join('.') === 'judges' ? ['guests'] : i.path) as never,
          errors: [i.message],
        })),
    );
    const rest = issues.filter((i) => !known.has(String(i.path[0])));
    if (rest.length) message.error(rest.map((i) => i.message).join('；'));
  };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    v = form.getFieldsValue(true) as Values;
    const body = bodyOf(v);
    const parsed = roundCreateSchema.safeParse(body);
    if (!parsed.success) {
      showErrors(
        parsed.error.issues.map((i) => ({
          path: i.path as (string | number)[],
          message: t('contests.form.invalid'),
        })),
      );
      return;
    }
    setBusy(true);
    try {
      const round = await call(R.create, { body });
      message.success(
        t(round.bracket ? 'contests.form.createdFinal' : 'contests.form.created', {
          name: round.name,
          units: round.units,
          judges: round.judges,
        }),
        8,
      );
      onClose();
      const state: CreatedState = { guestAccounts: round.guestAccounts };
      void navigate(`/contests/${round.id}`, { state });
    } catch (err) {
      if (err instanceof ApiError && err.fields.length)
        showErrors(
          err.fields.map((f) => ({
            path: f.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
            message: f.message,
          })),
        );
      else message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('contests.form.required') };
  const count = (name: string, min: number, max: number, testid: string) => (
    <InputNumber name={name} min={min} max={max} precision={0} inputMode="numeric" data-testid={testid} />
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('contests.form.title')}
      size={phone ? '100%' : 560}
      destroyOnHidden
      extra={
        <Space>
          {!phone && <Button onClick={onClose}>{t('contests.form.cancel')}</Button>}
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="round-form-submit">
            {t('contests.form.submit')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="round-form"
        initialValues={{
          unitId: me.unit.id,
          date: today(),
          method: 'trimmed_mean',
          prizeTiers: [1, 2, 3],
          judgesPerUnit: 5,
          flagCount: 3,
          judges: [],
          guests: [],
          sourceRoundIds: [],
          advanceTop: 1,
        }}
      >
        <Form.Item
          name="unitId"
          label={t('contests.form.unit')}
          extra={t('contests.form.unitHelp')}
          rules={[required]}
        >
          <Select
            data-testid="round-form-unit"
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            onChange={() => form.setFieldsValue({ templateId: undefined, sourceRoundIds: [] })}
          />
        </Form.Item>
        <Form.Item
          name="templateId"
          label={t('contests.form.template')}
          extra={t('contests.form.templateHelp')}
          rules={[required]}
        >
          <Select
            data-testid="round-form-template"
            loading={templates.loading}
            options={offered.map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('contests.form.name')}
          rules={[required, schemaRule(shape.name, t, t('contests.form.invalid'))]}
        >
          <Input
            maxLength={80}
            placeholder={t('contests.form.namePlaceholder')}
            data-testid="round-form-name"
          />
        </Form.Item>
        <Form.Item
          name="date"
          label={t('contests.form.date')}
          rules={[required, schemaRule(shape.date, t, t('contests.form.invalid'))]}
        >
          <Input type="date" data-testid="round-form-date" />
        </Form.Item>
        <Form.Item name="method" label={t('contests.form.method')} rules={[required]}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {AGGREGATION_METHODS.map((m) => (
              <Radio key={m} value={m} data-testid={`round-form-method-${m}`}>
                <strong>{t(`contests.method.${m}`)}</strong>
                <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
                  {t(`contests.form.methodHelp.${m}`)}
                </div>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('contests.form.tiers')} extra={t('contests.form.tiersHelp')}>
          <Form.List name="prizeTiers">
            {(rows, { add, remove }) => (
              <Space wrap>
                {rows.map((row, i) => (
                  <Space.Compact key={row.key}>
                    <Form.Item name={row.name} noStyle>
                      <InputNumber
                        min={0}
                        max={1000}
                        precision={0}
                        inputMode="numeric"
                        prefix={t('contests.tier', { n: i + 1 })}
                        aria-label={t('contests.form.tier', { n: i + 1 })}
                        style={{ width: 130 }}
                      />
                    </Form.Item>
                    {rows.length > 1 && i === rows.length - 1 && (
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => remove(row.name)}
                        aria-label="remove"
                      />
                    )}
                  </Space.Compact>
                ))}
                {rows.length < 5 && (
                  <Button icon={<PlusOutlined />} onClick={() => add(1)}>
                    {t('contests.form.addTier')}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            name="judgesPerUnit"
            label={t('contests.form.judgesPerUnit')}
            tooltip={t('contests.form.judgesPerUnitHelp')}
            rules={[required]}
          >
            {count('judgesPerUnit', 1, 50, 'round-form-per-unit')}
          </Form.Item>
          <Form.Item
            name="flagCount"
            label={t('contests.form.flagCount')}
            tooltip={t('contests.form.flagCountHelp')}
            rules={[required]}
          >
            {count('flagCount', 0, 20, 'round-form-flags')}
          </Form.Item>
        </Space>
        {listUsers ? (
          <Form.Item label={t('contests.form.judges')} extra={t('contests.form.judgesHelp')}>
            <Form.List name="judges">
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row) => (
                    <Space.Compact key={row.key} style={{ width: '100%', marginBottom: 8 }}>
                      <Form.Item name={[row.name, 'userId']} noStyle rules={[required]}>
                        <JudgePicker scoring={scoring} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'kind']} noStyle>
                        <Select
                          style={{ width: 150 }}
                          options={JUDGE_KINDS.filter((k) => k !== 'guest').map((k) => ({
                            value: k,
                            label: t(`contests.judgeKind.${k}`),
                          }))}
                        />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => remove(row.name)}
                        aria-label="remove"
                      />
                    </Space.Compact>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ kind: 'cadre' })}
                    data-testid="add-judge"
                  >
                    {t('contests.form.addJudge')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>
        ) : (
          <Alert type="info" showIcon title={t('contests.form.noUserList')} style={{ marginBottom: 16 }} />
        )}
        <Form.Item label={t('contests.form.guests')} extra={t('contests.form.guestsHelp')} required>
          <Form.List
            name="guests"
            rules={[
              {
                validator: async (_r, guests: Values['guests']) => {
                  const judges = (form.getFieldValue('judges') as Values['judges'] | undefined) ?? [];
                  if (!guests?.length && !judges.some((j) => j.userId))
                    throw new Error(t('contests.form.noJudges'));
                },
              },
            ]}
          >
            {(rows, { add, remove }, { errors }) => (
              <>
                {rows.map((row, i) => (
                  <Space.Compact key={row.key} style={{ width: '100%', marginBottom: 8 }}>
                    <Form.Item
                      name={[row.name, 'name']}
                      noStyle
                      rules={[
                        required,
                        schemaRule(shape.guests.unwrap().element.shape.name, t, t('contests.form.invalid')),
                      ]}
                    >
                      <Input
                        maxLength={30}
                        placeholder={t('contests.form.guestName')}
                        data-testid={`guest-name-${i}`}
                      />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label="remove" />
                  </Space.Compact>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ name: '' })} data-testid="add-guest">
                  {t('contests.form.addGuest')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
        {county && (
          <>
            <Form.Item
              name="sourceRoundIds"
              label={t('contests.form.sources')}
              extra={t('contests.form.sourcesHelp')}
            >
              <Select
                mode="multiple"
                allowClear
                data-testid="round-form-sources"
                loading={rounds.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={sources.map((r) => ({
                  value: r.id,
                  label: `${r.unitName} · ${r.name} · ${r.date}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="advanceTop" label={t('contests.form.advanceTop')}>
              {count('advanceTop', 1, 20, 'round-form-advance')}
            </Form.Item>
          </>
        )}
      </Form>
    </Drawer>
  );
}
