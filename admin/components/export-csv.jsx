// The "Export CSV" page of completed chats: the filters of
// GET /api/v1/exports/transactions.csv, chosen by name (inboxes and agents the
// admin may see, the customer by name, email or phone) and by local date and
// time, and a download that asks the panel's exportCsv action (which calls the
// same ExportService method). A refusal is shown here with the service's
// message; nothing is downloaded then.
import React, { useEffect, useState } from 'react';
import { Box, Button, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';

const selectStyle = { width: '100%', padding: '8px', border: '1px solid #c0c0ca', borderRadius: 4, font: 'inherit', background: '#fff' };

const STATUSES = [
  ['', 'Ended or failed'],
  ['ended', 'Ended'],
  ['failed', 'Failed (never accepted)'],
];

/** A `datetime-local` value (the admin's own clock) as the ISO instant the API takes. */
const instant = (local) => {
  if (!local) return '';
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
};

/** The action's URL: `…/api/resources/CompletedChat/actions/exportCsv?<query>`. */
const actionUrl = (resource, action, query) =>
  `${window.location.pathname.split('/resources/')[0]}/api/resources/${resource.id}/actions/${action.name}?${query}`;

const Field = ({ id, label, children }) => (
  <Box mb="lg">
    <Label htmlFor={id}>{label}</Label>
    {children}
  </Box>
);

const Choice = ({ id, label, value, onChange, empty, options }) => (
  <Field id={id} label={label}>
    <select id={id} style={selectStyle} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{empty}</option>
      {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
    </select>
  </Field>
);

const ExportCsv = (props) => {
  const { resource, action } = props;
  const [values, setValues] = useState({ inboxId: '', status: '', agentId: '', q: '', from: '', to: '' });
  const [choices, setChoices] = useState({ inboxes: [], agents: [] });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (key) => (value) => {
    setValues({ ...values, [key]: value });
    setError(null);
  };

  useEffect(() => {
    fetch(actionUrl(resource, action, 'choices=1'), { credentials: 'same-origin' })
      .then(async (res) => {
        const body = await res.json().catch(() => ({}));
        if (!res.ok || !body.choices) throw new Error((body.notice && body.notice.message) || `The lists of inboxes and agents could not be loaded (${res.status})`);
        setChoices(body.choices);
      })
      .catch((err) => setError(err.message || 'The lists of inboxes and agents could not be loaded.'));
  }, []);

  const download = async (event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const query = new URLSearchParams({ download: '1' });
    const filters = { ...values, q: values.q.trim(), from: instant(values.from), to: instant(values.to) };
    for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
    try {
      const res = await fetch(actionUrl(resource, action, query), { credentials: 'same-origin' });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        setError((body.notice && body.notice.message) || `The export was refused (${res.status})`);
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
    } catch {
      setError('The export could not be downloaded: the server did not answer.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" as="form" onSubmit={download}>
      <H3>Export completed chats as CSV</H3>
      <Text mb="lg">The same filters, rows and bytes as GET /api/v1/exports/transactions.csv. Leave a filter empty to take every chat.</Text>
      <Choice id="export-inbox" label="Inbox" value={values.inboxId} onChange={set('inboxId')} empty="All inboxes you may see" options={choices.inboxes} />
      <Field id="export-status" label="Status">
        <select id="export-status" style={selectStyle} value={values.status} onChange={(e) => set('status')(e.target.value)}>
          {STATUSES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </Field>
      <Choice id="export-agent" label="Agent" value={values.agentId} onChange={set('agentId')} empty="Any agent" options={choices.agents} />
      <Field id="export-customer" label="Customer's name, email or phone contains">
        <Input id="export-customer" width={1} value={values.q} onChange={(e) => set('q')(e.target.value)} />
      </Field>
      <Field id="export-from" label="Started from (your local time)">
        <Input id="export-from" type="datetime-local" width={1} value={values.from} onChange={(e) => set('from')(e.target.value)} />
      </Field>
      <Field id="export-to" label="Started until (your local time)">
        <Input id="export-to" type="datetime-local" width={1} value={values.to} onChange={(e) => set('to')(e.target.value)} />
      </Field>
      {error ? <MessageBox mb="lg" variant="danger" message={error} role="alert" data-testid="export-error" /> : null}
      <Button variant="contained" type="submit" disabled={busy}>Download CSV</Button>
    </Box>
  );
};

export default ExportCsv;
