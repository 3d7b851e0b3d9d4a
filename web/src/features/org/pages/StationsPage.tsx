import { useState } from 'react';
import { Card, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgContract, type GridWorker, type Station } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { Masked } from '../../../components/Masked';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';

type TabKey = 'stations' | 'workers';

/** Grid stations and grid workers (法律明白人) within the user's scope. */
export default function StationsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabKey>('stations');
  const [unitId, setUnitId] = useState<number | undefined>();
  const { paging, setPaging, firstPage } = usePaging();

  const query = { query: { unitId, ...paging } };
  const stations = useApiQuery(tab === 'stations' ? orgContract.routes.stations : null, query);
  const workers = useApiQuery(tab === 'workers' ? orgContract.routes.workers : null, query);

  const stationColumns: TableColumnsType<Station> = [
    { title: t('org.stations.stationName'), dataIndex: 'name' },
    { title: t('common.unit'), dataIndex: 'unitName' },
    {
      title: t('org.stations.kind'),
      dataIndex: 'kind',
      render: (k: Station['kind']) => (
        <Tag color={k === 'centre' ? 'red' : 'default'}>{t(`org.stationKind.${k}`)}</Tag>
      ),
    },
    { title: t('org.workerCount'), dataIndex: 'workerCount', align: 'right' },
  ];
  const workerColumns: TableColumnsType<GridWorker> = [
    { title: t('org.stations.workerName'), dataIndex: 'name' },
    {
      title: t('org.stations.phone'),
      dataIndex: 'phone',
      render: (v: string | null) => <Masked value={v} />,
    },
    { title: t('org.stations.station'), dataIndex: 'stationName' },
    { title: t('common.unit'), dataIndex: 'unitName' },
    {
      title: t('org.account'),
      dataIndex: 'username',
      render: (v: string | null) => (v ? <span className="fs-mono">{v}</span> : '—'),
    },
  ];

  return (
    <>
      <PageHeader title={t('org.stations.title')} subtitle={t('org.stations.subtitle')} />
      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setTab(key as TabKey);
            firstPage();
          }}
          tabBarExtraContent={
            <UnitTreeSelect
              allowClear
              value={unitId}
              placeholder={t('common.allUnits')}
              onChange={(v) => {
                setUnitId(v);
                firstPage();
              }}
              style={{ width: 200 }}
            />
          }
          items={[
            { key: 'stations', label: t('org.stations.stations') },
            { key: 'workers', label: t('org.stations.workers') },
          ]}
        />
        {tab === 'stations' ? (
          <PagedTable<Station>
            columns={stationColumns}
            result={stations}
            paging={paging}
            onPaging={setPaging}
          />
        ) : (
          <PagedTable<GridWorker>
            columns={workerColumns}
            result={workers}
            paging={paging}
            onPaging={setPaging}
          />
        )}
      </Card>
    </>
  );
}
