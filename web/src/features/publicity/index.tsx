import { NotificationOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';
import { en, zh } from './i18n';

/**
 * 公示: the public notice page any module's notices appear on (no sign-in, linked from the sign-in page) and the
 * officers' page for answering objections.
 */
export const publicityFeature = defineFeature({
  name: 'publicity',
  strings: { zh, en },
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
    { path: '/publicity', ...page(() => import('./pages/PublicPage')) },
    { path: '/publicity/:id', ...page(() => import('./pages/PublicPage')) },
  ],
});
