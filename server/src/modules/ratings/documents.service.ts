import type { PublicNotice } from '@fivestar/common';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { CurrentUser } from '../../http/current-user.ts';
import { notFound } from '../../http/errors.ts';
import { awardForCertificate } from './awards.repository.ts';
import { createPdfRenderer, drawCertificate, drawNotice } from './documents.pdf.ts';
import { branchKindOf, type StandardsService } from './standards.service.ts';

/** The printable documents: the public notice and the certificate of a named star. */
export function createDocumentsService({
  db,
  standards,
  log,
}: {
  db: Db;
  standards: StandardsService;
  log: FastifyBaseLogger;
}) {
  const render = createPdfRenderer({
    onLoadError: (err) =>
      log.error({ err }, 'PDF documents: the PDF library or the CJK font could not be loaded'),
  });
  return {
    noticePdf: (notice: PublicNotice) => render((doc) => drawNotice(doc, notice)),

    /** The certificate of a star the branch still holds, for a caller whose subtree holds the branch. */
    async certificatePdf(user: CurrentUser, awardId: number): Promise<Buffer> {
      const a = await awardForCertificate(db, awardId, user);
      if (!a || a.status !== 'active') throw notFound();
      const { defs } = await standards.ofYear(Number(a.year));
      const star = defs[branchKindOf(a.kind)].stars.find((s) => s.code === a.star_code);
      return render((doc) =>
        drawCertificate(doc, {
          id: a.id,
          year: Number(a.year),
          branchName: a.name,
          starName: star?.name ?? a.star_code,
          awardedAt: Number(a.awarded_at),
        }),
      );
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
