import { NotificationOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/**
 * 公示: the public notice page any module's notices appear on (no sign-in, linked from the sign-in page) and the
 * officers' page for answering objections. The dictionaries load with the pages, not with the entry.
 */
export const publicityFeature = defineFeature({
  name: 'publicity',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'publicity',
      path: '/publicity/objections',
      icon: <NotificationOutlined />,
      permission: 'publicity:handle',
      label: 'publicity.nav',
      desc: 'publicity.homeDesc',
    },
  ],
  routes: [
    guarded('publicity/objections', 'publicity:handle', [
      { index: true, ...page(() => import('./pages/ObjectionsPage')) },
    ]),
  ],
  publicRoutes: [
    // Drawn without antd (like sign-in), so a villager's first visit stays small.
    { path: '/publicity', ...page(() => import('./pages/PublicPage')), handle: { bare: true } },
    { path: '/publicity/:id', ...page(() => import('./pages/PublicPage')), handle: { bare: true } },
  ],
});

/** The public page of one notice (for other features that link to the notice they published). */
export const publicNoticePath = (id: number) => `/publicity/${id}`;
