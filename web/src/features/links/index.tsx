import { UsergroupAddOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/** Linked cadres (三联五帮) and member–household links (1+N+M) with visits. */
export const linksFeature = defineFeature({
  name: 'links',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'links',
      path: '/links',
      icon: <UsergroupAddOutlined />,
      permission: 'links:read',
      label: 'links.nav',
      desc: 'links.homeDesc',
    },
  ],
  routes: [guarded('links', 'links:read', [{ index: true, ...page(() => import('./pages/LinksPage')) }])],
});
