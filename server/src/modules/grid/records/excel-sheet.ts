import type ExcelJS from 'exceljs';
import { AppError } from '../../../http/errors.ts';

/**
 * A ledger as an Excel sheet in the layout township offices keep: a title row, a header row, one row per record.
 * One column list per ledger serves both export and import, so an exported file re-imports as it is.
 */
export interface Column {
  header: string;
  key: string;
  width: number;
}

/** A bad cell of an imported sheet. */
export interface CellError {
  row: number;
  column: string;
  message: string;
}

/** At most this many data rows per import. */
const MAX_ROWS = 2000;

/** Loaded at first use, not at start-up (~0.6 s of a restart; docs/security.md item 40). */
const excel = () => import('exceljs').then((m) => m.default);

const fileError = (key: string) => new AppError('validation_failed', key, [{ path: 'data', message: key }]);

/** The .xlsx of a ledger: the title, the header and the rows (numbered in the first column). */
export async function workbookOf(title: string, columns: Column[], rows: Record<string, unknown>[]) {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet('台账');
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, columns.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  rows.forEach((r, i) => ws.addRow({ seq: i + 1, ...r }));
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell's text, whatever Excel stored (a date, rich text, a formula's result). */
const text = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v).trim();
};

/** Reads the first sheet's data rows by the template's headers; a wrong header is one error for the file. */
export async function readRows(data: string, columns: Column[]) {
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data, 'base64') as unknown as ExcelJS.Buffer);
  } catch {
    throw fileError('grid.excel.unreadable');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw fileError('grid.excel.unreadable');
  const header = ws.getRow(2);
  if (!columns.every((c, i) => text(header.getCell(i + 1).value) === c.header))
    throw fileError('grid.excel.header');
  const rows: { rowNumber: number; values: Record<string, string> }[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber <= 2) return;
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c.key] = text(row.getCell(i + 1).value)));
    if (columns.some((c) => c.key !== 'seq' && values[c.key])) rows.push({ rowNumber, values });
  });
  if (rows.length === 0) throw fileError('grid.excel.empty');
  if (rows.length > MAX_ROWS) throw fileError('grid.excel.too_many');
  return rows;
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
