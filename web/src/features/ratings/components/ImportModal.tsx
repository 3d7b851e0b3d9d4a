import { useState } from 'react';
import { Alert, Button, InputNumber, Modal, Space, Table } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { importReportSchema, ratingsContract, type ImportReport } from '@fivestar/common';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';

/** Imports a past year's ratings from the export layout; shows the row-by-row report (all or nothing). */
export function ImportModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (file: File) => {
    setBusy(true);
    setFailure(null);
    try {
      const done = await call(ratingsContract.routes.importTable, {
        query: { year },
        body: await file.arrayBuffer(),
      });
      setReport(done);
      onDone();
    } catch (err) {
      // A table with bad rows comes back as its row-by-row report (422); nothing was written.
      const rejected = err instanceof ApiError ? importReportSchema.safeParse(err.body) : null;
      if (rejected?.success) setReport(rejected.data);
      else setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open onCancel={onClose} footer={null} width={720} title={t('ratings.import.title')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('ratings.import.year')}</span>
        <InputNumber
          min={2000}
          max={new Date().getFullYear() - 1}
          value={year}
          onChange={(v) => setYear(Number(v ?? year))}
        />
        <Button
          icon={<UploadOutlined />}
          loading={busy}
          onClick={() => document.getElementById('ratings-import-file')?.click()}
        >
          {t('ratings.import.file')}
        </Button>
        <input
          id="ratings-import-file"
          type="file"
          hidden
          accept=".xlsx"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void send(f);
          }}
        />
      </Space>
      {failure && <Alert type="error" title={failure} />}
      {report?.ok && <Alert type="success" title={t('ratings.import.ok', { n: report.written })} />}
      {report && !report.ok && (
        <>
          <Alert
            type="error"
            title={t('ratings.import.failed', { n: report.errors.length })}
            style={{ marginBottom: 8 }}
          />
          <Table
            size="small"
            rowKey={(r) => `${r.row}:${r.column}:${r.message}`}
            dataSource={report.errors}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('ratings.import.row'), dataIndex: 'row', width: 70 },
              { title: t('ratings.import.column'), dataIndex: 'column', width: 140 },
              { title: t('ratings.import.message'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
