import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '@fivestar/common';
import { fetchChildren } from '../api/org';
import { useMe } from '../api/session';

interface Node {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
}

interface Props {
  value?: number;
  /** The name of `value` when it may not be loaded in the tree yet (e.g. editing a user deep in the tree). */
  valueName?: string;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}

const toNode = (u: OrgUnit): Node => ({
  id: u.id,
  pId: u.parentId,
  value: u.id,
  title: u.name,
  isLeaf: u.childCount === 0,
});

/** A unit picker rooted at the user's own unit, loading children on demand. */
export function UnitTreeSelect({ value, valueName, onChange, placeholder, allowClear, style, id }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const root = me.unit;
  const [nodes, setNodes] = useState<Node[]>([
    { id: root.id, pId: null, value: root.id, title: root.name, isLeaf: false },
  ]);
  const [loaded, setLoaded] = useState<Set<number>>(new Set());

  const load = async (unitId: number) => {
    if (loaded.has(unitId)) return;
    const children = await fetchChildren(unitId);
    setLoaded((prev) => new Set(prev).add(unitId));
    setNodes((prev) => {
      const known = new Set(prev.map((n) => n.id));
      const next = prev.map((n) => (n.id === unitId && children.length === 0 ? { ...n, isLeaf: true } : n));
      return [...next, ...children.filter((c) => !known.has(c.id)).map(toNode)];
    });
  };

  useEffect(() => {
    // open with the first level visible
    fetchChildren(root.id).then(
      (children) => {
        setLoaded(new Set([root.id]));
        setNodes((prev) => {
          const known = new Set(prev.map((n) => n.id));
          const rootNode = prev.map((n) => (n.id === root.id ? { ...n, isLeaf: children.length === 0 } : n));
          return [...rootNode, ...children.filter((c) => !known.has(c.id)).map(toNode)];
        });
      },
      () => undefined,
    );
  }, [root.id]);

  const label = nodes.find((n) => n.id === value)?.title ?? valueName ?? String(value ?? '');
  return (
    <TreeSelect<{ value: number; label: string } | undefined>
      id={id}
      style={style}
      labelInValue
      showSearch={false}
      allowClear={allowClear}
      placeholder={placeholder ?? t('common.selectUnit')}
      value={value === undefined ? undefined : { value, label }}
      onChange={(v) => onChange?.(v?.value)}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={nodes}
      treeDefaultExpandedKeys={[root.id]}
      loadData={(node) => load(Number(node.value))}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 240 } } }}
    />
  );
}
