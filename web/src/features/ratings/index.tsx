import { StarOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

const publicNoticePage = page(() => import('./pages/PublicNoticePage'));

/** Star ratings: dashboard, applications, notices, standards, targets; the public notice page needs no sign-in. */
export const ratingsFeature = defineFeature({
  name: 'ratings',
  strings: () => import('./i18n').then((m) => ({ zh: m.ratingsZh, en: m.ratingsEn })),
  nav: [
    {
      key: 'ratings',
      path: '/ratings',
      icon: <StarOutlined />,
      permission: 'rating:read',
      label: 'ratings.nav',
      desc: 'ratings.homeDesc',
    },
  ],
  routes: [
    guarded('ratings', 'rating:read', [
      { index: true, ...page(() => import('./pages/DashboardPage')) },
      { path: 'applications', ...page(() => import('./pages/ApplicationsPage')) },
      { path: 'applications/:id', ...page(() => import('./pages/ApplicationPage')) },
      { path: 'notices', ...page(() => import('./pages/NoticesPage')) },
      { path: 'standards', ...page(() => import('./pages/StandardsPage')) },
      { path: 'targets', ...page(() => import('./pages/TargetsPage')) },
    ]),
  ],
  publicRoutes: [
    // Drawn without antd (like sign-in), so a villager's first visit stays small; it shows supervision's list of
    // stars taken and restored, so supervision's words load with it.
    { path: '/notice', ...publicNoticePage, handle: { bare: true, strings: ['supervision'] } },
    { path: '/notice/:id', ...publicNoticePage, handle: { bare: true, strings: ['supervision'] } },
  ],
});
