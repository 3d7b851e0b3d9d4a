import { defineModule } from '../../kernel/module.ts';
import { personsRoutes } from './persons.routes.ts';
import { createPersonsService } from './persons.service.ts';
import './persons.tables.ts';

export { protectedIdentity } from './persons.service.ts';

/** People: ID numbers and phones encrypted and masked, an audited reveal. */
export const personsModule = defineModule({
  name: 'persons',
  messages: {
    'person.duplicate_id_number': { zh: '该身份证号已登记', en: 'This ID number is already registered' },
  },
  register: ({ app, db, keys, audit, clock }) => {
    const persons = createPersonsService({ db, keys, audit, clock });
    personsRoutes(app, { persons });
    return persons;
  },
});
