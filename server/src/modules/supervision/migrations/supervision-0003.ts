import { sql } from 'kysely';
import type { AppMigration } from '../../../db/migration-kit.ts';

/**
 * A star decision keeps what it decided on (village, year, star): the public record of revocations must survive the
 * award row itself being replaced (the ratings module's Excel import rewrites a year's awards).
 */
export const supervision0003: AppMigration = {
  name: 'supervision-0003-decision-subject',
  async up({ db }) {
    await db.schema.alterTable('sv_star_decisions').addColumn('unit_name', 'text').execute();
    await db.schema.alterTable('sv_star_decisions').addColumn('year', 'integer').execute();
    await db.schema.alterTable('sv_star_decisions').addColumn('star_code', 'text').execute();
    await sql`
      update sv_star_decisions set
        year = (select a.year from star_awards a where a.id = sv_star_decisions.award_id),
        star_code = (select a.star_code from star_awards a where a.id = sv_star_decisions.award_id),
        unit_name = (select o.name from star_awards a join org_units o on o.id = a.org_unit_id
                     where a.id = sv_star_decisions.award_id)`.execute(db);
  },
};
