import { FlagOutlined, StarOutlined } from '@ant-design/icons';
import { redirect } from 'react-router';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

export { PublicRevocations } from './components/PublicRevocations';

/** Supervision: task lists and 销号, slips, teams, scheduling and ranking, the progress wall, star management. */
export const supervisionFeature = defineFeature({
  name: 'supervision',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'supervision',
      path: '/supervision',
      icon: <FlagOutlined />,
      permission: 'supervision:read',
      label: 'supervision.nav',
      desc: 'supervision.homeDesc',
    },
    {
      key: 'supervision-stars',
      path: '/supervision/stars',
      icon: <StarOutlined />,
      permission: 'supervision:read',
      label: 'supervision.starsNav',
      desc: 'supervision.starsDesc',
    },
  ],
  routes: [
    guarded('supervision', 'supervision:read', [
      // A redirect before anything renders (an element that navigates left the content area blank meanwhile).
      { index: true, loader: () => redirect('/supervision/items') },
      { path: 'items', ...page(() => import('./pages/ItemsPage')) },
      { path: 'items/:id', ...page(() => import('./pages/ItemPage')) },
      { path: 'wall', ...page(() => import('./pages/WallPage')) },
      { path: 'reports', ...page(() => import('./pages/ReportsPage')) },
      { path: 'teams', ...page(() => import('./pages/TeamsPage')) },
      { path: 'stars', ...page(() => import('./pages/StarsPage')) },
    ]),
  ],
});
