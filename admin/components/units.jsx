// The shared parts of unit-list.jsx, unit-show.jsx and unit-edit.jsx.
// Settings stored as a number of seconds or bytes, shown with their unit
// (`25 MB`, `1 h`) in lists and show pages, and edited as the number the API
// takes with the human reading beside it. The unit is the property's
// `custom.unit`: 'seconds' or 'bytes'.
import React from 'react';
import { useTranslation } from 'adminjs';
import { Box, FormGroup, FormMessage, Input, Label, Text, ValueGroup } from '@adminjs/design-system';
import { formatBytes, formatDuration } from './format.js';

const human = (unit, value) => (value === undefined || value === null || value === '' ? '–' : unit === 'bytes' ? formatBytes(value) : formatDuration(value));

export const UnitValue = ({ property, record }) => {
  const value = record.params[property.path];
  return <span title={value === undefined || value === null ? '' : `${value} ${property.custom.unit}`}>{human(property.custom.unit, value)}</span>;
};

export const UnitShow = ({ property, record }) => {
  const { translateProperty } = useTranslation();
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Text as="span">{human(property.custom.unit, record.params[property.path])}</Text>
      <Text as="span" color="grey60">{` (${record.params[property.path]} ${property.custom.unit})`}</Text>
    </ValueGroup>
  );
};

export const UnitEdit = ({ property, record, onChange }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.label, property.resourceId);
  const value = record.params[property.path];
  const error = record.errors && record.errors[property.path];
  const id = `unit-${property.path}`;
  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id} required={property.isRequired}>{`${label} (${property.custom.unit})`}</Label>
      <Box flex style={{ alignItems: 'center', gap: 12 }}>
        <Input id={id} name={property.path} inputMode="numeric" value={value === undefined || value === null ? '' : value} onChange={(e) => onChange(property.path, e.target.value)} aria-describedby={`${id}-human`} />
        <Text id={`${id}-human`} color="grey60">{`= ${human(property.custom.unit, value)}`}</Text>
      </Box>
      {property.description ? <Text variant="sm" color="grey60" mt="sm">{property.description}</Text> : null}
      <FormMessage>{error && error.message}</FormMessage>
    </FormGroup>
  );
};
