// The panel's home: the live overview of GET /api/v1/reports/live (the same
// ReportService.live, read by the dashboard handler with the admin as caller),
// refreshed every few seconds. Tables are named for screen readers and tests.
import React, { useEffect, useRef, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Badge, Box, H2, H3, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { formatDuration } from './format.js';

const REFRESH_MS = 2000;
const api = new ApiClient();

const PRESENCE = { online: 'success', away: 'secondary', offline: 'light' };

const Figure = ({ label, value }) => (
  <Box as="li" variant="white" px="lg" py="default" style={{ listStyle: 'none', flex: '1 1 130px', lineHeight: 1.3 }}>
    <Text as="span" variant="sm" color="grey60" style={{ display: 'block', lineHeight: 1.3 }}>{label}</Text>
    <Text as="span" fontSize="xl" fontWeight="bold" style={{ display: 'block', marginTop: 6, lineHeight: 1.2, whiteSpace: 'nowrap' }}>{value}</Text>
  </Box>
);

const th = { textAlign: 'left' };
const rowHeader = { textAlign: 'left', fontWeight: 'normal' };

const Load = ({ active, capacity }) => {
  const ratio = capacity > 0 ? Math.min(1, active / capacity) : 1;
  return (
    <Box flex style={{ alignItems: 'center', gap: 8 }}>
      <span>{`${active} of ${capacity}`}</span>
      <span aria-hidden="true" style={{ display: 'inline-block', width: 60, height: 6, borderRadius: 3, background: '#e0e3ea' }}>
        <span style={{ display: 'block', width: `${ratio * 100}%`, height: '100%', borderRadius: 3, background: ratio >= 1 ? '#c20012' : '#3040d6' }} />
      </span>
    </Box>
  );
};

const Dashboard = () => {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const timer = useRef(null);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const res = await api.getDashboard();
        if (stopped) return;
        if (res.data && res.data.error) {
          setError(res.data.error);
        } else {
          setData(res.data);
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError('The overview could not be refreshed: the server did not answer. It will retry in a moment.');
      } finally {
        if (!stopped) timer.current = setTimeout(load, REFRESH_MS);
      }
    };
    load();
    return () => {
      stopped = true;
      clearTimeout(timer.current);
    };
  }, []);

  const today = data && data.today;
  return (
    <Box variant="grey" p="xl">
      <H2>Live overview</H2>
      {data ? (
        <Text mb="lg" color="grey60">
          {`Updated ${new Date(data.at).toLocaleTimeString()} · refreshes every ${REFRESH_MS / 1000} s`}
          {data.allInboxes ? '' : ' · Without the Contact Center license, owners and admins see only the inboxes they are agents of; switch it on in Organization to see every inbox.'}
        </Text>
      ) : null}
      {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
      {!data && !error ? <Text>Loading…</Text> : null}
      {data ? (
        <>
          <H3 id="today-heading">Today (since 00:00 UTC)</H3>
          <Box as="ul" flex aria-labelledby="today-heading" style={{ flexWrap: 'wrap', gap: 16, padding: 0, margin: 0 }}>
            <Figure label="Chats started" value={today.chatsStarted} />
            <Figure label="Accepted" value={today.accepted} />
            <Figure label="Missed (failed)" value={today.missed} />
            <Figure label="Transferred" value={today.transferred} />
            <Figure label="Average wait" value={formatDuration(today.avgWaitSeconds)} />
            <Figure label="90th percentile wait" value={formatDuration(today.p90WaitSeconds)} />
            <Figure label="Average handling time" value={formatDuration(today.avgHandlingSeconds)} />
          </Box>

          <Box flex style={{ flexWrap: 'wrap', gap: 24 }} mt="lg">
            <Box variant="white" p="lg" style={{ flex: '1 1 420px', overflowX: 'auto' }}>
              <H3 id="inboxes-heading">Inboxes</H3>
              <Table aria-labelledby="inboxes-heading" style={{ width: '100%' }}>
                <TableHead>
                  <TableRow>
                    <TableCell as="th" scope="col" style={th}>Inbox</TableCell>
                    <TableCell as="th" scope="col" style={th}>Waiting</TableCell>
                    <TableCell as="th" scope="col" style={th}>Longest wait</TableCell>
                    <TableCell as="th" scope="col" style={th}>Active chats</TableCell>
                    <TableCell as="th" scope="col" style={th}>Agents online</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.inboxes.length === 0 ? (
                    <TableRow><TableCell colSpan={5}>No inbox to show.</TableCell></TableRow>
                  ) : data.inboxes.map((inbox) => (
                    <TableRow key={inbox.id}>
                      <TableCell as="th" scope="row" style={rowHeader}>{inbox.name}</TableCell>
                      <TableCell>{inbox.waiting > 0 ? <Badge variant="danger" size="sm">{inbox.waiting}</Badge> : '0'}</TableCell>
                      <TableCell>{formatDuration(inbox.longestWaitSeconds)}</TableCell>
                      <TableCell>{inbox.active}</TableCell>
                      <TableCell>{inbox.agentsOnline}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>

            <Box variant="white" p="lg" style={{ flex: '1 1 360px', overflowX: 'auto' }}>
              <H3 id="agents-heading">Agents</H3>
              <Table aria-labelledby="agents-heading" style={{ width: '100%' }}>
                <TableHead>
                  <TableRow>
                    <TableCell as="th" scope="col" style={th}>Agent</TableCell>
                    <TableCell as="th" scope="col" style={th}>Presence</TableCell>
                    <TableCell as="th" scope="col" style={th}>Active chats</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.agents.length === 0 ? (
                    <TableRow><TableCell colSpan={3}>No agent to show.</TableCell></TableRow>
                  ) : data.agents.map((agent) => (
                    <TableRow key={agent.id}>
                      <TableCell as="th" scope="row" style={rowHeader}>{agent.name}</TableCell>
                      <TableCell><Badge variant={PRESENCE[agent.presence] || 'light'} size="sm">{agent.presence}</Badge></TableCell>
                      <TableCell><Load active={agent.activeChats} capacity={agent.capacity} /></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          </Box>
        </>
      ) : null}
    </Box>
  );
};

export default Dashboard;
