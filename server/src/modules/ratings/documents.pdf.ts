import { readFile } from 'node:fs/promises';
import { chinaDate, type PublicNotice } from '@fivestar/common';
import { AppError } from '../../http/errors.ts';

/** The CJK font (Debian fonts-wqy-microhei); a .ttc needs the PostScript name of the face (fc-query). */
const CJK_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const CJK_FONT_NAME = 'WenQuanYiMicroHei';

type PdfDocument = PDFKit.PDFDocument;
const loadLibrary = () => import('pdfkit').then((m) => m.default);
interface PdfKit {
  PDFDocument: Awaited<ReturnType<typeof loadLibrary>>;
  /** The font file's bytes, read once (5 MB; each document embeds the subset of glyphs it uses). */
  font: Buffer;
}

/**
 * Renders PDFs with Chinese text. The PDF library and the CJK font are loaded at first use, not at start-up (~1.2 s
 * of a restart; docs/security.md item 40), and once: the requests of a first burst all wait on the same load, and
 * the font is read once, not per document.
 *
 * A load that fails is not remembered (the next request tries again) and is not a bare 500: without the font (the
 * Debian package fonts-wqy-microhei) the PDF routes answer 503 with a message saying the font is missing, and the
 * cause goes to the server log — a test run with the logger off still shows what is wrong.
 */
export function createPdfRenderer({
  fontFile = CJK_FONT_FILE,
  onLoadError = () => {},
}: {
  fontFile?: string;
  /** Told the cause when the library or the font cannot be loaded (the module logs it). */
  onLoadError?: (err: unknown) => void;
} = {}) {
  let loading: Promise<PdfKit> | null = null;

  /** The font's bytes; a missing file is the operator's to fix, and the caller is told so in plain words. */
  const readFont = () =>
    readFile(fontFile).catch((err: NodeJS.ErrnoException) => {
      onLoadError(err);
      throw err.code === 'ENOENT' ? new AppError('unavailable', 'ratings.pdf_font_missing') : err;
    });

  function load(): Promise<PdfKit> {
    loading ??= Promise.all([
      loadLibrary().catch((err: unknown) => {
        onLoadError(err);
        throw err;
      }),
      readFont(),
    ])
      .then(([PDFDocument, font]) => ({ PDFDocument, font }))
      .catch((err: unknown) => {
        loading = null;
        throw err;
      });
    return loading;
  }

  return async function render(draw: (doc: PdfDocument) => void): Promise<Buffer> {
    const { PDFDocument, font } = await load();
    return new Promise((resolve, reject) => {
      const doc = new PDFDocument({
        size: 'A4',
        margin: 56,
        info: { Title: 'FiveStar', Producer: 'FiveStar' },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.registerFont('cjk', font, CJK_FONT_NAME);
      doc.font('cjk');
      draw(doc);
      doc.end();
    });
  };
}

/** 2026年11月29日, the day in China of an instant. */
const ymd = (ms: number) => {
  const [y, m, d] = chinaDate(ms).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The public notice as a printable page: the branches and their stars, the window, the objections' outcomes. */
export function drawNotice(doc: PdfDocument, notice: PublicNotice) {
  doc.fontSize(18).text(notice.title, { align: 'center' });
  doc.moveDown();
  doc
    .fontSize(11)
    .text(
      `经村级自评申报、乡镇初审推荐、县级审核评定，现将以下党支部${notice.year}年度“五星”支部创建评定结果予以公示。` +
        `公示期：${ymd(Date.parse(notice.startsAt))}至${ymd(Date.parse(notice.endsAt) - 1)}。公示期间如有异议，可通过公示页面提交。`,
    );
  doc.moveDown();
  const byBranch = new Map<string, string[]>();
  for (const it of notice.items)
    byBranch.set(it.branchName, [...(byBranch.get(it.branchName) ?? []), it.starName]);
  let i = 1;
  for (const [branch, stars] of byBranch) doc.fontSize(12).text(`${i++}. ${branch}：${stars.join('、')}`);
  if (notice.objections.length > 0) {
    doc.moveDown().fontSize(12).text('异议处理情况：');
    for (const o of notice.objections)
      doc
        .fontSize(11)
        .text(
          `异议 ${o.id}：${o.status === 'open' ? '处理中' : o.status === 'upheld' ? '成立' : '不成立'}${o.outcome ? `，${o.outcome}` : ''}`,
        );
  }
  doc.moveDown(2).fontSize(12).text(notice.unitName, { align: 'right' });
  doc.text(ymd(Date.parse(notice.startsAt)), { align: 'right' });
}

/**
 * Lines of `units` (each kept whole) no wider than `width`, the first line indented by `indent`; a unit wider than a
 * whole line gets a line of its own.
 */
export function wrapUnits(
  units: string[],
  width: number,
  indent: number,
  measure: (s: string) => number,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    const room = width - (lines.length === 0 ? indent : 0);
    if (line && measure(line + unit) > room) {
      lines.push(line);
      line = unit;
    } else line += unit;
  }
  if (line) lines.push(line);
  return lines;
}

/** 荣誉证书: one star named for one branch. */
export function drawCertificate(
  doc: PdfDocument,
  c: { id: number; year: number; branchName: string; starName: string; awardedAt: number },
) {
  doc.moveDown(4).fontSize(32).text('荣 誉 证 书', { align: 'center' });
  doc.moveDown(2).fontSize(16).text(`${c.branchName}：`);
  // The star's name never breaks across lines: the sentence is wrapped here, by measure, between characters of the
  // rest but only around the quoted name (with its closing mark), and each line is drawn as it is.
  doc.moveDown();
  const units = [...`在${c.year}年度“五星”支部创建工作中，经评定，被命名为`, `“${c.starName}”。`];
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  wrapUnits(units, width, 32, (s) => doc.widthOfString(s)).forEach((line, i) =>
    doc.text(line, { indent: i === 0 ? 32 : 0 }),
  );
  doc.moveDown().text('特发此证，以资鼓励。', { indent: 32 });
  doc.moveDown(4).fontSize(14).text('中共范县县委组织部', { align: 'right' });
  doc.text(ymd(c.awardedAt), { align: 'right' });
  doc
    .moveDown(2)
    .fontSize(9)
    .text(`证书编号：FS-${c.year}-${String(c.id).padStart(6, '0')}`, { align: 'left' });
}
