import { PageQuery } from '../../../common/pagination/pagination.js';

/** `limit` (default 50, at most 200) and `cursor` (the previous page's nextCursor). */
export class JourneyQuery extends PageQuery {}
