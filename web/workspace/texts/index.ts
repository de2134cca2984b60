/**
 * Every text of the workspace, one file per screen. A translation is another
 * object of the same shape (`Texts`); `t` is the one in use.
 */
import { completed } from './completed.js';
import { customer } from './customer.js';
import { discussion } from './discussion.js';
import { shell } from './shell.js';

export const en = { shell, customer, discussion, completed };
export type Texts = typeof en;
export const t: Texts = en;
