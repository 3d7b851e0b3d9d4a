import { HomeOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { en, zh } from './i18n';

/** The home page: who I am, and a tile for every module my role may open. */
export const homeFeature = defineFeature({
  name: 'home',
  strings: { zh, en },
  nav: [{ key: 'home', path: '/', icon: <HomeOutlined />, label: 'home.nav' }],
  routes: [{ index: true, ...page(() => import('./pages/HomePage')) }],
});
