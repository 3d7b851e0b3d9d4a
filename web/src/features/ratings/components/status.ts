/** The tag colour of each application status. */
export const STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  township_review: 'processing',
  returned: 'warning',
  county_review: 'processing',
  rated: 'cyan',
  publicity: 'purple',
  objection: 'orange',
  awarded: 'success',
  rejected: 'error',
  revoked: 'red',
};

/** Levels 0–5, light to dark. */
export const LEVEL_COLORS = ['#d9d9d9', '#ffe7ba', '#ffc069', '#fa8c16', '#d4380d', '#a8071a'];
