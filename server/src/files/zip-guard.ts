import { inflateRawSync } from 'node:zlib';

/**
 * Checks an .xlsx (a zip archive) before any parser opens it: a zip bomb declares or holds far more data than an
 * honest spreadsheet. The central directory is read by hand; the archive is refused when it declares too many
 * entries, too much in one entry or in total, an entry that expands more than `maxRatio` times, or sizes that
 * disagree with the entry's local header. Only then is each entry inflated, with an output limit of its declared
 * size, so an entry that lies about its size is caught after at most that many bytes (zlib stops there) and never
 * fills memory. Worksheets are counted for rows (`<row ` elements) on the way, so a sheet over the row limit is
 * refused before the spreadsheet parser builds a single row.
 */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Expanded ÷ compressed size of one entry; entries under 1 MiB expanded are not held to it. */
  maxRatio: number;
  /** Rows of one worksheet (the header rows included). */
  maxSheetRows: number;
}

export type ZipProblem =
  'not_zip' | 'too_many_entries' | 'too_large' | 'ratio' | 'too_many_rows' | 'inconsistent' | 'unsupported';

const RATIO_FLOOR = 1024 * 1024;
const SHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW_TAG = Buffer.from('<row ');

function countRows(xml: Buffer, stopAfter: number): number {
  let n = 0;
  for (let i = xml.indexOf(ROW_TAG); i >= 0 && n <= stopAfter; i = xml.indexOf(ROW_TAG, i + 5)) n++;
  return n;
}

export function zipProblem(buf: Buffer, limits: ZipLimits): ZipProblem | null {
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end of the file.
  if (buf.length < 22) return 'not_zip';
  const min = Math.max(0, buf.length - 22 - 65_535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'not_zip';
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) return 'unsupported'; // ZIP64: no spreadsheet we take needs it
  if (entries > limits.maxEntries) return 'too_many_entries';
  if (cdOffset + cdSize > eocd) return 'inconsistent';

  let total = 0;
  let p = cdOffset;
  const list: { name: string; method: number; compressed: number; size: number; offset: number }[] = [];
  for (let n = 0; n < entries; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) return 'inconsistent';
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    if (size === 0xffffffff || compressed === 0xffffffff || offset === 0xffffffff) return 'unsupported';
    if (size > limits.maxEntryBytes) return 'too_large';
    total += size;
    if (total > limits.maxTotalBytes) return 'too_large';
    if (size > RATIO_FLOOR && size > limits.maxRatio * Math.max(compressed, 1)) return 'ratio';
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    list.push({ name, method, compressed, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }

  for (const e of list) {
    if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50) return 'inconsistent';
    const flags = buf.readUInt16LE(e.offset + 6);
    const method = buf.readUInt16LE(e.offset + 8);
    if (method !== e.method) return 'inconsistent';
    // Without a data descriptor (bit 3), the local header repeats the sizes: they must agree.
    if ((flags & 0x08) === 0) {
      if (buf.readUInt32LE(e.offset + 18) !== e.compressed || buf.readUInt32LE(e.offset + 22) !== e.size)
        return 'inconsistent';
    }
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    if (start + e.compressed > buf.length) return 'inconsistent';
    const data = buf.subarray(start, start + e.compressed);
    let out: Buffer;
    if (e.method === 0) {
      if (e.compressed !== e.size) return 'inconsistent';
      out = data;
    } else if (e.method === 8) {
      try {
        // One byte over the declared size is enough to know it lied; zlib allocates no more than that.
        out = inflateRawSync(data, { maxOutputLength: e.size + 1 });
      } catch {
        return 'inconsistent';
      }
      if (out.length !== e.size) return 'inconsistent';
    } else return 'unsupported';
    if (SHEET.test(e.name) && countRows(out, limits.maxSheetRows) > limits.maxSheetRows)
      return 'too_many_rows';
  }
  return null;
}
