import { Alert, Table, type TableProps } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import type { QueryState } from '../api/useApiQuery';

export interface Paging {
  page: number;
  pageSize: number;
}

/**
 * Page number and size for a server-paged list — the one paging state of every list page. Pass `paging` with the
 * list's query and to `PagedTable`; call `firstPage()` whenever a filter changes.
 */
export function usePaging(pageSize = 20) {
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize });
  /** Back to page 1, e.g. after a filter changed. */
  const firstPage = useCallback(() => setPaging((p) => (p.page === 1 ? p : { ...p, page: 1 })), []);
  return { paging, setPaging, firstPage };
}

/** What PagedTable (or a list of cards) passes on when the page or its size changes: a new size starts at page 1. */
export const nextPaging = (current: Paging, page: number, pageSize: number): Paging => ({
  page: pageSize === current.pageSize ? page : 1,
  pageSize,
});

interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  /** `data-testid` of the table's wrapper. */
  testId?: string;
  result: QueryState<{ items: T[]; total: number }>;
  paging: Paging;
  onPaging: (paging: Paging) => void;
  /** The total under the table (default: "共 N 条"). */
  totalText?: (total: number) => ReactNode;
}

/** A server-paged antd table with its error line: the list pages of every module use it. */
export function PagedTable<T extends object>({
  testId,
  result,
  paging,
  onPaging,
  totalText,
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
            showTotal: totalText ?? ((n) => t('common.total', { count: n })),
            onChange: (page, pageSize) => onPaging(nextPaging(paging, page, pageSize)),
          }}
        />
      </div>
    </>
  );
}
