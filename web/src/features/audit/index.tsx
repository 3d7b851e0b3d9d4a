import { AuditOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/** The audit log and the daily jobs. */
export const auditFeature = defineFeature({
  name: 'audit',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'audit',
      path: '/audit',
      icon: <AuditOutlined />,
      permission: 'audit:read',
      label: 'audit.nav',
      desc: 'audit.homeDesc',
    },
  ],
  routes: [guarded('audit', 'audit:read', [{ index: true, ...page(() => import('./pages/AuditPage')) }])],
});
