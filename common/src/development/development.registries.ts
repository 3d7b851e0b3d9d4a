/**
 * The development registries (台账) the township keeps for the stars: one descriptor per registry. A descriptor is
 * the single list of a registry's fields; the input schema, the server's columns, the Excel template (export and
 * import) and the web's forms and tables all follow from it, so a registry cannot be read one way and written
 * another.
 *
 * Field kinds:
 * - `unit`: a village (or community) in the caller's area — an id in the API, its name in Excel;
 * - `person`: a registered person — the 18-digit ID number in the API and in Excel (looked up by keyed hash,
 *   shown masked); the record then belongs to that person's village;
 * - `parent`: the record this one hangs off (the training session of an attendance, the job fair of an employer,
 *   the project of a progress report, the campaign of a sign-in) — given in the path, never a column;
 * - `idNumber`: a sign-in by someone who may not be registered (a villager at a campaign): kept encrypted with a
 *   keyed hash so the same person counts once.
 */

export type FieldKind =
  | 'text'
  | 'longtext'
  | 'int'
  | 'decimal'
  | 'date'
  | 'year'
  | 'enum'
  | 'bool'
  | 'unit'
  | 'person'
  | 'idNumber'
  | 'parent';

export interface EnumOption {
  value: string;
  zh: string;
  en: string;
}

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  /** The Excel header (templates are in Chinese, as the township keeps them) and the form label in zh. */
  zh: string;
  en: string;
  required?: boolean;
  max?: number;
  min?: number;
  options?: readonly EnumOption[];
  /** For `parent`: the registry it points to. */
  parent?: RegistryCode;
  /** Shown in lists (default true). */
  list?: boolean;
}

export interface RegistrySpec {
  code: RegistryCode;
  zh: string;
  en: string;
  /** Which side of the programme: people (labour, training, jobs, posts) or economy (projects, income, centres). */
  side: 'people' | 'economy';
  /** The date field that places a record in a period (lists and exports filter on it). */
  dateField: string | null;
  /** The field a list searches by text. */
  searchField: string | null;
  /** Its records carry files (vouchers, photos, PDFs) kept in the file store. */
  files?: boolean;
  fields: readonly FieldSpec[];
}

export const REGISTRY_CODES = [
  'trainingSessions',
  'trainingAttendance',
  'certificates',
  'jobFairs',
  'fairEmployers',
  'placements',
  'relocations',
  'relocationServices',
  'projects',
  'projectReports',
  'enterprises',
  'collectiveIncome',
  'serviceCentres',
  'welfarePosts',
  'cleaners',
  'campaigns',
  'campaignSignins',
] as const;
export type RegistryCode = (typeof REGISTRY_CODES)[number];

const opt = (value: string, zh: string, en: string): EnumOption => ({ value, zh, en });

export const TRAINING_TOPICS = [
  opt('planting', '种植', 'Crop growing'),
  opt('breeding', '养殖', 'Livestock'),
  opt('housekeeping', '家政', 'Housekeeping'),
  opt('beauty', '美容', 'Beauty care'),
  opt('ecommerce', '电子商务', 'E-commerce'),
  opt('other', '其他', 'Other'),
] as const;

export const EMPLOYER_ORIGINS = [
  opt('outside', '县外', 'From outside'),
  opt('local', '本地', 'Local'),
] as const;

export const RELOCATION_SERVICE_KINDS = [
  opt('property', '物业公司', 'Property company'),
  opt('troupe', '文艺队', 'Culture troupe'),
  opt('customs_council', '移风易俗理事会', 'Customs reform council'),
  opt('elder_daycare', '老年日间照料', 'Day care for the elderly'),
  opt('other', '其他', 'Other'),
] as const;

export const PROJECT_STATUSES = [
  opt('active', '推进中', 'Under way'),
  opt('finished', '已完成', 'Completed'),
  opt('stopped', '已中止', 'Stopped'),
] as const;

