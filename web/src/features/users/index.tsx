import { UserSwitchOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';

/** User administration. */
export const usersFeature = defineFeature({
  name: 'users',
  strings: () => import('./i18n'),
  nav: [
    {
      key: 'users',
      path: '/users',
      icon: <UserSwitchOutlined />,
      permission: 'user:read',
      label: 'users.nav',
      desc: 'users.homeDesc',
    },
  ],
  routes: [guarded('users', 'user:read', [{ index: true, ...page(() => import('./pages/UsersPage')) }])],
});
