import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usersContract, type User } from '@fivestar/common';
import { call } from '../../../api/client';

/**
 * One judge from the existing accounts in the caller's scope, searched by name; only accounts whose role may score
 * (`scoring`: the role codes holding `contest:score`) are offered. Shows names and units, never login names.
 */
export function JudgePicker({
  value,
  onChange,
  scoring,
  id,
}: {
  value?: number;
  onChange?: (value: number | undefined) => void;
  scoring: Set<string>;
  id?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [users, setUsers] = useState<User[]>([]);
  const [picked, setPicked] = useState<User | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call(usersContract.routes.list, {
        query: { q: q.trim() || undefined, status: 'active', pageSize: 30 },
      }).then(
        (page) => {
          if (live) setUsers(page.items.filter((u) => scoring.has(u.role)));
        },
        () => undefined,
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, scoring]);

  const shown = picked && !users.some((u) => u.id === picked.id) ? [picked, ...users] : users;
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      placeholder={t('contests.form.judgePick')}
      onChange={(v) => {
        setPicked(users.find((u) => u.id === v) ?? null);
        onChange?.(v);
      }}
      options={shown.map((u) => ({ value: u.id, label: `${u.displayName} · ${u.unitName}` }))}
      style={{ width: '100%' }}
      data-testid="judge-pick"
    />
  );
}
