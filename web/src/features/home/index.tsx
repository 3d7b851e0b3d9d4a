import { HomeOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';

/** The home page: who I am, and a tile for every module my role may open. */
export const homeFeature = defineFeature({
  name: 'home',
  strings: () => import('./i18n'),
  nav: [{ key: 'home', path: '/', icon: <HomeOutlined />, label: 'home.nav' }],
  routes: [{ index: true, ...page(() => import('./pages/HomePage')) }],
});
