import { useState } from 'react';
import { App, Avatar, Dropdown, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { session, useMe } from '../api/session';
import { currentLanguage, setLanguage } from '../i18n';
import { ChangePasswordModal } from './ChangePasswordModal';
import { PARTY_RED } from './theme';

/** Avatar, name and role in the header; the dropdown holds change-password and sign-out. */
export function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [pwOpen, setPwOpen] = useState(false);
  const roleName = currentLanguage() === 'en' ? me.roleNameEn : me.roleName;

  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ lineHeight: 1.5, cursor: 'default' }}>
          <Typography.Text strong>{me.displayName}</Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {roleName} · {me.unit.name}
          </Typography.Text>
        </div>
      ),
    },
    { type: 'divider' },
    ...(compact
      ? [
          {
            key: 'lang',
            icon: <TranslationOutlined />,
            label: currentLanguage() === 'en' ? t('lang.zh') : t('lang.en'),
          },
        ]
      : []),
    { key: 'password', icon: <KeyOutlined />, label: t('auth.changePassword') },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('auth.signOut')}</span> },
  ];

  const signOut = async () => {
    await session.logout();
    // leave the guarded app first, so the guard does not add ?next= for a deliberate sign-out
    await navigate('/login', { replace: true });
    session.set(null);
    message.success(t('auth.signedOut'));
  };

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setPwOpen(true);
    if (key === 'lang') setLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en');
    if (key === 'logout') void signOut();
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <a
          data-testid="user-menu"
          onClick={(e) => e.preventDefault()}
          style={{ color: 'inherit', display: 'inline-flex', alignItems: 'center', height: '100%' }}
        >
          <Space size={8}>
            <Avatar size={compact ? 30 : 32} style={{ background: PARTY_RED, flex: 'none' }}>
              {me.displayName.slice(0, 1)}
            </Avatar>
            {!compact && (
              <span style={{ display: 'inline-flex', flexDirection: 'column', lineHeight: 1.3 }}>
                <Typography.Text strong data-testid="header-user-name">
                  {me.displayName}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {roleName}
                </Typography.Text>
              </span>
            )}
            {!compact && <DownOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />}
          </Space>
        </a>
      </Dropdown>
      <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
    </>
  );
}
