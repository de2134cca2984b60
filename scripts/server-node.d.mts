export const ENTRY: string;
export const SERVER_NODE_FLAGS: string[];
