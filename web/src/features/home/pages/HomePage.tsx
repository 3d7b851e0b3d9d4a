import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import { BankOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { visibleNavItems } from '../../../app/nav';
import { useMe } from '../../../api/session';
import { LevelTag } from '../../../components/LevelTag';
import { WorkbenchPanel } from '../../workbench';
import { currentLanguage } from '../../../i18n';
import './home.css';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const links = visibleNavItems(me.permissions).filter((item) => item.key !== 'home');
  const roleName = currentLanguage() === 'en' ? me.roleNameEn : me.roleName;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless" className="fs-welcome" data-testid="welcome-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.greeting', { name: me.displayName })}
        </Typography.Title>
        <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
          <Tag color="red" variant="filled">
            {roleName}
          </Tag>
          <span>
            <BankOutlined /> {me.unit.name}
          </span>
          <LevelTag level={me.unit.level} />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('home.intro')}
        </Typography.Paragraph>
      </Card>

      <WorkbenchPanel />

      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('home.quickLinks')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {links.map((item) => (
          <Col key={item.key} xs={24} sm={12} xl={8}>
            <Link to={item.path} data-testid={`quick-${item.key}`}>
              <Card hoverable variant="borderless" className="fs-quick">
                <div className="fs-quick-icon">{item.icon}</div>
                <div className="fs-quick-body">
                  <Typography.Text strong style={{ fontSize: 15 }}>
                    {t(item.label as never)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {item.desc && t(item.desc as never)}
                  </Typography.Text>
                </div>
                <RightOutlined className="fs-quick-arrow" />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Space>
  );
}

export default HomePage;
