import { useState } from 'react';
import { App, Button, Card, Grid, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { usersContract, type RoleCode, type User, type UserStatus } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan, useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { ResetPasswordModal } from '../components/ResetPasswordModal';
import { roleLabel } from '../components/roles';
import { UserFormModal } from '../components/UserFormModal';

interface Filters {
  q: string;
  role?: RoleCode;
  status?: UserStatus;
  unitId?: number;
}

/** Accounts within the caller's scope; editing needs user:admin. */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const { message } = App.useApp();
  const isAdmin = can('user:admin');
  const isPhone = !Grid.useBreakpoint().md;
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const { paging, setPaging, firstPage } = usePaging();
  const [form, setForm] = useState<{ open: boolean; user: User | null }>({ open: false, user: null });
  const [resetting, setResetting] = useState<User | null>(null);

  const users = useApiQuery(usersContract.routes.list, { query: { ...filters, ...paging } });
  const roles = useApiQuery(usersContract.routes.roles);
  const roleList = roles.data ?? [];
  const roleName = (u: User) => {
    const role = roleList.find((r) => r.code === u.role);
    return role ? roleLabel(role) : u.roleName;
  };
  const filter = (changes: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...changes }));
    firstPage();
  };

  const setStatus = async (u: User, status: UserStatus) => {
    try {
      await call(usersContract.routes.update, { params: { id: u.id }, body: { status } });
      message.success(status === 'active' ? t('users.enabledDone') : t('users.disabledDone'));
      users.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const resetMfa = async (u: User) => {
    try {
      await call(usersContract.routes.resetMfa, { params: { id: u.id } });
      message.success(t('users.resetMfaDone', { name: u.displayName }));
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (v: string) => <span className="fs-mono">{v}</span>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.role'), dataIndex: 'role', render: (_v: string, u) => roleName(u) },
    { title: t('common.unit'), dataIndex: 'unitName' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (status: User['status'], u) => (
        <Space size={4}>
          <Tag color={status === 'active' ? 'green' : 'default'}>{t(`users.status.${status}`)}</Tag>
          {u.locked && <Tag color="orange">{t('users.status.locked')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (v: number | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
    },
  ];
  if (isAdmin) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: isPhone ? undefined : 'right',
      render: (_v, u) => (
        <Space size={0} wrap={false}>
          <Button type="link" size="small" onClick={() => setForm({ open: true, user: u })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(u)}>
            {t('users.resetPassword')}
          </Button>
          {u.id !== me.id && u.hasAuthenticator && (
            <Popconfirm
              title={t('users.resetMfaConfirm', { name: u.displayName })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => resetMfa(u)}
            >
              <Button type="link" size="small" data-testid={`reset-mfa-${u.id}`}>
                {t('users.resetMfa')}
              </Button>
            </Popconfirm>
          )}
          {u.id !== me.id &&
            (u.status === 'active' ? (
              <Popconfirm
                title={t('users.disableConfirm', { name: u.displayName })}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
                onConfirm={() => setStatus(u, 'disabled')}
              >
                <Button type="link" size="small" danger>
                  {t('users.disable')}
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm
                title={t('users.enableConfirm', { name: u.displayName })}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
                onConfirm={() => setStatus(u, 'active')}
              >
                <Button type="link" size="small">
                  {t('users.enable')}
                </Button>
              </Popconfirm>
            ))}
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          isAdmin && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ open: true, user: null })}
              data-testid="user-create"
            >
              {t('users.create')}
            </Button>
          )
        }
      />
      <Card variant="borderless">
        <div className="fs-toolbar">
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            onSearch={(v) => filter({ q: v.trim() })}
            style={{ width: 220 }}
            data-testid="user-search"
          />
          <Select
            allowClear
            placeholder={t('users.allRoles')}
            value={filters.role}
            onChange={(role?: RoleCode) => filter({ role })}
            options={roleList.map((r) => ({ value: r.code, label: roleLabel(r) }))}
            style={{ width: 180 }}
          />
          <Select
            allowClear
            placeholder={t('users.allStatuses')}
            value={filters.status}
            onChange={(status?: UserStatus) => filter({ status })}
            options={(['active', 'disabled'] as const).map((s) => ({
              value: s,
              label: t(`users.status.${s}`),
            }))}
            style={{ width: 140 }}
          />
          <UnitTreeSelect
            allowClear
            value={filters.unitId}
            placeholder={t('common.allUnits')}
            onChange={(unitId) => filter({ unitId })}
            style={{ width: 200 }}
          />
        </div>
        <PagedTable<User>
          testId="users-table"
          columns={columns}
          result={users}
          paging={paging}
          onPaging={setPaging}
        />
      </Card>
      <UserFormModal
        open={form.open}
        user={form.user}
        roles={roleList}
        onClose={() => setForm((f) => ({ ...f, open: false }))}
        onSaved={() => users.reload()}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
