import { useState } from 'react';
import { App, Button, Descriptions, Input, Modal, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { chinaDate, developmentContract, type DevRecord } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';

const routes = developmentContract.routes;

/** A placement's follow-ups at 3 and 6 months: when each is due, and recording one when it is. */
export function FollowUpModal({ record, onClose }: { record: DevRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const view = useApiQuery(routes.followUps, { params: { id: record.id } });
  const today = chinaDate(Date.now());
  const [doneOn, setDoneOn] = useState(today);
  const [employed, setEmployed] = useState(true);
  const [busy, setBusy] = useState(false);
  const v = view.data;
  const next = v ? (v.m3.doneOn ? (v.m6.doneOn ? null : 6) : 3) : null;
  const due = v && next ? (next === 3 ? v.m3.due : v.m6.due) : null;

  const save = async () => {
    if (!next) return;
    setBusy(true);
    try {
      await call(routes.followUp, {
        params: { id: record.id },
        body: { stage: next, doneOn, stillEmployed: employed, note: '' },
      });
      message.success(t('development.followUp.recorded'));
      view.reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const stage = (label: string, s: { due: string; doneOn: string | null; stillEmployed: boolean | null }) => (
    <Descriptions.Item label={label}>
      {t('development.followUp.due')} {s.due}{' '}
      {s.doneOn ? (
        <Tag color={s.stillEmployed ? 'green' : 'orange'}>
          {t('development.followUp.done')} {s.doneOn}
        </Tag>
      ) : s.due > today ? (
        <Tag>{t('development.followUp.notDue')}</Tag>
      ) : null}
    </Descriptions.Item>
  );

  return (
    <Modal
      open
      title={`${t('development.followUp.title')} · ${record.personName ?? ''}`}
      onCancel={onClose}
      footer={null}
    >
      {v && (
        <Descriptions column={1} size="small">
          {stage(t('development.followUp.m3'), v.m3)}
          {stage(t('development.followUp.m6'), v.m6)}
        </Descriptions>
      )}
      {can('development:write') && next && due && due <= today && (
        <Space wrap style={{ marginTop: 12 }}>
          <Input
            type="date"
            value={doneOn}
            min={due}
            max={today}
            onChange={(e) => setDoneOn(e.target.value)}
            style={{ width: 150 }}
          />
          <Space>
            {t('development.followUp.stillEmployed')}
            <Switch checked={employed} onChange={setEmployed} />
          </Space>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('development.followUp.record')}
          </Button>
        </Space>
      )}
    </Modal>
  );
}
