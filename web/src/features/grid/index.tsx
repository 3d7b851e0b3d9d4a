import { AlertOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/** Grid events: the centre's board, the phone report form with its outbox, ledgers, statistics, map, settings. */
export const gridFeature = defineFeature({
  name: 'grid',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'events',
      path: '/events',
      icon: <AlertOutlined />,
      permission: 'grid:read',
      label: 'grid.nav',
      desc: 'grid.homeDesc',
    },
  ],
  // `/events` itself (an index route: a splat alone does not match it, which once left the page empty) and every
  // tab below it; the module picks the tab (a grid worker lands on the report form, the public route below).
  routes: [
    guarded('events', 'grid:read', [
      { index: true, ...page(() => import('./pages/EventsModule')) },
      { path: '*', ...page(() => import('./pages/EventsModule')) },
    ]),
  ],
  // The grid worker's phone report form: signed in, but drawn without antd and outside the app's frame (it checks
  // the session itself), so a first visit on a village phone loads only the form and the grid's words.
  publicRoutes: [
    { path: '/events/report', ...page(() => import('./report/ReportLitePage')), handle: { bare: true } },
  ],
});
export { readPhoto } from './offline/outbox';
