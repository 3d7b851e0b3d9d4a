import { jobStatusSchema } from '@fivestar/common';
import { z } from 'zod';
import type { ZApp } from '../../http/route.ts';
import type { JobRunner } from './jobs.service.ts';

export function jobsRoutes(app: ZApp, { jobs }: { jobs: JobRunner }) {
  app.get(
    '/api/jobs',
    { schema: { tags: ['system'], response: { 200: z.array(jobStatusSchema) } } },
    async () => jobs.status(),
  );
}
