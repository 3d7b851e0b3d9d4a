import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ratingsContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { RatingsTabs } from '../components/RatingsTabs';

const routes = ratingsContract.routes;

/** The township's targets for the year: branches per level and per star, and each village's target stars. */
export default function TargetsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const year = new Date().getFullYear();
  const { data, error, reload } = useApiQuery(routes.targets, { query: { year } });
  const { data: stds } = useApiQuery(routes.standards, { query: { year } });
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [stars, setStars] = useState<Record<string, number>>({});
  useEffect(() => {
    if (data) {
      setLevels(data.levels);
      setStars(data.stars);
    }
  }, [data]);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  const allStars = [
    ...new Map(
      (stds ?? []).flatMap((s) => s.definition.stars.map((x) => [x.code, x.name] as const)),
    ).entries(),
  ];
  const save = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('ratings.targets.saved'));
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  return (
    <div>
      <RatingsTabs />
      <Typography.Title level={4}>
        {t('ratings.targets.title')} · {year}
      </Typography.Title>
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Typography.Text strong>{t('ratings.targets.levels')}</Typography.Text>
        <Space wrap style={{ margin: '8px 0 16px', display: 'flex' }}>
          {['5', '4', '3', '2', '1', '0'].map((l) => (
            <InputNumber
              key={l}
              data-testid={`level-target-${l}`}
              min={0}
              addonBefore={t('ratings.levelShort', { n: l })}
              value={levels[l] ?? 0}
              onChange={(v) => setLevels({ ...levels, [l]: Number(v ?? 0) })}
              style={{ width: 130 }}
            />
          ))}
        </Space>
        <Typography.Text strong>{t('ratings.targets.starTargets')}</Typography.Text>
        <Space wrap style={{ margin: '8px 0 16px', display: 'flex' }}>
          {allStars.map(([code, name]) => (
            <InputNumber
              key={code}
              min={0}
              addonBefore={name}
              value={stars[code] ?? 0}
              onChange={(v) => setStars({ ...stars, [code]: Number(v ?? 0) })}
              style={{ width: 180 }}
            />
          ))}
        </Space>
        <Button
          type="primary"
          data-testid="save-targets"
          onClick={() => void save(() => call(routes.putTargets, { body: { year, levels, stars } }))}
        >
          {t('common.save')}
        </Button>
      </Card>
      <Card variant="borderless" title={t('ratings.targets.branchStars')}>
        <Table
          size="small"
          rowKey="branchId"
          loading={!data}
          dataSource={data?.branches ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('ratings.village'), dataIndex: 'branchName', width: 96 },
            {
              title: t('ratings.stars'),
              dataIndex: 'stars',
              render: (v: string[], r) => (
                <Select
                  mode="multiple"
                  // Fills its cell instead of a fixed minimum, so the table fits a 390 px phone.
                  style={{ width: '100%' }}
                  maxTagCount="responsive"
                  value={v}
                  options={allStars.map(([value, label]) => ({ value, label }))}
                  onChange={(next: string[]) =>
                    void save(() =>
                      call(routes.putBranchTargets, { body: { year, branchId: r.branchId, stars: next } }),
                    )
                  }
                />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
