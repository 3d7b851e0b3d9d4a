import { defineFeature } from '../../app/feature';
import { en, zh } from './i18n';

export { WorkbenchPanel, useMenuCounts } from './WorkbenchPanel';

/** The workbench on 首页 (a panel of the home page) and the to-do counts on the menu. */
export const workbenchFeature = defineFeature({ name: 'workbench', strings: { zh, en } });
