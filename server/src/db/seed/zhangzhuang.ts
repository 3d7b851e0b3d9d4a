/**
 * The demo township: Zhangzhuang town (张庄镇), Fan County, Puyang, Henan, as the 2023 report describes it.
 * The villages the report names are used; the rest are invented, plausible names, and the whole demo is illustrative.
 */

export const DISTRICTS = ['张庄管区', '王德隆管区', '大崔楼管区', '前房管区', '凤凰管区'] as const;

/** Villages named in the report (凤凰社区 is the floodplain resettlement community). */
export const NAMED_VILLAGES = [
  '蒲笠堌堆村',
  '王德隆村',
  '大崔楼村',
  '王英庄村',
  '前房村',
  '双庙朱村',
  '李菜园村',
  '后刘楼村',
  '凤凰岭村',
  '于庄村',
  '崔楼村',
] as const;

/** Invented names for the other villages (illustrative). */
export const INVENTED_VILLAGES = [
  '张庄村',
  '前张庄村',
  '后张庄村',
  '陈庄村',
  '刘楼村',
  '孙庄村',
  '杨集村',
  '马楼村',
  '赵庄村',
  '徐庄村',
  '高堤口村',
  '吴庄村',
  '郭庄村',
  '董楼村',
  '胡庄村',
  '林楼村',
  '田庄村',
  '丁庄村',
  '邢庄村',
  '曹楼村',
  '范庄村',
  '周庄村',
  '韩庄村',
  '姚庄村',
  '任庄村',
  '袁楼村',
  '薛庄村',
  '许庄村',
  '魏庄村',
  '程楼村',
  '宋庄村',
  '黄庄村',
  '闫楼村',
  '彭庄村',
  '石庄村',
  '梁庄村',
  '褚庄村',
  '秦庄村',
  '邓楼村',
  '谢庄村',
  '潘庄村',
  '蒋楼村',
  '付庄村',
] as const;

export const COMMUNITY = '凤凰社区';

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN_M = [
  '建国',
  '国强',
  '志强',
  '卫东',
  '红军',
  '振华',
  '永刚',
  '海涛',
  '明亮',
  '庆丰',
  '德胜',
  '保国',
  '新民',
  '长青',
  '立新',
];
const GIVEN_F = [
  '秀英',
  '桂兰',
  '玉梅',
  '丽娟',
  '红霞',
  '春花',
  '淑芬',
  '海燕',
  '晓梅',
  '凤英',
  '素珍',
  '美华',
];

export function personName(random: () => number, male: boolean): string {
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)]!;
  const given = male ? GIVEN_M : GIVEN_F;
  return surname + given[Math.floor(random() * given.length)]!;
}
