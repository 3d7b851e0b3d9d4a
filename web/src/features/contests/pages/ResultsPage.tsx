import { Alert, Button, Card, Descriptions, Empty, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { contestsContract } from '@fivestar/common';
import { urlOf } from '../../../api/client';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';

const R = contestsContract.routes;
const TIER_COLOURS = ['gold', 'blue', 'cyan', 'default', 'default'];

/** The results: the formula and weights shown, the ranking best first with prize tiers, the meeting report. */
export default function ResultsPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const res = useApiQuery(R.results, { params: { id } });
  const r = res.data;
  if (!r) return null;
  const en = i18n.language.startsWith('en');
  const county = r.stages.length > 1;
  const criterion = r.tieBreak;
  return (
    <div>
      <PageHeader
        title={t('contests.resultsTitle', { name: r.name })}
        extra={
          <Button href={urlOf(R.report, { params: { id } })} target="_blank" data-testid="report-pdf">
            {t('contests.report')}
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} data-testid="formula">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('contests.formula')}>
            <Tag>{t(`contests.method.${r.method}`)}</Tag> {en ? r.formula.en : r.formula.zh}
          </Descriptions.Item>
          <Descriptions.Item label="">
            {t('contests.stages', {
              list: r.stages.map((s) => `${s.name} ${s.weight}%（${s.max}）`).join('；'),
            })}
          </Descriptions.Item>
          {criterion && (
            <Descriptions.Item label="">{t('contests.tieBreak', { criterion })}</Descriptions.Item>
          )}
          {r.prizeTiers.length > 0 && (
            <Descriptions.Item label="">
              {t('contests.tiers', {
                list: r.prizeTiers.map((n, i) => `${t('contests.tier', { n: i + 1 })} ${n}`).join('，'),
              })}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {!r.final && !r.hidden && (
        <Alert type="info" showIcon title={t('contests.provisional')} style={{ marginBottom: 12 }} />
      )}
      {r.hidden ? (
        <Alert type="warning" showIcon title={t('contests.hidden')} />
      ) : r.entries.length === 0 ? (
        <Empty description={t('contests.noResults')} />
      ) : (
        <Table
          rowKey="unitId"
          size="small"
          data-testid="ranking"
          dataSource={r.entries}
          pagination={{ pageSize: 60, hideOnSinglePage: true }}
          columns={[
            { title: t('contests.col.rank'), dataIndex: 'rank', width: 70 },
            { title: t('contests.col.village'), dataIndex: 'name' },
            ...(county ? [{ title: t('contests.col.parent'), dataIndex: 'parentName' }] : []),
            ...r.stages.map((s) => ({
              title: s.name,
              render: (_: unknown, e: (typeof r.entries)[number]) => e.stages[s.code]?.toFixed(2),
            })),
            { title: t('contests.col.score'), render: (_, e) => <b>{e.score.toFixed(2)}</b> },
            {
              title: t('contests.col.tier'),
              render: (_, e) =>
                e.tier ? (
                  <Tag color={TIER_COLOURS[e.tier - 1]}>{t('contests.tier', { n: e.tier })}</Tag>
                ) : null,
            },
            { title: t('contests.col.judges'), dataIndex: 'judges', width: 80 },
          ]}
        />
      )}
    </div>
  );
}
