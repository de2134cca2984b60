export interface Violation {
  rule: 'common-imports-module' | 'foreign-entity' | 'cycle';
  from?: string;
  to?: string;
  files?: string[];
  key: string;
}
export interface ImportException {
  key: string;
  reason: string;
}
export function importGraph(root: string): Map<string, string[]>;
export function findViolations(root: string): Violation[];
export function checkImports(root: string, exceptions?: ImportException[]): { violations: Violation[]; staleExceptions: ImportException[] };
export function loadExceptions(root: string): ImportException[];
