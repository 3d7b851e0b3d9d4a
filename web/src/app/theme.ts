import type { ThemeConfig } from 'antd';

/** Party red, used sparingly: primary buttons, the selected menu item, the brand mark. */
export const PARTY_RED = '#c8102e';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: '#1f5fbf',
    colorInfo: '#1f6feb',
    borderRadius: 6,
    colorBgLayout: '#f4f5f7',
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56 },
    Menu: { itemBorderRadius: 6, activeBarBorderWidth: 0 },
  },
};
