import { useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { supervisionContract, type SupervisionItemDetail } from '@fivestar/common';
import { call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { SlipTag, STATUS_COLOR } from '../components/SlipTag';

const R = supervisionContract.routes;
type Dialog = null | 'progress' | 'reject' | 'reopen' | 'extend';

/** One item: what to do, the evidence, the next action one tap away, and its full history. */
export default function ItemPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const id = Number(useParams().id);
  const { data: item, error, reload } = useApiQuery(R.item, { params: { id } });
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setDialog(null);
      form.resetFields();
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={errorText(error, t)} />;
  if (!item) return <Card loading />;
  const can = (a: SupervisionItemDetail['allowed'][number]) => item.allowed.includes(a);
  const pending = item.extensionList.find((e) => e.status === 'pending');
  const mineToWork = can('progress') || can('submit') || can('close') || can('reopen');
  const next =
    item.status === 'closed'
      ? 'done'
      : !mineToWork
        ? 'owner'
        : item.status === 'submitted'
          ? can('close')
            ? 'check'
            : 'wait'
          : item.files < item.evidenceMin
            ? 'upload'
            : 'submit';

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    await run(async () => {
      for (const f of Array.from(files))
        await call(R.upload, { params: { id }, query: { name: f.name }, body: await f.arrayBuffer() });
    }, t('supervision.done.uploaded'));
    if (fileInput.current) fileInput.current.value = '';
  };

  const big = phone ? ({ size: 'large', block: true } as const) : ({} as const);
  const actions = (
    <Space orientation={phone ? 'vertical' : 'horizontal'} style={{ width: '100%' }} wrap>
      {can('progress') && (
        <Button
          {...big}
          icon={<CameraOutlined />}
          data-testid="action-upload"
          loading={busy}
          onClick={() => fileInput.current?.click()}
        >
          {t('supervision.action.upload')}
        </Button>
      )}
      {can('progress') && (
        <Button {...big} data-testid="action-progress" onClick={() => setDialog('progress')}>
          {t('supervision.action.progress')}
        </Button>
      )}
      {can('submit') && (
        <Button
          {...big}
          type={next === 'submit' ? 'primary' : 'default'}
          icon={<CheckOutlined />}
          data-testid="action-submit"
          loading={busy}
          disabled={item.files < item.evidenceMin}
          onClick={() =>
            void run(() => call(R.submit, { params: { id }, body: {} }), t('supervision.done.submitted'))
          }
        >
          {t('supervision.action.submit')}
        </Button>
      )}
      {can('close') && (
        <Button
          {...big}
          type="primary"
          icon={<CheckOutlined />}
          data-testid="action-close"
          loading={busy}
          onClick={() =>
            void run(() => call(R.close, { params: { id }, body: {} }), t('supervision.done.closed'))
          }
        >
          {t('supervision.action.close')}
        </Button>
      )}
      {can('reject') && (
        <Button {...big} danger data-testid="action-reject" onClick={() => setDialog('reject')}>
          {t('supervision.action.reject')}
        </Button>
      )}
      {can('reopen') && (
        <Button {...big} data-testid="action-reopen" onClick={() => setDialog('reopen')}>
          {t('supervision.action.reopen')}
        </Button>
      )}
      {can('extend') && (
        <Button {...big} data-testid="action-extend" onClick={() => setDialog('extend')}>
          {t('supervision.action.extend')}
        </Button>
      )}
      {can('decide_extension') && pending && (
        <>
          <Button
            {...big}
            data-testid="action-approve"
            onClick={() =>
              void run(
                () => call(R.decideExtension, { params: { id: pending.id }, body: { approve: true } }),
                t('supervision.done.decided'),
              )
            }
          >
            {t('supervision.action.approve')} {pending.toDeadline}
          </Button>
          <Button {...big} danger data-testid="action-refuse" onClick={() => setDialog('extend')}>
            {t('supervision.action.refuse')}
          </Button>
        </>
      )}
      <input
        ref={fileInput}
        type="file"
        accept="image/*,application/pdf,.docx,.xlsx"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => void upload(e.target.files)}
      />
    </Space>
  );

  const submitDialog = async () => {
    const v = (await form.validateFields()) as {
      progress: number;
      note: string;
      reason: string;
      deadline: { format(f: string): string };
    };
    if (dialog === 'progress')
      return run(
        () => call(R.progress, { params: { id }, body: { progress: v.progress, note: v.note } }),
        t('supervision.done.progress'),
      );
    if (dialog === 'reject')
      return run(
        () => call(R.reject, { params: { id }, body: { reason: v.reason } }),
        t('supervision.done.rejected'),
      );
    if (dialog === 'reopen')
      return run(
        () => call(R.reopen, { params: { id }, body: { reason: v.reason } }),
        t('supervision.done.reopened'),
      );
    if (dialog === 'extend' && can('decide_extension') && pending)
      return run(
        () =>
          call(R.decideExtension, { params: { id: pending.id }, body: { approve: false, reason: v.reason } }),
        t('supervision.done.decided'),
      );
    return run(
      () =>
        call(R.requestExtension, {
          params: { id },
          body: { deadline: v.deadline.format('YYYY-MM-DD'), reason: v.reason },
        }),
      t('supervision.done.extension'),
    );
  };

  return (
    <div data-testid="item-page">
      <Link to="/supervision/items" style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('supervision.detail.back')}
      </Link>
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Space size={4} wrap style={{ marginBottom: 6 }}>
          <SlipTag slip={item.slip} />
          <Tag color={STATUS_COLOR[item.status]} data-testid="item-status">
            {t(`supervision.status.${item.status}`)}
          </Tag>
          <Tag>{t(`supervision.list.${item.list}`)}</Tag>
          <Tag>{item.starName}</Tag>
        </Space>
        <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>
          {item.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {item.unitName} · {t('supervision.detail.deadline')} {item.deadline}
        </Typography.Text>
        <Progress percent={item.progress} />
        {item.slip && (
          <Alert
            style={{ marginTop: 8 }}
            type={item.slip === 'red' ? 'error' : item.slip === 'yellow' ? 'warning' : 'info'}
            showIcon
            title={
              item.escalatedTo
                ? `${t(`supervision.slipHint.${item.slip}`)} · ${t('supervision.detail.escalated', { name: item.escalatedTo.name })}`
                : t(`supervision.slipHint.${item.slip}`)
            }
          />
        )}
      </Card>
      <Card
        variant="borderless"
        title={t('supervision.detail.nextStep')}
        style={{ marginBottom: 12 }}
        data-testid="next-step"
      >
        <Typography.Paragraph>
          {t(`supervision.detail.next.${next}`, { name: item.ownerName })}
        </Typography.Paragraph>
        {actions}
      </Card>
      <Card variant="borderless" style={{ marginBottom: 12 }}>
        <Descriptions column={phone ? 1 : 2} size="small">
          <Descriptions.Item label={t('supervision.detail.measures')}>
            {item.measures || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.detail.evidence')}>
            {item.evidenceRequired || '—'} ·{' '}
            {t('supervision.detail.evidenceCount', { have: item.files, need: item.evidenceMin })}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.detail.owner')}>{item.ownerName}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.detail.checker')}>
            {item.checkerName ?? t('supervision.detail.anyChecker')}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.detail.source')}>
            {t(`supervision.source.${item.source}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('supervision.detail.deadline')}>
            {item.deadline}
            {item.extensions > 0 && ` · ${t('supervision.detail.extensions', { count: item.extensions })}`}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('supervision.detail.files')} style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={item.fileList}
          data-testid="file-list"
          renderItem={(f) => (
            <List.Item>
              <a href={urlOf(R.file, { params: { id: f.id } })} target="_blank" rel="noreferrer">
                <PaperClipOutlined /> {f.name}
              </a>
              <Typography.Text type="secondary">{f.uploadedBy}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      <Card variant="borderless" title={t('supervision.detail.history')}>
        <Timeline
          items={item.history.map((h) => ({
            content: (
              <div>
                <strong>{t(`supervision.log.${h.action}` as never)}</strong> · {h.actorName} ·{' '}
                <Typography.Text type="secondary">{new Date(h.at).toLocaleString()}</Typography.Text>
                {h.progress !== null && ` · ${h.progress}%`}
                {h.reason && <div>{h.reason}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={
          dialog &&
          t(`supervision.action.${dialog === 'extend' && can('decide_extension') ? 'refuse' : dialog}`)
        }
        okButtonProps={{ loading: busy, 'data-testid': 'dialog-ok' } as never}
        onOk={() => void submitDialog()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ progress: item.progress }}>
          {dialog === 'progress' && (
            <>
              <Form.Item name="progress" label={t('supervision.form.progress')} rules={[{ required: true }]}>
                <InputNumber min={0} max={100} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="note" label={t('supervision.form.note')} rules={[{ required: true }]}>
                <Input.TextArea rows={3} data-testid="field-note" />
              </Form.Item>
            </>
          )}
          {dialog === 'extend' && !can('decide_extension') && (
            <Form.Item name="deadline" label={t('supervision.form.deadline')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
          {dialog !== 'progress' && (
            <Form.Item name="reason" label={t('supervision.form.reason')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="field-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
