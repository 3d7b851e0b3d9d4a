import { Card, Empty, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { supervisionContract, WALL_STATES } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { SupervisionTabs } from '../components/SupervisionTabs';

type State = (typeof WALL_STATES)[number];
const BG: Record<State, string> = {
  none: '#fafafa',
  held: '#f6ffed',
  done: '#d9f7be',
  on_track: '#e6f4ff',
  blue: '#bae0ff',
  yellow: '#fff1b8',
  red: '#ffccc7',
};
const FG: Record<State, string> = {
  none: '#8c8c8c',
  held: '#389e0d',
  done: '#237804',
  on_track: '#0958d9',
  blue: '#003eb3',
  yellow: '#ad6800',
  red: '#a8071a',
};

/** 挂图作战: villages × stars, each cell the state of that star's list; on a phone, one card per village. */
export default function WallPage() {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const { data, loading } = useApiQuery(supervisionContract.routes.wall, { query: { year } });
  const open = (unitId: number, star: string) =>
    void navigate(`/supervision/items?unit=${unitId}&star=${star}&year=${year}`);
  type Row = NonNullable<typeof data>['rows'][number];
  const cell = (r: Row, code: string) => {
    const c = r.cells[code]!;
    return (
      <div
        role="button"
        tabIndex={0}
        data-testid={`wall-${r.unitId}-${code}`}
        data-state={c.state}
        onClick={() => open(r.unitId, code)}
        onKeyDown={(e) => e.key === 'Enter' && open(r.unitId, code)}
        style={{
          background: BG[c.state],
          color: FG[c.state],
          borderRadius: 6,
          padding: '6px 8px',
          cursor: 'pointer',
          minWidth: 88,
          textAlign: 'center',
          fontSize: 13,
        }}
      >
        {c.total > 0
          ? t('supervision.wall.cell', { closed: c.closed, total: c.total })
          : t(`supervision.wall.${c.state}`)}
        {c.total > 0 && c.state !== 'on_track' && c.state !== 'done' && (
          <div>{t(`supervision.wall.${c.state}`)}</div>
        )}
      </div>
    );
  };
  const legend = (
    <Space wrap size={4} style={{ marginBottom: 12 }}>
      {WALL_STATES.map((s) => (
        <Tag key={s} style={{ background: BG[s], color: FG[s], borderColor: BG[s] }}>
          {t(`supervision.wall.${s}`)}
        </Tag>
      ))}
    </Space>
  );
  return (
    <div>
      <PageHeader
        title={t('supervision.wall.title')}
        subtitle={phone ? undefined : t('supervision.wall.subtitle')}
        extra={
          <Select
            value={year}
            style={{ width: 110 }}
            options={[thisYear - 3, thisYear - 2, thisYear - 1, thisYear].map((y) => ({
              value: y,
              label: y,
            }))}
            onChange={setYear}
          />
        }
      />
      <SupervisionTabs />
      {legend}
      {phone ? (
        <List
          loading={loading}
          dataSource={data?.rows}
          locale={{ emptyText: <Empty /> }}
          renderItem={(r) => (
            <Card
              size="small"
              style={{ marginBottom: 10 }}
              title={r.unitName}
              data-testid={`wall-row-${r.unitId}`}
            >
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
                {data!.stars.map((s) => (
                  <div key={s.code}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s.name}
                    </Typography.Text>
                    {cell(r, s.code)}
                  </div>
                ))}
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<Row>
          rowKey="unitId"
          size="small"
          loading={loading}
          data-testid="wall-table"
          dataSource={data?.rows}
          pagination={false}
          scroll={{ x: 'max-content', y: 620 }}
          columns={[
            { title: t('supervision.col.village'), dataIndex: 'unitName', fixed: 'left', width: 130 },
            ...(data?.stars ?? []).map((s) => ({
              title: s.name,
              key: s.code,
              render: (_: unknown, r: Row) => cell(r, s.code),
            })),
          ]}
        />
      )}
    </div>
  );
}
