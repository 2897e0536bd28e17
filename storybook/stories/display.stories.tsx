import type { Meta, StoryObj } from '@storybook/react-vite';
import { Alert, Badge, Button, Card, EmptyState, Heading, Inline, Separator, Stack, Text } from '@extsys/ui-kit';

const meta = {
  title: 'Display/Card',
  component: Card,
  args: { title: 'Open tickets', children: 'Twelve tickets are waiting for a reply.' },
} satisfies Meta<typeof Card>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const WithActionsAndFooter: Story = {
  args: {
    actions: <Button size="sm">New</Button>,
    footer: (
      <Text size="sm" tone="muted">
        Updated just now
      </Text>
    ),
  },
};
export const Alerts: Story = {
  render: () => (
    <Stack>
      <Alert tone="info" title="Heads up">
        Maintenance tonight at 22:00.
      </Alert>
      <Alert tone="success" title="Saved" />
      <Alert tone="warning" title="Quota at 90%" />
      <Alert tone="danger" title="Sync failed" onDismiss={() => undefined}>
        The server did not answer.
      </Alert>
    </Stack>
  ),
};
export const Badges: Story = {
  render: () => (
    <Inline>
      <Badge>Neutral</Badge>
      <Badge tone="info">Info</Badge>
      <Badge tone="success">Success</Badge>
      <Badge tone="warning">Warning</Badge>
      <Badge tone="danger">Danger</Badge>
    </Inline>
  ),
};
export const Typography: Story = {
  render: () => (
    <Stack>
      <Heading level={1}>Heading 1</Heading>
      <Heading level={2}>Heading 2</Heading>
      <Heading level={3}>Heading 3</Heading>
      <Text size="lg">Large text</Text>
      <Text>Body text</Text>
      <Text size="sm" tone="muted">
        Muted small text
      </Text>
      <Text tone="danger">Danger text</Text>
      <Text tone="success">Success text</Text>
      <Text tone="warning">Warning text</Text>
      <Text mono>mono 0xdeadbeef</Text>
    </Stack>
  ),
};
export const Layout: Story = {
  render: () => (
    <Stack gap={4}>
      <Inline gap={3}>
        <Badge>one</Badge>
        <Badge>two</Badge>
        <Badge>three</Badge>
      </Inline>
      <Separator />
      <Inline>
        <Text as="span">left</Text>
        <Separator orientation="vertical" decorative={false} />
        <Text as="span">right</Text>
      </Inline>
    </Stack>
  ),
};
export const Empty: Story = {
  render: () => (
    <EmptyState
      icon="📭"
      title="No tickets yet"
      description="Tickets your customers open show up here."
      action={<Button>Create a ticket</Button>}
    />
  ),
};
