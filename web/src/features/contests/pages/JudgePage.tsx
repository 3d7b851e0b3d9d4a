import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, InputNumber, List, Tag, Typography } from 'antd';
import { CameraOutlined, CheckCircleOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { contestsContract, type MyRound } from '@fivestar/common';
import { call } from '../../../api/client';
import { useMe } from '../../../api/session';
import { PageHeader } from '../../../components/PageHeader';
import { useOnline } from '../../../components/useOnline';
import { readPhoto } from '../../grid';
import {
  enqueueSheet,
  listSheets,
  subscribeSheets,
  syncSheets,
  type QueuedPhoto,
  type QueuedSheet,
} from '../offline/outbox';

const cacheKey = (username: string) => `fivestar.contests.mine.${username}`;

/** My rounds, kept on the phone so the list and the sheets open without a network. */
function useMyRounds(username: string, online: boolean) {
  const [rounds, setRounds] = useState<MyRound[] | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(cacheKey(username)) ?? 'null') as MyRound[] | null;
    } catch {
      return null;
    }
  });
  const reload = useCallback(() => {
    call(contestsContract.routes.mine).then(
      (r) => {
        setRounds(r);
        localStorage.setItem(cacheKey(username), JSON.stringify(r));
      },
      () => undefined,
    );
  }, [username]);
  useEffect(() => {
    if (online) reload();
  }, [online, reload]);
  return { rounds, reload };
}

/** The judge's phone: my rounds, my villages in lot order (scored, waiting to be sent, left), the sheet, the queue. */
export default function JudgePage() {
  const { t } = useTranslation();
  const me = useMe();
  const online = useOnline();
  const { rounds, reload } = useMyRounds(me.username, online);
  const [queue, setQueue] = useState<QueuedSheet[]>([]);
  const [scoring, setScoring] = useState<{ round: MyRound; unitId: number; name: string } | null>(null);

  const refresh = useCallback(() => {
    listSheets(me.username).then(setQueue, () => undefined);
  }, [me.username]);
  useEffect(() => {
    refresh();
    return subscribeSheets(refresh);
  }, [refresh]);
  const sync = useCallback(async () => {
    await syncSheets(me.username);
    reload();
  }, [me.username, reload]);
  useEffect(() => {
    if (online) void sync();
  }, [online, sync]);

  const open = (rounds ?? []).filter((r) => r.status === 'open');
  const waiting = queue.filter((q) => q.state !== 'sent');

  return (
    <div className="fs-report" data-testid="judge-home">
      <PageHeader title={t('contests.judgeTitle')} subtitle={t('contests.judgeSubtitle')} />
      <Alert
        data-testid="network-state"
        data-online={online ? 'yes' : 'no'}
        type={online ? 'success' : 'warning'}
        showIcon
        title={online ? t('contests.online') : t('contests.offline')}
        style={{ marginBottom: 12 }}
      />
      {scoring ? (
        <SheetForm
          round={scoring.round}
          unitId={scoring.unitId}
          name={scoring.name}
          onDone={() => {
            setScoring(null);
            if (navigator.onLine) void sync();
          }}
        />
      ) : open.length === 0 ? (
        <Empty description={t('contests.noRounds')} />
      ) : (
        open.map((r) => {
          const queuedUnits = new Set(waiting.filter((q) => q.roundId === r.id).map((q) => q.body.unitId));
          const done = r.units.filter((u) => u.submitted.length > 0).length;
          const left =
            r.units.length -
            done -
            r.units.filter((u) => !u.submitted.length && queuedUnits.has(u.unitId)).length;
          return (
            <Card key={r.id} size="small" title={r.name} style={{ marginBottom: 12 }} data-testid="my-round">
              <Typography.Text type="secondary" data-testid="my-progress">
                {t('contests.progress', { done, total: r.units.length, left })}
              </Typography.Text>
              {left === 0 && waiting.length === 0 && (
                <Alert type="success" showIcon title={t('contests.allDone')} style={{ marginTop: 8 }} />
              )}
              <List
                dataSource={r.units}
                renderItem={(u) => {
                  const state = u.submitted.length ? 'scored' : queuedUnits.has(u.unitId) ? 'queued' : 'left';
                  return (
                    <List.Item
                      data-testid="my-unit"
                      data-state={state}
                      actions={
                        state === 'left'
                          ? [
                              <Button
                                key="s"
                                type="primary"
                                size="small"
                                data-testid={`score-${u.unitId}`}
                                onClick={() => setScoring({ round: r, unitId: u.unitId, name: u.name })}
                              >
                                {t('contests.scoreVillage')}
                              </Button>,
                            ]
                          : []
                      }
                    >
                      <span>
                        {u.lotOrder}. {u.name}
                      </span>{' '}
                      <Tag color={state === 'scored' ? 'green' : state === 'queued' ? 'gold' : 'default'}>
                        {t(`contests.${state}`)}
                      </Tag>
                    </List.Item>
                  );
                }}
              />
            </Card>
          );
        })
      )}
      <Card
        title={t('contests.queueTitle')}
        size="small"
        data-testid="sheet-queue"
        extra={
          <Button
            size="small"
            data-testid="sync-now"
            icon={<CloudUploadOutlined />}
            disabled={!online}
            onClick={() => void sync()}
          >
            {t('contests.syncNow')}
          </Button>
        }
      >
        {queue.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contests.queueEmpty')} />
        ) : (
          queue.map((q) => (
            <div key={q.localId} className="fs-queue-item" data-testid="queued-sheet" data-state={q.state}>
              <div className="fs-queue-main">
                <div className="fs-queue-title">{q.unitName}</div>
                {q.state === 'failed' && q.error && (
                  <Typography.Text type="danger">{q.error}</Typography.Text>
                )}
              </div>
              <Tag color={{ pending: 'gold', sending: 'blue', sent: 'green', failed: 'red' }[q.state]}>
                {q.state === 'sent' && <CheckCircleOutlined />} {t(`contests.sheetState.${q.state}`)}
              </Tag>
            </div>
          ))
        )}
      </Card>
    </div>
  );
}

