import type { Meta, StoryObj } from '@storybook/react-vite';
import { Breadcrumbs, Tabs, Text } from '@extsys/ui-kit';

const meta = {
  title: 'Navigation/Tabs',
  component: Tabs,
  args: {
    label: 'Ticket sections',
    items: [
      { value: 'overview', label: 'Overview', content: <Text>Overview of the ticket.</Text> },
      { value: 'comments', label: 'Comments', content: <Text>Three comments.</Text> },
      { value: 'history', label: 'History', content: <Text>Created, assigned, solved.</Text> },
      { value: 'billing', label: 'Billing', content: null, disabled: true },
    ],
  },
} satisfies Meta<typeof Tabs>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const ManualActivation: Story = { args: { activationMode: 'manual', defaultValue: 'comments' } };
export const Crumbs: Story = {
  name: 'Breadcrumbs',
  render: () => (
    <Breadcrumbs items={[{ label: 'Home', href: '#home' }, { label: 'Tickets', href: '#tickets' }, { label: '#42' }]} />
  ),
};
