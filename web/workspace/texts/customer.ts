/** Texts of the Customer region (web/workspace/customer). */
export const customer = {
  region: 'Customer',
  email: 'Email',
  phone: 'Phone',
  viewAll: 'View all transactions',
  journey: 'Customer journey',
} as const;