/** One village's score sheet: a score per criterion (anchored levels shown), a note and a photo; into the queue. */
function SheetForm({
  round,
  unitId,
  name,
  onDone,
}: {
  round: MyRound;
  unitId: number;
  name: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const stage = round.stages[0]!;
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [photos, setPhotos] = useState<Record<string, QueuedPhoto>>({});
  const [missing, setMissing] = useState(false);
  const total = stage.criteria.reduce((a, c) => a + (scores[c.code] ?? 0), 0);

  const submit = async () => {
    if (stage.criteria.some((c) => scores[c.code] === undefined || scores[c.code] === null)) {
      setMissing(true);
      return;
    }
    await enqueueSheet(me.username, {
      roundId: round.id,
      unitName: name,
      body: {
        unitId,
        stage: stage.code,
        criteria: stage.criteria.map((c) => ({
          code: c.code,
          score: scores[c.code]!,
          note: notes[c.code] ?? '',
        })),
      },
      photos: Object.values(photos),
    });
    message.success(navigator.onLine ? t('contests.saved') : t('contests.savedOffline'));
    onDone();
  };

  return (
    <Card size="small" title={t('contests.sheetTitle', { name })} data-testid="sheet-form">
      {stage.criteria.map((c, i) => (
        <div
          key={c.code}
          className="fs-sheet-row"
          data-testid={`criterion-${c.code}`}
          style={{ marginBottom: 14 }}
        >
          {(i === 0 || stage.criteria[i - 1]!.group !== c.group) && c.group && (
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              {c.group}
            </Typography.Title>
          )}
          <div>
            <Typography.Text strong>{c.name}</Typography.Text>{' '}
            <Typography.Text type="secondary">{t('contests.criterionMax', { max: c.max })}</Typography.Text>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {c.levels.map((l) => `${l.label}（≥${l.min}）${l.description}`).join('；')}
          </Typography.Text>
          <div style={{ display: 'flex', gap: 8, marginTop: 4 }}>
            <InputNumber
              min={0}
              max={c.max}
              step={0.5}
              inputMode="decimal"
              data-testid={`score-input-${c.code}`}
              value={scores[c.code] ?? null}
              onChange={(v) => setScores((s) => ({ ...s, [c.code]: v }))}
              style={{ width: 90 }}
              status={missing && (scores[c.code] ?? null) === null ? 'error' : undefined}
            />
            <Input
              placeholder={t('contests.note')}
              value={notes[c.code] ?? ''}
              onChange={(e) => setNotes((n) => ({ ...n, [c.code]: e.target.value }))}
            />
            <label className="fs-photo-add" style={{ minWidth: 56 }} title={t('contests.photo')}>
              <CameraOutlined />
              <span>{photos[c.code] ? t('contests.photoAdded') : t('contests.photo')}</span>
              <input
                type="file"
                accept="image/*"
                capture="environment"
                style={{ display: 'none' }}
                data-testid={`photo-${c.code}`}
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f)
                    void readPhoto(f).then((p) =>
                      setPhotos((ps) => ({ ...ps, [c.code]: { code: c.code, data: p.data } })),
                    );
                }}
              />
            </label>
          </div>
        </div>
      ))}
      {missing && (
        <Alert type="error" showIcon title={t('contests.scoreRequired')} style={{ marginBottom: 8 }} />
      )}
      <Typography.Title level={5} data-testid="sheet-total">
        {t('contests.sheetTotal', { total })}
      </Typography.Title>
      <Button
        type="primary"
        block
        className="fs-report-submit"
        data-testid="sheet-submit"
        onClick={() => void submit()}
      >
        {t('contests.submitSheet')}
      </Button>
      <Button block style={{ marginTop: 8 }} onClick={onDone}>
        {t('contests.back')}
      </Button>
    </Card>
  );
}
