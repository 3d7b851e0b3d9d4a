import { useRef, useState } from 'react';
import { Alert, App, Button, List, Modal, Popconfirm, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  developmentContract,
  INLINE_FILE_TYPES,
  type DevFile,
  type DevRecord,
  type RegistryCode,
} from '@fivestar/common';
import { call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';

const routes = developmentContract.routes;

const sizeText = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * A record's vouchers and files: the list, upload (the server decides the type by the bytes and says why it
 * refuses), delete, and a photo or PDF opened in place; other types are downloads.
 */
export function RecordFiles({
  code,
  record,
  title,
  onClose,
}: {
  code: RegistryCode;
  record: DevRecord;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const params = { registry: code, id: record.id };
  const list = useApiQuery(routes.files, { params });
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [viewing, setViewing] = useState<DevFile | null>(null);

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      for (const file of Array.from(files)) {
        try {
          await call(routes.uploadFile, {
            params,
            query: { name: file.name },
            body: await file.arrayBuffer(),
          });
          message.success(t('development.files.uploaded', { name: file.name }));
        } catch (err) {
          message.error(`${file.name}: ${errorText(err, t)}`);
        }
      }
      list.reload();
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async (f: DevFile) => {
    try {
      await call(routes.removeFile, { params: { fileId: f.id } });
      message.success(t('development.files.removed'));
      list.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const inline = (f: DevFile) => INLINE_FILE_TYPES.includes(f.mime);
  const src = (f: DevFile, view: boolean) =>
    urlOf(routes.file, { params: { fileId: f.id }, query: view ? { view: 'inline' } : {} });

  return (
    <Modal
      open
      title={t('development.files.title', { name: title })}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      <div data-testid="record-files">
        {can('development:write') && (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8, marginBottom: 12 }}>
            <input
              ref={input}
              type="file"
              multiple
              accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx"
              style={{ display: 'none' }}
              data-testid="file-input"
              onChange={(e) => void upload(e.target.files)}
            />
            <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
              {t('development.files.upload')}
            </Button>
            <Typography.Text type="secondary">{t('development.files.hint')}</Typography.Text>
          </div>
        )}
        <List<DevFile>
          loading={list.loading}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('development.files.empty') }}
          renderItem={(f) => (
            <List.Item
              data-testid={`file-${f.id}`}
              actions={[
                inline(f) && (
                  <Button key="view" type="link" icon={<EyeOutlined />} onClick={() => setViewing(f)}>
                    {t('development.files.preview')}
                  </Button>
                ),
                <Button key="download" type="link" icon={<DownloadOutlined />} href={src(f, false)}>
                  {t('development.files.download')}
                </Button>,
                can('development:write') && (
                  <Popconfirm
                    key="remove"
                    title={t('development.files.removeConfirm')}
                    onConfirm={() => void remove(f)}
                  >
                    <Button type="link" danger>
                      {t('development.files.remove')}
                    </Button>
                  </Popconfirm>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={f.name}
                description={`${sizeText(f.size)}${f.uploadedBy ? ` · ${t('development.files.by', { who: f.uploadedBy })}` : ''}`}
              />
            </List.Item>
          )}
        />
      </div>
      <Modal
        open={viewing !== null}
        title={viewing?.name}
        onCancel={() => setViewing(null)}
        width={880}
        destroyOnHidden
        footer={
          viewing && (
            <Button icon={<DownloadOutlined />} href={src(viewing, false)}>
              {t('development.files.download')}
            </Button>
          )
        }
      >
        {viewing &&
          (!inline(viewing) ? (
            <Alert type="info" showIcon title={t('development.files.noPreview')} />
          ) : viewing.mime === 'application/pdf' ? (
            <iframe
              title={viewing.name}
              src={src(viewing, true)}
              data-testid="file-pdf"
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          ) : (
            <img
              src={src(viewing, true)}
              alt={viewing.name}
              data-testid="file-image"
              style={{ display: 'block', maxWidth: '100%', maxHeight: '70vh', margin: '0 auto' }}
            />
          ))}
      </Modal>
    </Modal>
  );
}
