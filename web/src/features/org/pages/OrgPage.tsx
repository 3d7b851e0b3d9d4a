import { useState } from 'react';
import { Button, Card, Col, Drawer, Grid, Input, Row, Typography } from 'antd';
import { ApartmentOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { orgContract } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useCan, useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PARTY_RED } from '../../../app/theme';
import { LevelTag } from '../../../components/LevelTag';
import { usePaging } from '../../../components/PagedTable';
import { BranchList } from '../components/BranchList';
import { OrgTree, type UnitRef } from '../components/OrgTree';
import { RenameUnitModal } from '../components/RenameUnitModal';
import { UnitDetailCard } from '../components/UnitDetailCard';
import './org.css';

/** Organisation browser: tree of units on the left, the selected unit and its branches on the right. */
export default function OrgPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const isPhone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const [treeOpen, setTreeOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [treeVersion, setTreeVersion] = useState(0);

  // The unit and the search are in the address (a link opens the same view); the page is the list's own.
  const unitId = Number(params.get('unit')) || me.unit.id;
  const q = params.get('q') ?? '';
  const { paging, setPaging, firstPage } = usePaging();

  const detail = useApiQuery(orgContract.routes.unit, { params: { id: unitId } });
  const branches = useApiQuery(orgContract.routes.branches, { query: { unitId, q, ...paging } });

  const update = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
    firstPage();
  };
  const select = (unit: UnitRef) => {
    update({ unit: unit.id === me.unit.id ? null : unit.id });
    setTreeOpen(false);
  };

  const root: UnitRef = { id: me.unit.id, name: me.unit.name, level: me.unit.level };
  const tree = <OrgTree key={treeVersion} root={root} selectedId={unitId} onSelect={select} />;
  const current = detail.data?.id === unitId ? detail.data : undefined;
  // a village secretary's scope is one unit: there is nothing to switch to
  const scopeIsLeaf = unitId === me.unit.id && current?.childCount === 0;

  const branchCard = (
    <Card
      variant="borderless"
      title={t('org.branches')}
      extra={
        !isPhone && (
          <Input.Search
            key={`q-${unitId}`}
            allowClear
            defaultValue={q}
            placeholder={t('org.searchPlaceholder')}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 280 }}
            data-testid="branch-search"
          />
        )
      }
    >
      {isPhone && (
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('org.searchPlaceholder')}
          onSearch={(value) => update({ q: value.trim() })}
          style={{ marginBottom: 12 }}
          data-testid="branch-search"
        />
      )}
      <BranchList result={branches} paging={paging} onPaging={setPaging} cards={isPhone} />
    </Card>
  );

  const detailCard = (
    <UnitDetailCard
      detail={current}
      error={detail.error ? errorText(detail.error, t) : undefined}
      scopeRootId={me.unit.id}
      onSelect={select}
      onRename={can('org:write') ? () => setRenaming(true) : undefined}
    />
  );

  const renameModal = (
    <RenameUnitModal
      unit={renaming && current ? { id: current.id, name: current.name } : null}
      onClose={() => setRenaming(false)}
      onSaved={() => {
        detail.reload();
        branches.reload();
        setTreeVersion((v) => v + 1);
      }}
    />
  );

  if (isPhone) {
    return (
      <div className="fs-org fs-org-phone">
        {!scopeIsLeaf && (
          <Card size="small" variant="borderless" style={{ marginBottom: 12 }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <ApartmentOutlined style={{ color: PARTY_RED }} />
              <Typography.Text
                strong
                ellipsis
                style={{ flex: 1, minWidth: 0 }}
                data-testid="org-current-unit"
              >
                {current?.name ?? me.unit.name}
              </Typography.Text>
              {current && <LevelTag level={current.level} />}
              <Button
                size="small"
                icon={<SwapOutlined />}
                onClick={() => setTreeOpen(true)}
                data-testid="org-unit-switch"
              >
                {t('org.switchUnit')}
              </Button>
            </div>
          </Card>
        )}
        <Drawer
          title={t('org.treeTitle')}
          placement="bottom"
          size="70%"
          open={treeOpen}
          onClose={() => setTreeOpen(false)}
          forceRender
        >
          <div data-testid="org-tree">{tree}</div>
        </Drawer>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          {detailCard}
          {branchCard}
        </div>
        {renameModal}
      </div>
    );
  }

  return (
    <div className="fs-org">
      <Row gutter={16} wrap={false}>
        <Col flex="280px" style={{ minWidth: 0 }}>
          <Card variant="borderless" title={t('org.treeTitle')} className="fs-org-tree-card" size="small">
            <div data-testid="org-tree">{tree}</div>
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0, display: 'flex', flexDirection: 'column', gap: 16 }}>
          {detailCard}
          {branchCard}
        </Col>
      </Row>
      {renameModal}
    </div>
  );
}
