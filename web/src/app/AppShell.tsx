import { useState } from 'react';
import { Button, Drawer, Grid, Layout, Tag, Typography } from 'antd';
import { BankOutlined, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigation } from 'react-router';
import { useMe } from '../api/session';
import { BrandMark } from '../components/BrandMark';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NavMenu } from './NavMenu';
import { UserMenu } from './UserMenu';
import './shell.css';

const { Header, Sider, Content } = Layout;

/** The signed-in frame: header, a side menu on desktop, a drawer menu on phones. */
export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const { md: wide, lg: wider } = Grid.useBreakpoint();
  const isPhone = !wide;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  // While the next page's code or data arrives, a thin bar under the header says so (the old page stays meanwhile).
  const loading = useNavigation().state === 'loading';

  const brand = (
    <Link to="/" className="fs-brand" aria-label={t('app.name')}>
      <BrandMark size={isPhone ? 26 : 30} />
      <span className="fs-brand-name">{isPhone ? t('app.shortName') : t('app.name')}</span>
    </Link>
  );

  return (
    <Layout className="fs-shell">
      <Header className="fs-header">
        {isPhone && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('nav.menu')}
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        {brand}
        <div style={{ flex: 1 }} />
        {!isPhone && (
          <div className="fs-header-unit" data-testid="header-unit">
            <BankOutlined />
            <Typography.Text ellipsis style={{ maxWidth: 220 }}>
              {me.unit.name}
            </Typography.Text>
            <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
              {t(`level.${me.unit.level}`)}
            </Tag>
          </div>
        )}
        {!isPhone && <LanguageSwitch size="small" />}
        <UserMenu compact={isPhone} />
      </Header>
      <Layout>
        {!isPhone && (
          <Sider
            className="fs-sider"
            width={208}
            collapsedWidth={64}
            collapsible
            collapsed={collapsed || !wider}
            onCollapse={setCollapsed}
            theme="light"
          >
            <NavMenu permissions={me.permissions} />
          </Sider>
        )}
        <Content className={isPhone ? 'fs-content fs-content-phone' : 'fs-content'}>
          {loading && (
            <div className="fs-nav-progress" role="progressbar" aria-busy="true" data-testid="nav-loading" />
          )}
          <Outlet />
        </Content>
      </Layout>
      {isPhone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={272}
          title={
            <span className="fs-brand">
              <BrandMark size={24} />
              <span className="fs-brand-name">{t('app.shortName')}</span>
            </span>
          }
          styles={{ body: { padding: 8, display: 'flex', flexDirection: 'column' } }}
        >
          <div className="fs-drawer-user">
            <Typography.Text strong>{me.displayName}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <BankOutlined /> {me.unit.name}
            </Typography.Text>
          </div>
          <NavMenu permissions={me.permissions} onNavigate={() => setDrawerOpen(false)} />
          <div style={{ flex: 1 }} />
          <div style={{ padding: 12 }}>
            <LanguageSwitch />
          </div>
        </Drawer>
      )}
    </Layout>
  );
}
