import { ledgerWorkbook, readLedger, type ImportLimits, type LedgerColumn } from '../../../files/excel.ts';
import { AppError } from '../../../http/errors.ts';

/**
 * The grid ledgers' use of the Excel kit (server/src/files/excel.ts): one column list per ledger serves export and
 * import, so an exported file re-imports as it is.
 */
export type Column = LedgerColumn;

/** A bad cell of an imported sheet. */
export interface CellError {
  row: number;
  column: string;
  message: string;
}

/** At most this many data rows per import. */
const MAX_ROWS = 2000;

/** The .xlsx of a ledger: the title, the header and the rows (numbered in the first column). */
export async function workbookOf(title: string, columns: Column[], rows: Record<string, unknown>[]) {
  return (await ledgerWorkbook(title, columns, rows)).buffer;
}

/** Reads the first sheet's data rows by the template's headers, within the import limits. */
export async function readRows(data: string, columns: Column[], limits: ImportLimits) {
  return readLedger(Buffer.from(data, 'base64'), columns, {
    limits,
    maxRows: MAX_ROWS,
    prefix: 'grid.excel',
    field: 'data',
  });
}

/** The import is refused: each bad cell is reported as `rows.<n>.<column>` (the first 200). */
export function rejectCells(errors: CellError[]): never {
  throw new AppError(
    'validation_failed',
    'validation_failed',
    errors.slice(0, 200).map((e) => ({ path: `rows.${e.row}.${e.column}`, message: e.message })),
  );
}

/** Chinese label → code, for reading back what an export wrote. */
export function invert<K extends string>(labels: Record<K, string>): Record<string, K> {
  return Object.fromEntries(Object.entries<string>(labels).map(([code, label]) => [label, code])) as Record<
    string,
    K
  >;
}
