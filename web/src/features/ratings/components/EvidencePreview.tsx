import { Alert, Button, Modal } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_INLINE_TYPES, ratingsContract } from '@fivestar/common';
import { urlOf } from '../../../api/client';

export interface EvidenceFileRef {
  id: number;
  name: string;
  mime: string;
}

/**
 * One evidence file opened in place: a photo as an image, a PDF in a frame (the server serves both inline when asked);
 * any other type only as a download.
 */
export function EvidencePreview({ file, onClose }: { file: EvidenceFileRef | null; onClose: () => void }) {
  const { t } = useTranslation();
  const route = ratingsContract.routes.evidence;
  const inline = file && EVIDENCE_INLINE_TYPES.includes(file.mime);
  const src = file ? urlOf(route, { params: { id: file.id }, query: { view: 'inline' } }) : '';
  return (
    <Modal
      open={file !== null}
      title={file?.name}
      onCancel={onClose}
      width={880}
      destroyOnHidden
      footer={
        file && (
          <Button icon={<DownloadOutlined />} href={urlOf(route, { params: { id: file.id }, query: {} })}>
            {t('ratings.form.download')}
          </Button>
        )
      }
    >
      {file &&
        (!inline ? (
          <Alert type="info" showIcon title={t('ratings.form.noPreview')} />
        ) : file.mime === 'application/pdf' ? (
          <iframe
            title={file.name}
            src={src}
            data-testid="evidence-pdf"
            style={{ width: '100%', height: '70vh', border: 0 }}
          />
        ) : (
          <img
            src={src}
            alt={file.name}
            data-testid="evidence-image"
            style={{ display: 'block', maxWidth: '100%', maxHeight: '70vh', margin: '0 auto' }}
          />
        ))}
    </Modal>
  );
}
