// The "Export CSV" page of completed chats: the filters of
// GET /api/v1/exports/transactions.csv, and a download that asks the panel's
// exportCsv action (which calls the same ExportService method). A refusal is
// shown here with the service's message; nothing is downloaded then.
import React, { useState } from 'react';
import { Box, Button, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';

const FIELDS = [
  ['inboxId', 'Inbox id'],
  ['status', 'Status (ended, failed or ended,failed)'],
  ['agentId', 'Agent id'],
  ['customerId', 'Customer id'],
  ['from', 'Started from (ISO-8601, e.g. 2025-01-01T00:00:00Z)'],
  ['to', 'Started until (ISO-8601)'],
  ['q', "Customer's name, email or phone contains"],
];

const ExportCsv = (props) => {
  const { resource, action } = props;
  const [values, setValues] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const download = async (event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const query = new URLSearchParams({ download: '1' });
    for (const [key] of FIELDS) if (values[key]) query.set(key, values[key]);
    const url = `${window.location.pathname.split('/resources/')[0]}/api/resources/${resource.id}/actions/${action.name}?${query}`;
    try {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        setError((body.notice && body.notice.message) || `Export refused (${res.status})`);
        return;
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = name ? name[1] : 'transactions.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" as="form" onSubmit={download}>
      <H3>Export completed chats as CSV</H3>
      <Text mb="lg">The same filters, rows and bytes as GET /api/v1/exports/transactions.csv.</Text>
      {FIELDS.map(([key, label]) => (
        <Box mb="lg" key={key}>
          <Label htmlFor={`export-${key}`}>{label}</Label>
          <Input id={`export-${key}`} name={key} width={1} value={values[key] || ''} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
        </Box>
      ))}
      {error ? <MessageBox mb="lg" variant="danger" message={error} data-testid="export-error" /> : null}
      <Button variant="contained" type="submit" disabled={busy}>Download CSV</Button>
    </Box>
  );
};

export default ExportCsv;
