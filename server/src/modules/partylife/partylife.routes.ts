import { fileHeaders } from '../../kernel/file-store.ts';
import { partylifeContract } from '@fivestar/common';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { ForumService } from './forum.service.ts';
import type { HonoursService } from './honours.service.ts';
import type { MeetingsService } from './meetings.service.ts';
import type { OverviewService } from './partylife.service.ts';
import type { PointsService } from './points.service.ts';

export function partylifeRoutes(
  app: ZApp,
  s: {
    overview: OverviewService;
    meetings: MeetingsService;
    forum: ForumService;
    points: PointsService;
    honours: HonoursService;
  },
) {
  const { overview, meetings, forum, points, honours } = s;
  serve(app, partylifeContract, {
    summary: ({ user, query }) => overview.summary(user, query),
    settings: ({ user, query }) => overview.settings(user, query.unitId),
    setSettings: ({ user, body, ip }) => overview.setSettings(user, body, ip),
    members: ({ user, query }) => meetings.members(user, query.unitId),
    meetings: ({ user, query }) => meetings.list(user, query),
    createMeeting: ({ user, body, ip }) => meetings.create(user, body, ip),
    meeting: ({ user, params }) => meetings.get(user, params.id),
    uploadPhoto: ({ user, params, query, body, ip }) =>
      meetings.uploadPhoto(user, params.id, query.name, body, ip),
    photo: async ({ user, params, reply }) => {
      const f = await meetings.photo(user, params.id);
      return fileHeaders(reply, { mime: f.mime, name: f.name }).send(f.body);
    },
    makeUps: ({ user, query }) => meetings.makeUps(user, query),
    makeUpDone: ({ user, params, body, ip }) => meetings.makeUpDone(user, params.id, body, ip),
    compliance: ({ user, query }) => overview.compliance(user, query),
    warnings: ({ user, query }) => overview.warnings(user, query.unitId),
    forum: ({ user, query }) => forum.list(user, query),
    createForum: ({ user, body, ip }) => forum.create(user, body, ip),
    forumSession: ({ user, params }) => forum.get(user, params.id),
    createFollowUp: ({ user, params, body, ip }) => forum.createFollowUp(user, params.id, body, ip),
    pointRules: ({ user, query }) => points.rules(user, query.unitId),
    setPointRules: ({ user, body, ip }) => points.setRules(user, body, ip),
    ranking: ({ user, query }) => points.ranking(user, query),
    claims: ({ user, query }) => points.claims(user, query),
    createClaim: ({ user, body, ip }) => points.createClaim(user, body, ip),
    decideClaim: ({ user, params, body, ip }) => points.decideClaim(user, params.id, body, ip),
    pointNotices: ({ user }) => points.notices(user),
    publishPoints: ({ user, body, ip }) => points.publish(user, body, ip),
    rounds: ({ user, query }) => honours.list(user, query),
    createRound: ({ user, body, ip }) => honours.create(user, body, ip),
    round: ({ user, params }) => honours.detail(user, params.id),
    roundStep: ({ user, params, body, ip }) => honours.roundStep(user, params.id, body.action, ip),
    nominate: ({ user, params, body, ip }) => honours.nominate(user, params.id, body, ip),
    nominationStep: ({ user, params, body, ip }) => honours.step(user, params.id, body.action, ip),
    honours: ({ user, query }) => honours.registry(user, query),
  });
}
