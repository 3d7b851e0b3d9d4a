import { useRef, useState } from 'react';
import { App, Button, Progress, Space } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { developmentContract, type RegistryCode } from '@fivestar/common';
import { ApiError, call, urlOf, type Query } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';

const routes = developmentContract.routes;

const newImportId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Template, export and all-or-nothing import of one registry (or of the labour registry). A long import shows how
 * far it got; a refused one lists every bad cell by row and column, and nothing was written.
 */
export function ExcelBar({
  registry,
  query,
  parentId,
  onImported,
  compact,
}: {
  /** null: the labour registry. */
  registry: RegistryCode | null;
  query?: Query;
  parentId?: number;
  onImported: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const can = useCan();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ processed: number; total: number } | null>(null);

  const columnName = (key: string) =>
    key === 'personName'
      ? t('development.labour.name')
      : registry
        ? t(`development.field.${registry}.${key}`, { defaultValue: key })
        : t(`development.labour.${key}`, { defaultValue: key });

  const upload = async (file: File) => {
    const importId = newImportId();
    setProgress({ processed: 0, total: 0 });
    let done = false;
    const poll = async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 600));
        if (done) return;
        try {
          const p = await call(routes.importProgress, { params: { importId } });
          if (!done) setProgress({ processed: p.processed, total: p.total });
        } catch {
          // not started yet, or finished and gone: the import's own answer tells
        }
      }
    };
    void poll();
    try {
      const body = new Uint8Array(await file.arrayBuffer());
      const q = { importId, ...(parentId ? { parentId } : {}) };
      const res = registry
        ? await call(routes.import, { params: { registry }, query: q, body })
        : await call(routes.labourImport, { query: q, body });
      message.success(t('development.excel.imported', { count: res.imported }), 6);
      onImported();
    } catch (err) {
      if (err instanceof ApiError && err.fields.some((f) => f.path.startsWith('rows.')))
        modal.error({
          width: 560,
          title: t('development.excel.rejected'),
          content: (
            <ul data-testid="import-errors" style={{ maxHeight: 320, overflow: 'auto', paddingLeft: 18 }}>
              {err.fields.map((f, i) => {
                const m = /^rows\.(\d+)\.(\w+)$/.exec(f.path);
                return (
                  <li key={i}>
                    {m ? t('development.excel.cell', { row: m[1], column: columnName(m[2]!) }) : f.path}：
                    {f.message}
                  </li>
                );
              })}
            </ul>
          ),
        });
      else message.error(errorText(err, t));
    } finally {
      done = true;
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  const templateUrl = registry
    ? urlOf(routes.template, { params: { registry } })
    : urlOf(routes.labourTemplate);
  const exportUrl = registry
    ? urlOf(routes.export, { params: { registry }, query: { ...query, ...(parentId ? { parentId } : {}) } })
    : urlOf(routes.labourExport, { query });

  return (
    <Space wrap>
      {!compact && (
        <Button icon={<FileExcelOutlined />} href={templateUrl} data-testid="excel-template">
          {t('development.excel.template')}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} href={exportUrl} data-testid="excel-export">
        {t('development.excel.export')}
      </Button>
      {can('development:write') && (
        <>
          <Button
            type="primary"
            icon={<UploadOutlined />}
            loading={progress !== null}
            onClick={() => input.current?.click()}
            data-testid="excel-import"
          >
            {t('development.excel.import')}
          </Button>
          <input
            ref={input}
            type="file"
            data-testid="excel-file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            style={{ display: 'none' }}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
            }}
          />
        </>
      )}
      {progress && progress.total > 0 && (
        <Space size={4}>
          <Progress
            type="circle"
            size={28}
            percent={Math.round((progress.processed / progress.total) * 100)}
            showInfo={false}
          />
          {t('development.excel.importing', progress)}
        </Space>
      )}
    </Space>
  );
}
