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
