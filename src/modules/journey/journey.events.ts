// The journey is a read model: it announces nothing. (Kept so the module has the usual shape.)
export {};
