// class-transformer keeps its decorators' metadata in this module and ships its
// types apart (types/storage.d.ts); @nestjs/mapped-types reads it the same way.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
