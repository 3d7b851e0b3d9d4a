import type { Generated } from 'kysely';

/** Columns every registry table has. */
interface Base {
  id: Generated<number>;
  org_unit_id: number;
  unit_path: string;
  version: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}
interface WithParent {
  parent_id: number;
}
interface WithPerson {
  person_id: number;
  id_number_hash: string | null;
}

export interface DevTrainingSessionsTable extends Base {
  topic: string;
  title: string;
  start_date: string;
  end_date: string;
  place: string;
  trainer: string | null;
}
export interface DevTrainingAttendanceTable extends Base, WithParent, WithPerson {
  signed_on: string;
}
export interface DevCertificatesTable extends Base, WithPerson {
  name: string;
  issuer: string | null;
  issued_on: string;
}
export interface DevJobFairsTable extends Base {
  name: string;
  held_on: string;
  place: string;
}
export interface DevFairEmployersTable extends Base, WithParent {
  name: string;
  origin: string;
  jobs: number;
}
export interface DevPlacementsTable extends Base, WithPerson {
  employer: string;
  placed_on: string;
  fair_name: string | null;
  m3_due: string;
  m3_done_on: string | null;
  m3_employed: number | null;
  m3_note: string | null;
  m6_due: string;
  m6_done_on: string | null;
  m6_employed: number | null;
  m6_note: string | null;
}
export interface DevRelocationsTable extends Base {
  household_head: string;
  people: number;
  destination: string;
  handover_on: string;
}
export interface DevRelocationServicesTable extends Base {
  kind: string;
  name: string;
  started_on: string;
}
export interface DevProjectsTable extends Base {
  name: string;
  product: string;
  leader: string;
  team: string;
  plan: string;
  followed_through: number;
  enterprise: string | null;
  households: number | null;
  /** Hundredths of a 亩. */
  land_mu: number | null;
  status: string;
  started_on: string;
}
export interface DevProjectReportsTable extends Base, WithParent {
  reported_on: string;
  progress: string;
}
export interface DevEnterprisesTable extends Base {
  park: string;
  name: string;
  sector: string;
  admitted_on: string;
  jobs: number;
}
export interface DevCollectiveIncomeTable extends Base {
  category: string;
  /** Fen (hundredths of a yuan). */
  amount_yuan: number;
  received_on: string;
  voucher_no: string;
  note: string | null;
}
export interface DevServiceCentresTable extends Base {
  name: string;
  status: string;
  /** Hundredths of 万元. */
  investment_wan: number;
  planned_on: string;
  built_on: string | null;
}
export interface DevWelfarePostsTable extends Base, WithPerson {
  post: string;
  months: number;
  pay_from: string;
  pay_to: string;
}
export interface DevCleanersTable extends Base, WithPerson {
  area: string;
  since: string;
  until: string | null;
}
export interface DevCampaignsTable extends Base {
  kind: string;
  name: string;
  period_from: string;
  period_to: string;
}
export interface DevCampaignSigninsTable extends Base, WithParent {
  name: string;
  id_number_enc: string;
  id_number_hash: string | null;
  id_number_masked: string;
  role: string;
  signed_on: string;
}
export interface DevLabourTable {
  person_id: number;
  ability: string;
  whereabouts: string;
  away_place: string;
  skills: string;
  training_wish: string;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: number;
}
/** A file on a registry record; the bytes live in the file store under `sha256`. */
export interface DevFilesTable {
  id: Generated<number>;
  registry: string;
  record_id: number;
  org_unit_id: number;
  unit_path: string;
  sha256: string;
  mime: string;
  ext: string;
  size: number;
  name: string;
  uploaded_by: number | null;
  created_at: number;
}

export interface DevelopmentTables {
  dev_training_sessions: DevTrainingSessionsTable;
  dev_training_attendance: DevTrainingAttendanceTable;
  dev_certificates: DevCertificatesTable;
  dev_job_fairs: DevJobFairsTable;
  dev_fair_employers: DevFairEmployersTable;
  dev_placements: DevPlacementsTable;
  dev_relocations: DevRelocationsTable;
  dev_relocation_services: DevRelocationServicesTable;
  dev_projects: DevProjectsTable;
  dev_project_reports: DevProjectReportsTable;
  dev_enterprises: DevEnterprisesTable;
  dev_collective_income: DevCollectiveIncomeTable;
  dev_service_centres: DevServiceCentresTable;
  dev_welfare_posts: DevWelfarePostsTable;
  dev_cleaners: DevCleanersTable;
  dev_campaigns: DevCampaignsTable;
  dev_campaign_signins: DevCampaignSigninsTable;
  dev_labour: DevLabourTable;
  dev_files: DevFilesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends DevelopmentTables {}
}
