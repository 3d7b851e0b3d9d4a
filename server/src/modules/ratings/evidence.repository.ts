import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { pathUnder } from '../../security/scope.ts';
import type { EvidenceFilesTable } from './ratings.tables.ts';

/** The SQL of the evidence files listed on indicators (`evidence_files`; the bytes live in the evidence folder). */

export async function insertEvidenceFile(db: DbOrTrx, values: Insertable<EvidenceFilesTable>) {
  const row = await db.insertInto('evidence_files').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A file within the subtree at `scopePath`. */
export function findEvidenceFile(db: DbOrTrx, id: number, scopePath: string) {
  return db
    .selectFrom('evidence_files')
    .selectAll()
    .where('id', '=', id)
    .where(pathUnder('unit_path', scopePath))
    .executeTakeFirst();
}
