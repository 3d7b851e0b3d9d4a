import type ExcelJS from 'exceljs';
import { AppError } from '../http/errors.ts';
import { registerMessages } from '../http/messages.ts';
import { zipProblem, type ZipLimits } from './zip-guard.ts';

/**
 * The one Excel kit every import and ledger export goes through (docs/security.md item 30). It imports no module;
 * modules give it their columns, their row limit and the prefix of their own messages.
 *
 * Reading is bounded before any parser runs: the archive's central directory is checked against the limits
 * (settings `importLimits`: expanded bytes, entries, expansion ratio, rows), each entry is inflated no further than
 * it declares, and worksheets are counted for rows — a zip bomb or an oversized sheet is refused with 413 before
 * exceljs sees it. Only an archive that passed is parsed (exceljs' whole-file reader, whose memory the limits now
 * bound; its streaming reader spills sheets to temporary files and was flaky, see the note in `readLedger`).
 */
export interface ImportLimits {
  /** Expanded size of the whole archive (and so of any entry), bytes. */
  maxExpandedBytes: number;
  maxEntries: number;
  /** Expanded ÷ compressed, per entry over 1 MiB. */
  maxRatio: number;
  /** Data rows of one import, whatever the module allows. */
  maxRows: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxExpandedBytes: 64 * 1024 * 1024,
  maxEntries: 400,
  maxRatio: 200,
  maxRows: 20_000,
};

registerMessages({
  'files.excel.too_large': {
    zh: '文件解压后超出导入上限（内容过大、条目过多或压缩比异常），已拒绝；请拆分后再导入',
    en: 'The file expands beyond the import limits (too large, too many entries or an abnormal compression ratio); split it and try again',
  },
  'files.excel.too_many_rows': {
    zh: '表格行数超出一次导入的上限，请拆分后再导入',
    en: 'The sheet has more rows than one import takes; split it and try again',
  },
  'files.excel.unsafe': {
    zh: '文件结构异常，无法安全读取，请用 Excel 另存为 .xlsx 后再导入',
    en: 'The file’s structure is abnormal and cannot be read safely; save it again as .xlsx in Excel',
  },
});

/** Loaded at first use, not at start-up (~0.6 s of a restart; docs/security.md item 40). */
export const excel = () => import('exceljs').then((m) => m.default);

/** A ledger column: the same list serves export and import, so an exported file re-imports as it is. */
export interface LedgerColumn {
  key: string;
  header: string;
  width: number;
}

/** A cell's text, whatever Excel stored (a date, rich text, a formula's result). */
export function cellText(v: ExcelJS.CellValue): string {
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
}

/**
 * A ledger in the layout township offices keep: a title row, a header row, one row per record (numbered in the
 * `seq` column). `decorate` may format the sheet once the rows are in (number formats, drop-downs).
 */
export async function ledgerWorkbook(
  title: string,
  columns: LedgerColumn[],
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  decorate?: (ws: ExcelJS.Worksheet, rows: number) => void,
) {
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
  let n = 0;
  for await (const r of rows) ws.addRow({ seq: ++n, ...r });
  decorate?.(ws, n);
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: n };
}

/** How a module names its file problems: its message prefix (`grid.excel`) and the request field (`data`). */
export interface ReadOptions {
  limits: ImportLimits;
  /** The module's own row limit (the smaller of it and `limits.maxRows` applies). */
  maxRows: number;
  /** `<prefix>.unreadable`, `.header`, `.empty`, `.too_many` are the module's messages. */
  prefix: string;
  field: string;
  /** `413` for unreadable files too (ratings answered 415 before the kit). */
  unreadableCode?: 'validation_failed' | 'unsupported_media_type';
}

const problem = (
  code: 'validation_failed' | 'payload_too_large' | 'unsupported_media_type',
  key: string,
  field: string,
) => new AppError(code, key, [{ path: field, message: key }]);

/**
 * Checks the archive against the limits and opens it. A zip bomb, too many entries or rows answer 413; a file that
 * is no zip or lies about its sizes 400; nothing is parsed before the check passed.
 */
export async function openWorkbook(data: Uint8Array, o: ReadOptions): Promise<ExcelJS.Workbook> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const maxRows = Math.min(o.maxRows, o.limits.maxRows);
  const limits: ZipLimits = {
    maxEntries: o.limits.maxEntries,
    maxEntryBytes: o.limits.maxExpandedBytes,
    maxTotalBytes: o.limits.maxExpandedBytes,
    maxRatio: o.limits.maxRatio,
    maxSheetRows: maxRows + 2,
  };
  const found = zipProblem(buf, limits);
  if (found === 'not_zip')
    throw problem(o.unreadableCode ?? 'validation_failed', `${o.prefix}.unreadable`, o.field);
  if (found === 'too_many_rows') throw problem('payload_too_large', `${o.prefix}.too_many`, o.field);
  if (found === 'too_large' || found === 'too_many_entries' || found === 'ratio')
    throw problem('payload_too_large', 'files.excel.too_large', o.field);
  if (found) throw problem('validation_failed', 'files.excel.unsafe', o.field);
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw problem(o.unreadableCode ?? 'validation_failed', `${o.prefix}.unreadable`, o.field);
  }
  return wb;
}

/**
 * Reads the first sheet's data rows by the template's headers (row 2; data from row 3); a wrong header is one
 * error for the file, blank rows are skipped. exceljs' streaming WorkbookReader was tried and not used: when a
 * worksheet comes before the shared strings it spills the sheet to a temporary file (ID numbers on disk,
 * unencrypted), and it failed now and then on the same file. The row count is checked on the raw sheet before
 * parsing instead (`openWorkbook`).
 */
export async function readLedger(
  data: Uint8Array,
  columns: LedgerColumn[],
  o: ReadOptions,
  onRow?: (n: number) => void,
) {
  const wb = await openWorkbook(data, o);
  const ws = wb.worksheets[0];
  if (!ws) throw problem('validation_failed', `${o.prefix}.unreadable`, o.field);
  const header = ws.getRow(2);
  if (!columns.every((c, i) => cellText(header.getCell(i + 1).value) === c.header))
    throw problem('validation_failed', `${o.prefix}.header`, o.field);
  const maxRows = Math.min(o.maxRows, o.limits.maxRows);
  const rows: { rowNumber: number; values: Record<string, string> }[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber <= 2) return;
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c.key] = cellText(row.getCell(i + 1).value)));
    if (!columns.some((c) => c.key !== 'seq' && values[c.key])) return;
    rows.push({ rowNumber, values });
    onRow?.(rows.length);
  });
  if (rows.length > maxRows) throw problem('payload_too_large', `${o.prefix}.too_many`, o.field);
  if (rows.length === 0) throw problem('validation_failed', `${o.prefix}.empty`, o.field);
  return rows;
}
