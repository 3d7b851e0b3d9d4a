import { CommentOutlined, FlagOutlined, TrophyOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { defineFeature, page } from '../../app/feature';
import { guarded } from '../../app/guarded';
import { en, zh } from './i18n';

/** Party life: meetings and theme days, the secretaries' forum, member points, honour selections. */
export const partylifeFeature = defineFeature({
  name: 'partylife',
  strings: { zh, en },
  nav: [
    {
      key: 'partylife',
      path: '/party-life',
      icon: <FlagOutlined />,
      permission: 'partylife:read',
      label: 'partylife.nav',
      desc: 'partylife.homeDesc',
    },
    {
      key: 'partylife-forum',
      path: '/party-life/forum',
      icon: <CommentOutlined />,
      permission: 'partylife:manage',
      label: 'partylife.forumNav',
      desc: 'partylife.forumDesc',
    },
    {
      key: 'partylife-points',
      path: '/party-life/points',
      icon: <UnorderedListOutlined />,
      permission: 'partylife:read',
      label: 'partylife.pointsNav',
      desc: 'partylife.pointsDesc',
    },
    {
      key: 'partylife-honours',
      path: '/party-life/honours',
      icon: <TrophyOutlined />,
      permission: 'partylife:read',
      label: 'partylife.honoursNav',
      desc: 'partylife.honoursDesc',
    },
  ],
  routes: [
    guarded('party-life', 'partylife:read', [
      { index: true, ...page(() => import('./pages/PartyLifePage')) },
      { path: 'warnings', ...page(() => import('./pages/PartyLifePage')) },
      { path: 'make-ups', ...page(() => import('./pages/PartyLifePage')) },
      { path: 'forum', ...page(() => import('./pages/ForumPage')) },
      { path: 'points', ...page(() => import('./pages/PointsPage')) },
      { path: 'honours', ...page(() => import('./pages/HonoursPage')) },
    ]),
  ],
});
