// The Reports page: the figures of GET /api/v1/reports/summary over a chosen
// period and inbox, per UTC day, as charts (chart.js) and as a table (the same
// numbers for screen readers), with a CSV download (= GET /reports/summary.csv).
// A refusal (bad period, an inbox the admin may not see) is shown as the API's sentence.
import React, { useEffect, useRef, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H2, H3, Label, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { formatDuration } from './format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const api = new ApiClient();
const DAY = 86400000;
const dayString = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The period as the API takes it: from the first day's 00:00 UTC to the day after the last. */
const period = (form) => ({
  from: form.from ? `${form.from}T00:00:00Z` : '',
  to: form.to ? `${dayString(Date.parse(`${form.to}T00:00:00Z`) + DAY)}T00:00:00Z` : '',
  inboxId: form.inboxId,
});

const ChartCanvas = ({ label, config }) => {
  const canvas = useRef(null);
  const key = JSON.stringify(config.data);
  useEffect(() => {
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [key]);
  return (
    <Box style={{ position: 'relative', height: 260 }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </Box>
  );
};

const inputStyle = { padding: '8px', border: '1px solid #c0c0ca', borderRadius: 4, font: 'inherit', minWidth: 160 };

const Reports = () => {
  const today = Date.now();
  const [form, setForm] = useState({ from: dayString(today - 6 * DAY), to: dayString(today), inboxId: '' });
  const [inboxes, setInboxes] = useState([]);
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const ask = async (format) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.getPage({ pageName: 'Reports', params: { ...period(form), format } });
      const data = res.data || {};
      if (data.inboxes) setInboxes(data.inboxes);
      if (data.error) {
        setError(data.error);
        return null;
      }
      return data;
    } catch (err) {
      setError('The report could not be loaded: the server did not answer.');
      return null;
    } finally {
      setBusy(false);
    }
  };

  const show = async (event) => {
    if (event) event.preventDefault();
    const data = await ask();
    if (data) setReport(data.report);
  };

  const download = async () => {
    const data = await ask('csv');
    if (!data || typeof data.csv !== 'string') return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([data.csv], { type: 'text/csv' }));
    link.download = `report-${form.from}-${form.to}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  useEffect(() => {
    show();
  }, []);

  const days = report ? report.days : [];
  const labels = days.map((d) => d.date);
  const volume = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Started', data: days.map((d) => d.chatsStarted), backgroundColor: '#3040d6' },
        { label: 'Accepted', data: days.map((d) => d.accepted), backgroundColor: '#1dae6c' },
        { label: 'Missed', data: days.map((d) => d.missed), backgroundColor: '#c20012' },
        { label: 'Transferred', data: days.map((d) => d.transferred), backgroundColor: '#f0a000' },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  const minutes = (s) => (s === null ? null : Math.round((s / 60) * 10) / 10);
  const times = {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'Average wait (min)', data: days.map((d) => minutes(d.avgWaitSeconds)), borderColor: '#3040d6', backgroundColor: '#3040d6' },
        { label: '90th percentile wait (min)', data: days.map((d) => minutes(d.p90WaitSeconds)), borderColor: '#c20012', backgroundColor: '#c20012' },
        { label: 'Average handling (min)', data: days.map((d) => minutes(d.avgHandlingSeconds)), borderColor: '#1dae6c', backgroundColor: '#1dae6c' },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false, spanGaps: true, scales: { y: { beginAtZero: true, title: { display: true, text: 'minutes' } } } },
  };

  const row = (key, label, f) => (
    <TableRow key={key}>
      <TableCell as="th" scope="row" style={{ textAlign: 'left', fontWeight: key === 'total' ? 'bold' : 'normal' }}>{label}</TableCell>
      <TableCell>{f.chatsStarted}</TableCell>
      <TableCell>{f.accepted}</TableCell>
      <TableCell>{f.missed}</TableCell>
      <TableCell>{f.transferred}</TableCell>
      <TableCell>{formatDuration(f.avgWaitSeconds)}</TableCell>
      <TableCell>{formatDuration(f.p90WaitSeconds)}</TableCell>
      <TableCell>{formatDuration(f.avgHandlingSeconds)}</TableCell>
    </TableRow>
  );

  return (
    <Box variant="grey" p="xl">
      <H2>Reports</H2>
      <Text mb="lg" color="grey60">
        Chats started in the period, per UTC day, in the inboxes you may see (the same figures as GET /api/v1/reports/summary).
      </Text>
      <Box as="form" variant="white" p="lg" mb="lg" onSubmit={show} flex style={{ flexWrap: 'wrap', gap: 16, alignItems: 'flex-end' }}>
        <Box>
          <Label htmlFor="report-from">From (day, UTC)</Label>
          <input id="report-from" type="date" style={inputStyle} value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </Box>
        <Box>
          <Label htmlFor="report-to">To (day, UTC, included)</Label>
          <input id="report-to" type="date" style={inputStyle} value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </Box>
        <Box>
          <Label htmlFor="report-inbox">Inbox</Label>
          <select id="report-inbox" style={inputStyle} value={form.inboxId} onChange={(e) => setForm({ ...form, inboxId: e.target.value })}>
            <option value="">All inboxes</option>
            {inboxes.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
          </select>
        </Box>
        <Button variant="contained" type="submit" disabled={busy}>Show report</Button>
        <Button variant="outlined" type="button" onClick={download} disabled={busy}>Download CSV</Button>
      </Box>
      {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
      {report ? (
        <>
          {days.length === 0 ? <Text mb="lg">No chats started in this period.</Text> : (
            <Box flex style={{ flexWrap: 'wrap', gap: 24 }} mb="lg">
              <Box variant="white" p="lg" style={{ flex: '1 1 420px' }}>
                <H3>Chats per day</H3>
                <ChartCanvas label="Chats started, accepted, missed and transferred per day; the numbers are in the table below" config={volume} />
              </Box>
              <Box variant="white" p="lg" style={{ flex: '1 1 420px' }}>
                <H3>Waiting and handling times</H3>
                <ChartCanvas label="Average and 90th percentile wait and average handling time per day, in minutes; the numbers are in the table below" config={times} />
              </Box>
            </Box>
          )}
          <Box variant="white" p="lg" style={{ overflowX: 'auto' }}>
            <H3 id="report-table-heading">Figures per day</H3>
            <Table aria-labelledby="report-table-heading" style={{ width: '100%' }}>
              <TableHead>
                <TableRow>
                  {['Day', 'Started', 'Accepted', 'Missed', 'Transferred', 'Average wait', '90th percentile wait', 'Average handling'].map((h) => (
                    <TableCell as="th" scope="col" key={h} style={{ textAlign: 'left' }}>{h}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {days.map((d) => row(d.date, d.date, d))}
                {row('total', 'Total', report.totals)}
              </TableBody>
            </Table>
          </Box>
        </>
      ) : null}
    </Box>
  );
};

export default Reports;
