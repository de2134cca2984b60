import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): sorting by id is sorting by creation, which cursor paging relies on. */
export const newId = (): string => v7();
