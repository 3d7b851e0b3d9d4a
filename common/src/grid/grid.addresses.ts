/**
 * The routes the grid worker's phone report form calls, by method and path only: the form (drawn without antd, a
 * first visit on a village phone) and its outbox read them through `@fivestar/common/grid/addresses` without loading
 * the schema library. The contract builds those routes on these, so there is one source for each address.
 */
export const gridReportAddresses = {
  types: { method: 'GET', path: '/api/grid/types' },
  uploadPhoto: { method: 'POST', path: '/api/grid/attachments' },
  report: { method: 'POST', path: '/api/grid/events' },
} as const;
