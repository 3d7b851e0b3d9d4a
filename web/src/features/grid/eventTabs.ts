/** The events pages' tabs in their order, each shown when the user holds the permission it names (if any). */
const EVENT_TABS = [
  ['board'],
  ['report', 'grid:report'],
  ['stats'],
  ['map'],
  ['disputes'],
  ['risks'],
  ['settings', 'grid:admin'],
] as const;

export type EventTab = (typeof EVENT_TABS)[number][0];

/** The tabs a user sees, by the permission check `can` (the board's antd tabs and the phone report page's links). */
export const eventTabs = (can: (permission: string) => boolean): EventTab[] =>
  EVENT_TABS.filter(([, needs]) => !needs || can(needs)).map(([key]) => key);
