import { EditOutlined, TrophyOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';
import { en, zh } from './i18n';

/** Inspection rounds and contests: the judge's phone, the rounds, the chair's page, the results. */
export const contestsFeature = defineFeature({
  name: 'contests',
  strings: { zh, en },
  nav: [
    {
      key: 'contests-judge',
      path: '/contests/judge',
      icon: <EditOutlined />,
      permission: 'contest:score',
      label: 'contests.judgeNav',
      desc: 'contests.judgeDesc',
    },
    {
      key: 'contests',
      path: '/contests',
      icon: <TrophyOutlined />,
      permission: 'contest:read',
      label: 'contests.nav',
      desc: 'contests.homeDesc',
    },
  ],
  routes: [
    guarded('contests', 'contest:read', [
      { index: true, ...page(() => import('./pages/ContestsPage')) },
      { path: 'judge', ...page(() => import('./pages/JudgePage')) },
      { path: ':id', ...page(() => import('./pages/RoundPage')) },
      { path: ':id/results', ...page(() => import('./pages/ResultsPage')) },
    ]),
  ],
});
