// The Contact Center license switch, with what it changes written beside it
// (the property's description), not hidden in a tooltip.
import React from 'react';
import { useTranslation } from 'adminjs';
import { CheckBox, FormGroup, FormMessage, Label, Text } from '@adminjs/design-system';

const LicenseEdit = ({ property, record, onChange }) => {
  const { translateProperty } = useTranslation();
  const checked = record.params[property.path] === true || record.params[property.path] === 'true';
  const error = record.errors && record.errors[property.path];
  const id = `license-${property.path}`;
  return (
    <FormGroup error={Boolean(error)}>
      <CheckBox id={id} name={property.path} checked={checked} onChange={() => onChange(property.path, !checked)} aria-describedby={`${id}-explained`} />
      <Label inline htmlFor={id} ml="default">{translateProperty(property.label, property.resourceId)}</Label>
      <Text id={`${id}-explained`} variant="sm" color="grey60" mt="sm">{property.description}</Text>
      <FormMessage>{error && error.message}</FormMessage>
    </FormGroup>
  );
};

export default LicenseEdit;
