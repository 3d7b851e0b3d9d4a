import type { CoreStrings } from './types';

/** The shell's own strings in English. */
export const en: CoreStrings = {
  app: {
    name: 'Five-Star Branch Platform',
    shortName: 'Five-Star',
    subtitle: 'Henan "Five-Star" party-branch programme · township work platform',
    demoNote: 'Demo data are illustrative',
  },
  nav: {
    menu: 'Menu',
  },
  common: {
    search: 'Search',
    cancel: 'Cancel',
    ok: 'OK',
    save: 'Save',
    edit: 'Edit',
    actions: 'Actions',
    total: '{{count}} in total',
    retry: 'Retry',
    yes: 'Yes',
    no: 'No',
    all: 'All',
    unit: 'Unit',
    status: 'Status',
    back: 'Back',
    loadFailed: 'Could not load',
    allUnits: 'All units',
    selectUnit: 'Select a unit',
  },
  lang: {
    label: 'Language',
    zh: '中文',
    en: 'English',
  },
  error: {
    network: 'Network error. Check your connection and try again.',
    unknown: 'Something went wrong. Please try again.',
  },
  err: {
    id_number: {
      format: 'An ID number has 18 characters (the last may be X)',
      birth_date: 'The date of birth in this ID number is invalid',
      checksum: 'The check digit of this ID number is wrong',
    },
    phone: { format: 'Enter an 11-digit mobile number' },
    username: { format: 'Starts with a letter; 3–32 letters, digits or _ . -' },
  },
  result: {
    noPermissionTitle: 'No permission',
    noPermission: 'Your role does not have access to this page. Ask your administrator if you need it.',
    notFoundTitle: 'Page not found',
    notFound: 'The page you are looking for does not exist or has been removed.',
    backHome: 'Back to home',
    crashTitle: 'Something went wrong',
    crash: 'An error occurred while loading this page. Please reload and try again.',
    reload: 'Reload',
  },
  level: {
    province: 'Province',
    city: 'City',
    county: 'County',
    township: 'Township',
    district: 'District',
    village: 'Village',
    community: 'Community',
  },
};
