import { Alert, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import type { QueryState } from '../api/useApiQuery';

export interface Paging {
  page: number;
  pageSize: number;
}

/** Page number and size for a server-paged list; changing the size goes back to page 1. */
export function usePaging(pageSize = 20) {
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize });
  return {
    paging,
    setPaging,
    /** Back to page 1, e.g. after a filter changed. */
    firstPage: () => setPaging((p) => ({ ...p, page: 1 })),
  };
}

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  /** `data-testid` of the table's wrapper. */
  testId?: string;
  result: QueryState<{ items: T[]; total: number }>;
  paging: Paging;
  onPaging: (paging: Paging) => void;
}

/** A server-paged antd table with its error line: the list pages of every module use it. */
export function PagedTable<T extends object>({
  testId,
  result,
  paging,
  onPaging,
  ...table
}: PagedTableProps<T>) {
  const { t } = useTranslation();
  return (
    <>
      {result.error && (
        <Alert type="error" showIcon title={errorText(result.error, t)} style={{ marginBottom: 12 }} />
      )}
      <div data-testid={testId}>
        <Table<T>
          rowKey="id"
          size="middle"
          scroll={{ x: 'max-content' }}
          {...table}
          dataSource={result.data?.items}
          loading={result.loading}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: result.data?.total,
            showSizeChanger: true,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: (page, pageSize) =>
              onPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
          }}
        />
      </div>
    </>
  );
}
