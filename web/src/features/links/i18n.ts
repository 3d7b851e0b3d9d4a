import type { Strings } from '../../i18n/types';

export const zh = {
  nav: '三联五帮',
  homeDesc: '包村干部、联片干部与党员联户，走访记录',
  title: '三联五帮 · 党员联户',
  subtitle: '每村有包村干部，村干部联片，党员联系农户（1+N+M），走访随手记',
  tabs: { cadres: '包村联片', households: '党员联户', mine: '我联系的农户' },
  kind: { village: '包村干部', section: '联片干部' },
  col: {
    village: '村（社区）',
    kind: '类型',
    cadre: '干部',
    section: '片区',
    since: '起始',
    member: '党员',
    household: '农户',
    address: '住址',
    visits: '走访次数',
    last: '最近走访',
  },
  visit: '记走访',
  visitDate: '走访日期',
  visitNote: '走访情况',
  visitSaved: '走访已记录。',
  empty: '暂无记录',
};

export const en: Strings<typeof zh> = {
  nav: 'Linked cadres',
  homeDesc: 'Village and section cadres, members linked to households, visits',
  title: 'Linked cadres · member–household links',
  subtitle:
    'Each village has its township cadre, village cadres keep sections, members keep households (1+N+M)',
  tabs: { cadres: 'Cadres', households: 'Households', mine: 'My households' },
  kind: { village: 'Village cadre', section: 'Section cadre' },
  col: {
    village: 'Village',
    kind: 'Kind',
    cadre: 'Cadre',
    section: 'Section',
    since: 'Since',
    member: 'Member',
    household: 'Household',
    address: 'Address',
    visits: 'Visits',
    last: 'Last visit',
  },
  visit: 'Log a visit',
  visitDate: 'Date',
  visitNote: 'What the visit found',
  visitSaved: 'Visit logged.',
  empty: 'Nothing yet',
};
