import { useRef, useState } from 'react';
import { App, Button, Space } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { gridContract } from '@fivestar/common';
import { ApiError, call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';

const { routes } = gridContract;

/** The file as base64 (what the import routes take). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Export a ledger as Excel (the template), and import a filled template (all or nothing; grid:admin). */
export function LedgerExcel({
  ledger,
  period,
  onImported,
}: {
  ledger: 'disputes' | 'risks';
  /** The dispute ledger's period (the export holds what the page shows). */
  period?: { from: string; to: string };
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useCan();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const exportUrl =
    ledger === 'disputes' ? urlOf(routes.exportDisputes, { query: period }) : urlOf(routes.exportRisks);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const body = { data: await base64Of(file) };
      const res =
        ledger === 'disputes'
          ? await call(routes.importDisputes, { body })
          : await call(routes.importRisks, { body });
      message.success(t('grid.excel.imported', { count: res.imported }));
      onImported();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0)
        modal.error({
          title: t('grid.excel.rejected'),
          content: (
            <ul style={{ maxHeight: 320, overflow: 'auto', paddingLeft: 18 }}>
              {err.fields.map((f, i) => (
                <li key={i}>
                  {f.path.replace(/^rows\.(\d+)\.(\w+)$/, (_, r: string, c: string) =>
                    t('grid.excel.cell', { row: r, column: c }),
                  )}
                  ：{f.message}
                </li>
              ))}
            </ul>
          ),
        });
      else message.error(errorText(err, t));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Space>
      <Button icon={<DownloadOutlined />} href={exportUrl}>
        {t('grid.excel.export')}
      </Button>
      {can('grid:admin') && (
        <>
          <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
            {t('grid.excel.import')}
          </Button>
          <input
            ref={input}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            style={{ display: 'none' }}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
            }}
          />
        </>
      )}
    </Space>
  );
}
