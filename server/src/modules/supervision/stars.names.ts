/** Star names for messages and documents (the standards' own names, for the codes the defaults ship). */
const STAR_NAMES: Record<string, string> = {
  strong_branch: '支部过硬星',
  industry: '产业兴旺星',
  ecology: '生态宜居星',
  safety: '平安法治星',
  civility: '文明幸福星',
  livable: '宜居宜业星',
  cobuild: '共建共享星',
};
export const starName = (code: string) => STAR_NAMES[code] ?? code;
