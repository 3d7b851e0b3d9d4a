import { useState } from 'react';
import { App, Button, Card, InputNumber, Select, Space, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { EVENT_CLASSES, GRID_STAGES, gridContract, type TimeLimitEntry } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';

const { routes } = gridContract;

/** The time limits per class, type and stage, in working days or calendar days. */
export function TimeLimitSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const limits = useApiQuery(routes.timeLimits);
  const types = useApiQuery(routes.types);
  const [draft, setDraft] = useState<TimeLimitEntry>({
    class: 'event',
    typeCode: null,
    stage: 'handle',
    days: 5,
    calendarDays: false,
  });

  const save = async () => {
    try {
      await call(routes.setTimeLimit, { body: draft });
      limits.reload();
      message.success(t('grid.settings.saved'));
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const typeName = (code: string | null) =>
    code ? (types.data?.find((x) => x.code === code)?.nameZh ?? code) : t('grid.settings.classDefault');

  return (
    <Card variant="borderless" title={t('grid.settings.limits')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={draft.class}
          style={{ width: 100 }}
          onChange={(c) => setDraft((x) => ({ ...x, class: c, typeCode: null }))}
          options={EVENT_CLASSES.map((c) => ({ value: c, label: t(`grid.class.${c}`) }))}
        />
        <Select
          allowClear
          placeholder={t('grid.settings.classDefault')}
          style={{ width: 180 }}
          value={draft.typeCode ?? undefined}
          onChange={(v) => setDraft((x) => ({ ...x, typeCode: v ?? null }))}
          options={(types.data ?? [])
            .filter((x) => x.class === draft.class)
            .map((x) => ({ value: x.code, label: x.nameZh }))}
        />
        <Select
          value={draft.stage}
          style={{ width: 110 }}
          onChange={(stage) => setDraft((x) => ({ ...x, stage }))}
          options={GRID_STAGES.map((s) => ({ value: s, label: t(`grid.settings.stage.${s}`) }))}
        />
        <InputNumber
          min={1}
          max={365}
          value={draft.days}
          onChange={(v) => setDraft((x) => ({ ...x, days: v ?? 1 }))}
          addonAfter={t('grid.settings.days')}
        />
        <Space>
          <Switch
            checked={draft.calendarDays}
            onChange={(v) => setDraft((x) => ({ ...x, calendarDays: v }))}
          />
          {t('grid.settings.calendarDays')}
        </Space>
        <Button type="primary" onClick={() => void save()}>
          {t('common.save')}
        </Button>
      </Space>
      <Table<TimeLimitEntry>
        rowKey={(l) => `${l.class}:${l.typeCode ?? ''}:${l.stage}`}
        size="small"
        pagination={false}
        dataSource={limits.data}
        columns={[
          {
            title: t('grid.filters.class'),
            dataIndex: 'class',
            render: (c: TimeLimitEntry['class']) => t(`grid.class.${c}`),
          },
          { title: t('grid.type'), dataIndex: 'typeCode', render: (c: string | null) => typeName(c) },
          {
            title: t('grid.settings.stageTitle'),
            dataIndex: 'stage',
            render: (s: TimeLimitEntry['stage']) => t(`grid.settings.stage.${s}`),
          },
          {
            title: t('grid.settings.limit'),
            key: 'd',
            render: (_, l) =>
              `${l.days} ${l.calendarDays ? t('grid.settings.calendarDays') : t('grid.settings.workingDays')}`,
          },
        ]}
      />
    </Card>
  );
}
