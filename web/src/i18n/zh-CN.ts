/** The shell's own strings in Simplified Chinese, the default language; every feature brings its own (features/<name>/i18n.ts). The English file must have exactly these keys. */
export const zhCN = {
  app: {
    name: '五星支部创建管理平台',
    shortName: '五星支部',
    subtitle: '河南省“五星”支部创建 · 乡镇党建与网格治理工作平台',
    demoNote: '演示数据仅供示意',
  },
  nav: {
    menu: '菜单',
  },
  common: {
    search: '搜索',
    cancel: '取消',
    ok: '确定',
    save: '保存',
    edit: '编辑',
    actions: '操作',
    total: '共 {{count}} 条',
    retry: '重试',
    yes: '是',
    no: '否',
    all: '全部',
    unit: '所属单位',
    status: '状态',
    back: '返回',
    loadFailed: '加载失败',
    allUnits: '全部单位',
    selectUnit: '选择单位',
  },
  lang: {
    label: '语言',
    zh: '中文',
    en: 'English',
  },
  error: {
    network: '网络连接失败，请检查网络后重试',
    unknown: '操作失败，请稍后重试',
  },
  /** The messages of common's validation schemas (`err.…`), as forms show them. */
  err: {
    id_number: {
      format: '身份证号应为 18 位（最后一位可为 X）',
      birth_date: '身份证号中的出生日期无效',
      checksum: '身份证号校验位不正确，请核对',
    },
    phone: { format: '请输入 11 位手机号' },
    username: { format: '以字母开头，3–32 位字母、数字或 _ . -' },
  },
  result: {
    noPermissionTitle: '无权访问',
    noPermission: '您的角色没有访问此页面的权限。如需开通，请联系上级管理员。',
    notFoundTitle: '页面不存在',
    notFound: '您访问的页面不存在或已被移除。',
    backHome: '返回首页',
    crashTitle: '页面出错了',
    crash: '页面加载时发生错误，请刷新后重试。',
    reload: '刷新页面',
  },
  level: {
    province: '省',
    city: '市',
    county: '县',
    township: '乡镇',
    district: '管区',
    village: '村',
    community: '社区',
  },
};
