import { describe, expect, it } from '@jest/globals';
import { fillPlaceholders } from './placeholders.js';

describe('fillPlaceholders', () => {
  it('fills known names, empties missing values, keeps unknown names, and does not fill twice', () => {
    const text = 'Hi {{customer.name}} ({{ customer.email }}), I am {{Agent.Name}} from {{inbox.name}}. {{customer.phone}}|{{order.id}}';
    expect(fillPlaceholders(text, { 'customer.name': '{{agent.name}}', 'customer.email': 'a@b.c', 'agent.name': 'Ann', 'inbox.name': 'Sales', 'customer.phone': null }))
      .toBe('Hi {{agent.name}} (a@b.c), I am Ann from Sales. |{{order.id}}');
  });
});
