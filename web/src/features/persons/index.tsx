import { TeamOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/** People, with ID numbers and phones masked (reveal is audited). */
export const personsFeature = defineFeature({
  name: 'persons',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'persons',
      path: '/persons',
      icon: <TeamOutlined />,
      permission: 'person:read',
      label: 'persons.nav',
      desc: 'persons.homeDesc',
    },
  ],
  routes: [
    guarded('persons', 'person:read', [{ index: true, ...page(() => import('./pages/PersonsPage')) }]),
  ],
});
