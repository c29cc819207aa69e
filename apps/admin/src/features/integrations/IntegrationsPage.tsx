import { PageHeader } from '../../ui/PageHeader';
import { TriggersSection } from './TriggersSection';
import { WebhooksSection } from './WebhooksSection';

/** Admins' page for incident triggers (in) and webhooks (out): docs/integrations.md. */
export function IntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations" subtitle="Alerts that kill flags, and every change delivered to the tools your teams watch." />
      <TriggersSection />
      <WebhooksSection />
    </>
  );
}
