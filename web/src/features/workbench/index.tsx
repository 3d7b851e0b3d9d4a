import { defineFeature } from '../../app/feature';

export { WorkbenchPanel, useMenuCounts } from './WorkbenchPanel';

/** The workbench on 首页 (a panel of the home page) and the to-do counts on the menu. */
export const workbenchFeature = defineFeature({ name: 'workbench', strings: () => import('./i18n') });
