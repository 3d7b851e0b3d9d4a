import { useState } from 'react';
import { Tree, Typography } from 'antd';
import type { OrgLevel, OrgUnit } from '@fivestar/common';
import { fetchChildren } from '../../../api/org';

export interface UnitRef {
  id: number;
  name: string;
  level: OrgLevel;
  childCount?: number;
}

interface TreeNode {
  key: number;
  unit: UnitRef;
  isLeaf: boolean;
  children?: TreeNode[];
}

const toNode = (u: OrgUnit): TreeNode => ({
  key: u.id,
  unit: { id: u.id, name: u.name, level: u.level, childCount: u.childCount },
  isLeaf: u.childCount === 0,
});

function attach(nodes: TreeNode[], parentId: number, children: OrgUnit[]): TreeNode[] {
  return nodes.map((n) => {
    if (n.key === parentId) return { ...n, isLeaf: children.length === 0, children: children.map(toNode) };
    return n.children ? { ...n, children: attach(n.children, parentId, children) } : n;
  });
}

interface Props {
  root: UnitRef;
  selectedId: number;
  onSelect: (unit: UnitRef) => void;
}

/** The organisation tree rooted at the user's unit; each level is fetched when first expanded. */
export function OrgTree({ root, selectedId, onSelect }: Props) {
  const [tree, setTree] = useState<TreeNode[]>([{ key: root.id, unit: root, isLeaf: false }]);
  const [expanded, setExpanded] = useState<React.Key[]>([root.id]);

  const loadData = async (node: TreeNode) => {
    if (node.children) return;
    const children = await fetchChildren(node.key);
    setTree((prev) => attach(prev, node.key, children));
  };

  return (
    <Tree<TreeNode>
      blockNode
      showLine={{ showLeafIcon: false }}
      treeData={tree}
      loadData={loadData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={[selectedId]}
      onSelect={(_keys, info) => onSelect(info.node.unit)}
      titleRender={(node) => (
        <span className="fs-tree-title" data-testid={`org-node-${node.unit.id}`}>
          <span>{node.unit.name}</span>
          {node.unit.childCount ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {node.unit.childCount}
            </Typography.Text>
          ) : null}
        </span>
      )}
    />
  );
}
