import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/**
 * Development registries (台账) that feed the stars: the township's dashboard of figures, the labour registry and
 * one page per registry, each with Excel in and out.
 */
export const developmentFeature = defineFeature({
  name: 'development',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'development',
      path: '/development',
      icon: <FundProjectionScreenOutlined />,
      permission: 'development:read',
      label: 'development.nav',
      desc: 'development.homeDesc',
    },
  ],
  routes: [
    guarded('development', 'development:read', [
      { index: true, ...page(() => import('./pages/DevelopmentPage')) },
      { path: 'labour', ...page(() => import('./pages/LabourPage')) },
      { path: 'r/:registry', ...page(() => import('./pages/RegistryPage')) },
    ]),
  ],
});
