import { Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CalendarDays } from '../components/CalendarDays';
import { Campaigns } from '../components/Campaigns';
import { TimeLimitSettings } from '../components/TimeLimitSettings';
import { TypeDictionary } from '../components/TypeDictionary';

const SECTIONS = ['calendar', 'types', 'campaigns'] as const;
type Section = (typeof SECTIONS)[number];

/** The grid module's settings (grid:admin): calendar and time limits, the event-type dictionary, campaigns. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const section: Section = SECTIONS.find((s) => s === params.get('section')) ?? 'calendar';
  return (
    <Tabs
      activeKey={section}
      onChange={(key) => setParams(key === 'calendar' ? {} : { section: key })}
      data-testid="settings-sections"
      items={[
        {
          key: 'calendar',
          label: t('grid.dictionary.calendarTab'),
          children: (
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              <CalendarDays />
              <TimeLimitSettings />
            </Space>
          ),
        },
        { key: 'types', label: t('grid.dictionary.tab'), children: <TypeDictionary /> },
        { key: 'campaigns', label: t('grid.campaigns.tab'), children: <Campaigns /> },
      ]}
    />
  );
}
