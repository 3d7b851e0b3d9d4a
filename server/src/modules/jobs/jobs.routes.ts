import { jobsContract } from '@fivestar/common';
import type { ZApp } from '../../http/route.ts';
import { serve } from '../../http/serve.ts';
import type { JobRunner } from './jobs.service.ts';

export function jobsRoutes(app: ZApp, { jobs }: { jobs: JobRunner }) {
  serve(app, jobsContract, { status: () => jobs.status() });
}
