import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { contestsContract, type BracketSource, type RoundDetail } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';

const R = contestsContract.routes;

/**
 * A final's bracket: each source round (a township's round) → its qualifying places → this final. The chair
 * advances the winners of the closed sources; the card says what happened and what comes next.
 */
export function BracketCard({ round, onAdvanced }: { round: RoundDetail; onAdvanced: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [done, setDone] = useState<{ text: string; next: string } | null>(null);
  const b = round.bracket!;
  const waiting = b.sources.filter((s) => s.status === 'open').length;
  const pending = b.sources.filter((s) => s.advancedAt === null).length;
  const next = (stillWaiting: number) =>
    stillWaiting > 0
      ? t('contests.bracket.nextWaiting', { n: stillWaiting })
      : t('contests.bracket.nextJudging');

  const advance = () =>
    modal.confirm({
      title: t('contests.bracket.advance'),
      content: t('contests.bracket.advanceConfirm', { n: b.advanceTop }),
      onOk: async () => {
        try {
          const res = await call(R.advance, { params: { id: round.id } });
          setDone({
            text: t('contests.bracket.advancedDone', {
              sources: res.advanced.length,
              units: res.advanced.reduce((a, s) => a + s.units.length, 0),
              total: res.units,
            }),
            next: next(res.waiting.length),
          });
          onAdvanced();
        } catch (err) {
          message.error(errorText(err, t));
        }
      },
    });

  const state = (s: BracketSource) =>
    s.advancedAt !== null ? (
      <Tag color="green">{t('contests.bracket.advanced')}</Tag>
    ) : s.status === 'closed' ? (
      <Tag color="gold">{t('contests.bracket.ready')}</Tag>
    ) : (
      <Tag color="blue">{t('contests.bracket.waiting')}</Tag>
    );

  // What the page says when nothing was just done: where the bracket stands and what comes next.
  const standing =
    round.status === 'closed'
      ? null
      : !b.canAdvance && pending === 0
        ? next(0)
        : b.canAdvance
          ? t('contests.bracket.nextAdvance')
          : round.sheets > 0
            ? t('contests.bracket.fixed')
            : next(waiting);

  return (
    <Card
      size="small"
      title={t('contests.bracket.title')}
      style={{ marginBottom: 12 }}
      data-testid="bracket"
      extra={
        b.canAdvance ? (
          <Button type="primary" data-testid="advance-winners" onClick={advance}>
            {t('contests.bracket.advance')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">
        {t('contests.bracket.intro', { n: b.advanceTop })}
      </Typography.Paragraph>
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="advanced"
          title={done.text}
          description={done.next}
        />
      )}
      {!done && standing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="bracket-next"
          title={standing}
        />
      )}
      <Table<BracketSource>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={b.sources}
        data-testid="bracket-sources"
        columns={[
          { title: t('contests.bracket.township'), dataIndex: 'unitName' },
          {
            title: t('contests.bracket.source'),
            render: (_, s) => (
              <Link to={`/contests/${s.id}`}>
                {s.name}（{s.date}）
              </Link>
            ),
          },
          { title: t('contests.col.status'), render: (_, s) => state(s) },
          {
            title: t('contests.bracket.winners'),
            render: (_, s) => (
              <Space wrap size={4}>
                {s.winners.map((w) => (
                  <Tag key={w.unitId}>{t('contests.bracket.winner', { rank: w.rank, name: w.name })}</Tag>
                ))}
              </Space>
            ),
          },
          { title: '', render: () => '→', width: 40 },
        ]}
      />
      <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 0 }} data-testid="bracket-final">
        → {t('contests.bracket.final', { name: round.name, n: round.units })}
      </Typography.Paragraph>
    </Card>
  );
}
