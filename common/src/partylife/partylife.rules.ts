/**
 * Party life (三会一课, 主题党日 "6+N", the secretaries' forum, member points, honour selections): the pure rules.
 * Frequencies, the quorum ratio, the make-up deadline, the six fixed theme-day actions and the points rules are
 * settings kept as data; the defaults below are what the programme documents say where they say it, and a guess
 * (said so in docs/programme.md) where they do not.
 */

/** The meeting types: 支委会, 党小组会, 党员大会, 党课, 主题党日, 组织生活会, 民主评议党员. */
export const MEETING_TYPES = [
  'committee',
  'group',
  'assembly',
  'lecture',
  'theme_day',
  'life_meeting',
  'appraisal',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const FREQUENCIES = ['month', 'quarter', 'year', 'none'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const ATTENDANCE = ['present', 'leave', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** 支委会 and 党小组会 monthly, 党员大会 and 党课 quarterly, 主题党日 monthly, 组织生活会 and 民主评议 yearly. */
export const DEFAULT_FREQUENCIES: Record<MeetingType, Frequency> = {
  committee: 'month',
  group: 'month',
  assembly: 'quarter',
  lecture: 'quarter',
  theme_day: 'month',
  life_meeting: 'year',
  appraisal: 'year',
};

/**
 * The six fixed actions (规定动作) of a theme day. Which six is not published in the material we have: this list is
 * an editable guess, shown as such to the township and county editors.
 */
export const DEFAULT_FIXED_ACTIONS = [
  '重温入党誓词',
  '集中学习',
  '交纳党费',
  '开展志愿服务',
  '组织研讨交流',
  '推进“五星”创建工作',
];

export interface PartyLifeSettings {
  frequencies: Record<MeetingType, Frequency>;
  /** A meeting is quorate when more than this share of the members who should attend are present. */
  quorumRatio: number;
  /** Days an absent member (or one on leave) has to make up the meeting (补课). */
  makeUpDays: number;
  /** Warn when a window ends within this many days and nothing is held yet. */
  warnDays: number;
  fixedActions: string[];
}

export const DEFAULT_PARTY_LIFE_SETTINGS: PartyLifeSettings = {
  frequencies: DEFAULT_FREQUENCIES,
  quorumRatio: 0.5,
  makeUpDays: 30,
  warnDays: 7,
  fixedActions: DEFAULT_FIXED_ACTIONS,
};

// ---- Windows ----------------------------------------------------------------------------------------------------

/** One window of a frequency: its key ('2023-03', '2023-Q1', '2023') and first and last days. */
export interface MeetingWindow {
  key: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The window of `freq` holding `date` (YYYY-MM-DD); null for 'none'. */
export function windowOf(freq: Frequency, date: string): MeetingWindow | null {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (freq === 'month')
    return { key: `${y}-${pad(m)}`, start: `${y}-${pad(m)}-01`, end: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  if (freq === 'quarter') {
    const q = Math.floor((m - 1) / 3) + 1;
    const first = (q - 1) * 3 + 1;
    return {
      key: `${y}-Q${q}`,
      start: `${y}-${pad(first)}-01`,
      end: `${y}-${pad(first + 2)}-${pad(lastDay(y, first + 2))}`,
    };
  }
  if (freq === 'year') return { key: String(y), start: `${y}-01-01`, end: `${y}-12-31` };
  return null;
}

/** The day after `date`. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `date` plus `days` (negative: before). */
export function plShiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b`. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The windows of `freq` that start on or after `from` and start on or before `to`: `closed` ones end by `to` (a
 * meeting was due in each), `open` is the one still running on `to` (due only once something is held in it).
 */
export function windowsIn(
  freq: Frequency,
  from: string,
  to: string,
): { closed: MeetingWindow[]; open: MeetingWindow | null } {
  const closed: MeetingWindow[] = [];
  let open: MeetingWindow | null = null;
  if (freq === 'none' || from > to) return { closed, open };
  let w = windowOf(freq, from)!;
  if (w.start < from) w = windowOf(freq, nextDay(w.end))!;
  while (w.start <= to) {
    if (w.end <= to) closed.push(w);
    else open = w;
    w = windowOf(freq, nextDay(w.end))!;
  }
  return { closed, open };
}

/**
 * Compliance of one branch over [from, to]: a window is due when it has closed, or when it is still open and
 * something was held in it; it is met when at least one meeting of its type was held in it. `held` maps a meeting
 * type to the keys of the windows met.
 */
export function complianceOf(
  frequencies: Record<MeetingType, Frequency>,
  from: string,
  to: string,
  held: Partial<Record<MeetingType, Set<string>>>,
): { due: number; met: number } {
  let due = 0;
  let met = 0;
  for (const type of MEETING_TYPES) {
    const { closed, open } = windowsIn(frequencies[type], from, to);
    const keys = held[type] ?? new Set<string>();
    due += closed.length;
    met += closed.filter((w) => keys.has(w.key)).length;
    if (open && keys.has(open.key)) {
      due++;
      met++;
    }
  }
  return { due, met };
}

/** Windows due across branches as a share met (1 when nothing was due), to three places. */
export const complianceRatio = (met: number, due: number) =>
  due === 0 ? 1 : Math.round((met / due) * 1000) / 1000;

/**
 * The frequency engine's warning for one type on `today`: the running window, when it ends within `warnDays` and
 * nothing is held in it yet; null otherwise.
 */
export function windowWarning(
  freq: Frequency,
  today: string,
  warnDays: number,
  heldKeys: Set<string>,
): (MeetingWindow & { daysLeft: number }) | null {
  const w = windowOf(freq, today);
  if (!w || heldKeys.has(w.key)) return null;
  const daysLeft = daysBetween(today, w.end);
  return daysLeft <= warnDays ? { ...w, daysLeft } : null;
}

// ---- Quorum ------------------------------------------------------------------------------------------------------

/** Present against the members who should attend (everyone listed, on leave or not): quorate above the ratio. */
export function quorumOf(attendance: readonly Attendance[], ratioNeeded: number) {
  const expected = attendance.length;
  const present = attendance.filter((a) => a === 'present').length;
  const leave = attendance.filter((a) => a === 'leave').length;
  return {
    expected,
    present,
    leave,
    absent: expected - present - leave,
    quorate: expected > 0 && present > expected * ratioNeeded,
  };
}

// ---- Member points ---------------------------------------------------------------------------------------------

export const CAP_PERIODS = ['month', 'quarter', 'year'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

/** What a points rule is credited from: attending a meeting of a type (automatic), or a member's claim (approved). */
export const POINT_SOURCES = ['attend', 'claim'] as const;
export type PointSource = (typeof POINT_SOURCES)[number];

/** The member classes a rule applies to (all members, or only those of one class). */
export const MEMBER_CLASSES = ['all', 'working', 'elderly', 'mobile'] as const;
export type MemberClass = (typeof MEMBER_CLASSES)[number];

export interface PointRule {
  code: string;
  name: string;
  points: number;
  source: PointSource;
  /** For 'attend': the meeting type that credits it. */
  meetingType: MeetingType | null;
  cap: number | null;
  capPeriod: CapPeriod;
  memberClass: MemberClass;
}

/**
 * The default rule table (an editable guess: the report names the points system, not its rules). Points are
 * counted per calendar year, so each year starts from zero (the yearly reset).
 */
export const DEFAULT_POINT_RULES: PointRule[] = [
  {
    code: 'attend_assembly',
    name: '参加党员大会',
    points: 2,
    source: 'attend',
    meetingType: 'assembly',
    cap: 8,
    capPeriod: 'year',
    memberClass: 'all',
  },
  {
    code: 'attend_group',
    name: '参加党小组会',
    points: 1,
    source: 'attend',
    meetingType: 'group',
    cap: 3,
    capPeriod: 'quarter',
    memberClass: 'all',
  },
  {
    code: 'attend_lecture',
    name: '参加党课',
    points: 2,
    source: 'attend',
    meetingType: 'lecture',
    cap: 8,
    capPeriod: 'year',
    memberClass: 'all',
  },
  {
    code: 'attend_theme_day',
    name: '参加主题党日',
    points: 2,
    source: 'attend',
    meetingType: 'theme_day',
    cap: 2,
    capPeriod: 'month',
    memberClass: 'all',
  },
  {
    code: 'volunteer',
    name: '志愿服务',
    points: 2,
    source: 'claim',
    meetingType: null,
    cap: 6,
    capPeriod: 'quarter',
    memberClass: 'all',
  },
  {
    code: 'household_visit',
    name: '联系服务群众（联户走访）',
    points: 1,
    source: 'claim',
    meetingType: null,
    cap: 4,
    capPeriod: 'month',
    memberClass: 'all',
  },
  {
    code: 'mediation',
    name: '参与矛盾纠纷调解',
    points: 3,
    source: 'claim',
    meetingType: null,
    cap: 9,
    capPeriod: 'quarter',
    memberClass: 'all',
  },
];

/** The key of the cap period holding `date`. */
export function capPeriodKey(period: CapPeriod, date: string): string {
  return windowOf(period, date)!.key;
}

/** What a credit of `points` is worth once the period's cap is counted (already: credited in the same period). */
export function cappedPoints(points: number, cap: number | null, already: number): number {
  if (cap === null) return points;
  return Math.max(0, Math.min(points, cap - already));
}

/** The quarter (1–4) of a date; a quarter's points go to 公示 after it ends. */
export const quarterOf = (date: string) => Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;

// ---- Honour selections -------------------------------------------------------------------------------------------

export const HONOUR_KINDS = ['household', 'village'] as const;
export type HonourKind = (typeof HONOUR_KINDS)[number];

/** The honours of the report: household titles and village titles. */
export const HONOUR_TITLES: { title: string; kind: HonourKind }[] = [
  { title: '文明家庭', kind: 'household' },
  { title: '好婆婆·好媳妇', kind: 'household' },
  { title: '最美家庭', kind: 'household' },
  { title: '最美公益岗', kind: 'household' },
  { title: '五美庭院', kind: 'household' },
  { title: '生态宜居明星村', kind: 'village' },
];

/**
 * A round's quota: for household titles, per village — `base` plus one per `per` members of the village's branch
 * (its size); for village titles, `base` villages in all.
 */
export interface QuotaRule {
  base: number;
  per: number | null;
}

export function quotaFor(rule: QuotaRule, size: number): number {
  return rule.base + (rule.per ? Math.floor(Math.max(0, size) / rule.per) : 0);
}

export const HONOUR_ROUND_STATUSES = ['nominating', 'reviewing', 'publicity', 'awarded'] as const;
export type HonourRoundStatus = (typeof HONOUR_ROUND_STATUSES)[number];

export const NOMINATION_STATUSES = ['nominated', 'recommended', 'approved', 'rejected', 'awarded'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** nomination → village recommendation → township review → 公示 → award: which step moves a nomination from where. */
export const NOMINATION_STEPS: Record<'recommend' | 'approve' | 'reject', NominationStatus[]> = {
  recommend: ['nominated'],
  approve: ['recommended'],
  reject: ['nominated', 'recommended', 'approved'],
};

/** Round steps: nominations are taken while nominating or reviewing; 公示 once reviewed; award after 公示. */
export const ROUND_STEPS: Record<'review' | 'publish' | 'award', HonourRoundStatus> = {
  review: 'nominating',
  publish: 'reviewing',
  award: 'publicity',
};

/** Every audit action party life writes (as `partylife.<action>`); the audit page names each one. */
export const PARTYLIFE_AUDIT_ACTIONS = [
  'settings',
  'meeting.create',
  'meeting.photo',
  'make_up.done',
  'forum.create',
  'forum.follow_up',
  'points.rules',
  'points.claim',
  'points.approve',
  'points.reject',
  'points.publish',
  'honours.round',
  'honours.nominate',
  'honours.recommend',
  'honours.approve',
  'honours.reject',
  'honours.review',
  'honours.publish',
  'honours.award',
] as const;
export type PartyLifeAuditAction = (typeof PARTYLIFE_AUDIT_ACTIONS)[number];