export const INCOME_CATEGORIES = [
  opt('operation', '经营收入', 'Operating income'),
  opt('rent', '发包及租赁收入', 'Leases and rents'),
  opt('investment', '投资收益', 'Investment returns'),
  opt('subsidy', '补助收入', 'Subsidies'),
  opt('other', '其他收入', 'Other income'),
] as const;

export const CENTRE_STATUSES = [
  opt('planned', '规划中', 'Planned'),
  opt('building', '在建', 'Under construction'),
  opt('built', '已建成', 'Built'),
] as const;

export const CAMPAIGN_KINDS = [
  opt('yellow_river', '黄河清“四乱”', 'Yellow River “four disorders”'),
  opt('four_beauty', '“四美乡村”', '“Four beauties” village'),
  opt('five_courtyard', '“五美庭院”', '“Five beauties” courtyard'),
  opt('clean_home', '全民动手·清洁家园', 'Everyone cleans the homeland'),
  opt('other', '其他', 'Other'),
] as const;

export const SIGNIN_ROLES = [
  opt('cadre', '乡村干部', 'Township or village cadre'),
  opt('cleaner', '保洁员', 'Cleaner'),
  opt('post_holder', '公益岗人员', 'Public-welfare post holder'),
  opt('villager', '村民', 'Villager'),
] as const;

export const LABOUR_ABILITIES = [
  opt('full', '完全劳动力', 'Full labour ability'),
  opt('partial', '部分劳动力', 'Partial labour ability'),
  opt('none', '无劳动能力', 'No labour ability'),
] as const;
export const LABOUR_WHEREABOUTS = [
  opt('home', '在家', 'At home'),
  opt('away', '外出务工', 'Working away'),
] as const;

const unit = { key: 'unit', kind: 'unit', zh: '村（社区）', en: 'Village', required: true } as const;

