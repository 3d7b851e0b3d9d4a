import { ApartmentOutlined, ClusterOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/** The organisation tree and branches; grid stations and their workers. */
export const orgFeature = defineFeature({
  name: 'org',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'org',
      path: '/org',
      icon: <ApartmentOutlined />,
      permission: 'org:read',
      label: 'org.nav',
      desc: 'org.homeDesc',
    },
    {
      key: 'grid',
      path: '/grid',
      icon: <ClusterOutlined />,
      permission: 'grid:read',
      label: 'org.stations.nav',
      desc: 'org.stations.homeDesc',
    },
  ],
  routes: [
    guarded('org', 'org:read', [
      { index: true, ...page(() => import('./pages/OrgPage')) },
      { path: 'branches/:id', ...page(() => import('./pages/BranchDetailPage')) },
    ]),
    guarded('grid', 'grid:read', [{ index: true, ...page(() => import('./pages/StationsPage')) }]),
  ],
});
