import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { calendarContract, type CalendarDay } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';

type DayKind = CalendarDay['kind'];

/** The working-day calendar the time limits count on: statutory holidays and 调休 working days, by year. */
export function CalendarDays() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const days = useApiQuery(calendarContract.routes.year, { query: { year } });
  const [draft, setDraft] = useState<{ date?: string; kind: DayKind; name: string }>({
    kind: 'holiday',
    name: '',
  });

  /** Sets a day (or with kind null, removes it). */
  const save = async (body: { date: string; kind: DayKind | null; name?: string }) => {
    try {
      await call(calendarContract.routes.setDay, { body });
      days.reload();
      message.success(t('grid.settings.saved'));
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('grid.settings.calendar')}
      extra={
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 100 }}
          options={[2023, 2024, 2025, 2026, 2027, 2028].map((y) => ({ value: y, label: y }))}
        />
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker onChange={(d) => setDraft((x) => ({ ...x, date: d?.format('YYYY-MM-DD') }))} />
        <Select
          value={draft.kind}
          style={{ width: 120 }}
          onChange={(kind) => setDraft((x) => ({ ...x, kind }))}
          options={[
            { value: 'holiday', label: t('grid.settings.holiday') },
            { value: 'workday', label: t('grid.settings.workday') },
          ]}
        />
        <Input
          placeholder={t('grid.settings.name')}
          style={{ width: 140 }}
          value={draft.name}
          onChange={(e) => setDraft((x) => ({ ...x, name: e.target.value }))}
        />
        <Button
          type="primary"
          disabled={!draft.date}
          onClick={() => draft.date && void save({ date: draft.date, kind: draft.kind, name: draft.name })}
        >
          {t('common.save')}
        </Button>
      </Space>
      {days.error && <Alert type="error" showIcon title={errorText(days.error, t)} />}
      <Table<CalendarDay>
        rowKey="date"
        size="small"
        dataSource={days.data}
        loading={days.loading}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('grid.settings.date'), dataIndex: 'date' },
          {
            title: t('grid.settings.kind'),
            dataIndex: 'kind',
            render: (k: DayKind) => (
              <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`grid.settings.${k}`)}</Tag>
            ),
          },
          { title: t('grid.settings.name'), dataIndex: 'name' },
          {
            title: '',
            dataIndex: 'provisional',
            render: (p: boolean) => (p ? <Tag color="orange">{t('grid.settings.provisional')}</Tag> : null),
          },
          {
            title: t('common.actions'),
            key: 'x',
            render: (_, d) => (
              <Button size="small" type="link" danger onClick={() => void save({ date: d.date, kind: null })}>
                {t('grid.settings.remove')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