export const REGISTRIES: Record<RegistryCode, RegistrySpec> = {
  trainingSessions: {
    code: 'trainingSessions',
    zh: '技能培训',
    en: 'Training sessions',
    side: 'people',
    dateField: 'startDate',
    searchField: 'title',
    fields: [
      { ...unit, zh: '举办单位', en: 'Organised by' },
      { key: 'topic', kind: 'enum', zh: '培训内容', en: 'Topic', required: true, options: TRAINING_TOPICS },
      { key: 'title', kind: 'text', zh: '培训名称', en: 'Title', required: true, max: 80 },
      { key: 'startDate', kind: 'date', zh: '开始日期', en: 'Starts', required: true },
      { key: 'endDate', kind: 'date', zh: '结束日期', en: 'Ends', required: true },
      { key: 'place', kind: 'text', zh: '培训地点', en: 'Place', required: true, max: 80 },
      { key: 'trainer', kind: 'text', zh: '授课人', en: 'Trainer', max: 40 },
    ],
  },
  trainingAttendance: {
    code: 'trainingAttendance',
    zh: '培训签到',
    en: 'Training attendance',
    side: 'people',
    dateField: 'signedOn',
    searchField: null,
    fields: [
      {
        key: 'session',
        kind: 'parent',
        parent: 'trainingSessions',
        zh: '培训',
        en: 'Session',
        required: true,
      },
      { key: 'person', kind: 'person', zh: '身份证号', en: 'ID number', required: true },
      { key: 'signedOn', kind: 'date', zh: '签到日期', en: 'Signed in on', required: true },
    ],
  },
  certificates: {
    code: 'certificates',
    zh: '技能证书（人人持证）',
    en: 'Skill certificates',
    side: 'people',
    dateField: 'issuedOn',
    searchField: 'name',
    fields: [
      { key: 'person', kind: 'person', zh: '身份证号', en: 'ID number', required: true },
      { key: 'name', kind: 'text', zh: '证书名称', en: 'Certificate', required: true, max: 80 },
      { key: 'issuer', kind: 'text', zh: '发证机构', en: 'Issued by', max: 80 },
      { key: 'issuedOn', kind: 'date', zh: '发证日期', en: 'Issued on', required: true },
    ],
  },
  jobFairs: {
    code: 'jobFairs',
    zh: '招聘会',
    en: 'Job fairs',
    side: 'people',
    dateField: 'heldOn',
    searchField: 'name',
    fields: [
      { ...unit, zh: '举办单位', en: 'Organised by' },
      { key: 'name', kind: 'text', zh: '招聘会名称', en: 'Name', required: true, max: 80 },
      { key: 'heldOn', kind: 'date', zh: '举办日期', en: 'Held on', required: true },
      { key: 'place', kind: 'text', zh: '举办地点', en: 'Place', required: true, max: 80 },
    ],
  },
  fairEmployers: {
    code: 'fairEmployers',
    zh: '参会企业',
    en: 'Employers at a fair',
    side: 'people',
    dateField: null,
    searchField: 'name',
    fields: [
      { key: 'fair', kind: 'parent', parent: 'jobFairs', zh: '招聘会', en: 'Job fair', required: true },
      { key: 'name', kind: 'text', zh: '企业名称', en: 'Employer', required: true, max: 80 },
      {
        key: 'origin',
        kind: 'enum',
        zh: '企业来源',
        en: 'From',
        required: true,
        options: EMPLOYER_ORIGINS,
      },
      { key: 'jobs', kind: 'int', zh: '提供岗位数', en: 'Jobs offered', required: true, min: 0, max: 100000 },
    ],
  },
  placements: {
    code: 'placements',
    zh: '就业安置',
    en: 'Placements',
    side: 'people',
    dateField: 'placedOn',
    searchField: 'employer',
    fields: [
      { key: 'person', kind: 'person', zh: '身份证号', en: 'ID number', required: true },
      { key: 'employer', kind: 'text', zh: '就业单位', en: 'Employer', required: true, max: 80 },
      { key: 'placedOn', kind: 'date', zh: '就业日期', en: 'Placed on', required: true },
      { key: 'fairName', kind: 'text', zh: '招聘会（如有）', en: 'Through the fair', max: 80 },
    ],
  },
  relocations: {
    code: 'relocations',
    zh: '滩区迁建',
    en: 'Floodplain relocation',
    side: 'people',
    dateField: 'handoverOn',
    searchField: 'householdHead',
    fields: [
      { ...unit, zh: '迁出村', en: 'Source village' },
      { key: 'householdHead', kind: 'text', zh: '户主', en: 'Head of household', required: true, max: 40 },
      { key: 'people', kind: 'int', zh: '搬迁人数', en: 'People moved', required: true, min: 1, max: 30 },
      { key: 'destination', kind: 'text', zh: '安置社区', en: 'Destination', required: true, max: 40 },
      { key: 'handoverOn', kind: 'date', zh: '交房日期', en: 'Handed over on', required: true },
    ],
  },
  relocationServices: {
    code: 'relocationServices',
    zh: '搬迁后续服务',
    en: 'After-move services',
    side: 'people',
    dateField: 'startedOn',
    searchField: 'name',
    fields: [
      { ...unit, zh: '安置社区', en: 'Community' },
      {
        key: 'kind',
        kind: 'enum',
        zh: '服务类别',
        en: 'Kind',
        required: true,
        options: RELOCATION_SERVICE_KINDS,
      },
      { key: 'name', kind: 'text', zh: '名称', en: 'Name', required: true, max: 80 },
      { key: 'startedOn', kind: 'date', zh: '开始日期', en: 'Since', required: true },
    ],
  },
  projects: {
    code: 'projects',
    files: true,
    zh: '一村一品',
    en: 'One village, one product',
    side: 'economy',
    dateField: 'startedOn',
    searchField: 'name',
    fields: [
      unit,
      { key: 'name', kind: 'text', zh: '项目名称', en: 'Project', required: true, max: 80 },
      { key: 'product', kind: 'text', zh: '主导产品', en: 'Product', required: true, max: 40 },
      { key: 'leader', kind: 'text', zh: '一名领办人', en: 'Leader', required: true, max: 40 },
      { key: 'team', kind: 'text', zh: '一个专班', en: 'Team', required: true, max: 200 },
      { key: 'plan', kind: 'longtext', zh: '一套方案', en: 'Plan', required: true, max: 2000 },
      { key: 'followedThrough', kind: 'bool', zh: '一抓到底', en: 'Followed to the end' },
      { key: 'enterprise', kind: 'text', zh: '龙头企业', en: 'Lead enterprise', max: 80 },
      { key: 'households', kind: 'int', zh: '带动农户数', en: 'Farm households linked', min: 0, max: 100000 },
      { key: 'landMu', kind: 'decimal', zh: '流转土地（亩）', en: 'Land transferred (mu)', min: 0, max: 1e6 },
      {
        key: 'status',
        kind: 'enum',
        zh: '状态',
        en: 'Status',
        required: true,
        options: PROJECT_STATUSES,
      },
      { key: 'startedOn', kind: 'date', zh: '启动日期', en: 'Started on', required: true },
    ],
  },
  projectReports: {
    code: 'projectReports',
    files: true,
    zh: '项目进展',
    en: 'Progress reports',
    side: 'economy',
    dateField: 'reportedOn',
    searchField: null,
    fields: [
      { key: 'project', kind: 'parent', parent: 'projects', zh: '项目', en: 'Project', required: true },
      { key: 'reportedOn', kind: 'date', zh: '报告日期', en: 'Reported on', required: true },
      { key: 'progress', kind: 'longtext', zh: '进展情况', en: 'Progress', required: true, max: 2000 },
    ],
  },
  enterprises: {
    code: 'enterprises',
    zh: '孵化园入驻企业',
    en: 'Incubator enterprises',
    side: 'economy',
    dateField: 'admittedOn',
    searchField: 'name',
    fields: [
      { ...unit, zh: '所在村（园区）', en: 'Village (park)' },
      { key: 'park', kind: 'text', zh: '园区', en: 'Park', required: true, max: 40 },
      { key: 'name', kind: 'text', zh: '企业名称', en: 'Enterprise', required: true, max: 80 },
      { key: 'sector', kind: 'text', zh: '行业', en: 'Sector', required: true, max: 40 },
      { key: 'admittedOn', kind: 'date', zh: '入驻日期', en: 'Admitted on', required: true },
      {
        key: 'jobs',
        kind: 'int',
        zh: '带动就业（人）',
        en: 'Jobs created',
        required: true,
        min: 0,
        max: 100000,
      },
    ],
  },
  collectiveIncome: {
    code: 'collectiveIncome',
    files: true,
    zh: '村集体经济收入',
    en: 'Collective income',
    side: 'economy',
    dateField: 'receivedOn',
    searchField: 'voucherNo',
    fields: [
      unit,
      {
        key: 'category',
        kind: 'enum',
        zh: '收入类别',
        en: 'Category',
        required: true,
        options: INCOME_CATEGORIES,
      },
      {
        key: 'amountYuan',
        kind: 'decimal',
        zh: '金额（元）',
        en: 'Amount (yuan)',
        required: true,
        min: 0.01,
        max: 1e9,
      },
      { key: 'receivedOn', kind: 'date', zh: '入账日期', en: 'Received on', required: true },
      { key: 'voucherNo', kind: 'text', zh: '凭证号', en: 'Voucher no.', required: true, max: 40 },
      { key: 'note', kind: 'text', zh: '摘要', en: 'Note', max: 200 },
    ],
  },
  serviceCentres: {
    code: 'serviceCentres',
    files: true,
    zh: '党群服务中心',
    en: 'Party and public service centres',
    side: 'economy',
    dateField: 'plannedOn',
    searchField: 'name',
    fields: [
      unit,
      { key: 'name', kind: 'text', zh: '名称', en: 'Name', required: true, max: 80 },
      { key: 'status', kind: 'enum', zh: '状态', en: 'Status', required: true, options: CENTRE_STATUSES },
      {
        key: 'investmentWan',
        kind: 'decimal',
        zh: '投资（万元）',
        en: 'Investment (10k yuan)',
        required: true,
        min: 0,
        max: 1e6,
      },
      { key: 'plannedOn', kind: 'date', zh: '规划日期', en: 'Planned on', required: true },
      { key: 'builtOn', kind: 'date', zh: '建成日期', en: 'Built on' },
    ],
  },
  welfarePosts: {
    code: 'welfarePosts',
    zh: '公益岗',
    en: 'Public-welfare posts',
    side: 'people',
    dateField: 'payFrom',
    searchField: 'post',
    fields: [
      { key: 'person', kind: 'person', zh: '身份证号', en: 'ID number', required: true },
      { key: 'post', kind: 'text', zh: '岗位', en: 'Post', required: true, max: 40 },
      { key: 'months', kind: 'int', zh: '聘用月数', en: 'Months', required: true, min: 1, max: 36 },
      { key: 'payFrom', kind: 'date', zh: '发放起始', en: 'Paid from', required: true },
      { key: 'payTo', kind: 'date', zh: '发放截止', en: 'Paid to', required: true },
    ],
  },
  cleaners: {
    code: 'cleaners',
    zh: '保洁员',
    en: 'Cleaners',
    side: 'people',
    dateField: 'since',
    searchField: 'area',
    fields: [
      { key: 'person', kind: 'person', zh: '身份证号', en: 'ID number', required: true },
      { key: 'area', kind: 'text', zh: '保洁区域', en: 'Area', required: true, max: 80 },
      { key: 'since', kind: 'date', zh: '上岗日期', en: 'Since', required: true },
      { key: 'until', kind: 'date', zh: '离岗日期', en: 'Until' },
    ],
  },
  campaigns: {
    code: 'campaigns',
    zh: '人居环境整治活动',
    en: 'Environment campaigns',
    side: 'people',
    dateField: 'periodFrom',
    searchField: 'name',
    fields: [
      { ...unit, zh: '组织单位', en: 'Organised by' },
      { key: 'kind', kind: 'enum', zh: '活动类别', en: 'Kind', required: true, options: CAMPAIGN_KINDS },
      { key: 'name', kind: 'text', zh: '活动名称', en: 'Name', required: true, max: 80 },
      { key: 'periodFrom', kind: 'date', zh: '开始日期', en: 'From', required: true },
      { key: 'periodTo', kind: 'date', zh: '结束日期', en: 'To', required: true },
    ],
  },
  campaignSignins: {
    code: 'campaignSignins',
    zh: '活动签到',
    en: 'Campaign sign-ins',
    side: 'people',
    dateField: 'signedOn',
    searchField: 'name',
    fields: [
      { key: 'campaign', kind: 'parent', parent: 'campaigns', zh: '活动', en: 'Campaign', required: true },
      { ...unit, zh: '所在村（社区）', en: 'Village' },
      { key: 'name', kind: 'text', zh: '姓名', en: 'Name', required: true, max: 40 },
      { key: 'idNumber', kind: 'idNumber', zh: '身份证号', en: 'ID number', required: true },
      { key: 'role', kind: 'enum', zh: '身份', en: 'Taking part as', required: true, options: SIGNIN_ROLES },
      { key: 'signedOn', kind: 'date', zh: '签到日期', en: 'Signed in on', required: true },
    ],
  },
};

/** The registry's `parent` field, if it hangs off another record. */
export const parentFieldOf = (spec: RegistrySpec) => spec.fields.find((f) => f.kind === 'parent') ?? null;

/** The fields a person fills in (in a form or an Excel row): everything but the parent given by the path. */
export const inputFieldsOf = (spec: RegistrySpec) => spec.fields.filter((f) => f.kind !== 'parent');

/** The registries that hang off a record of `code` (the attendance of a session, …). */
export const childrenOf = (code: RegistryCode) =>
  REGISTRY_CODES.filter((c) => parentFieldOf(REGISTRIES[c])?.parent === code);
