import 'reflect-metadata';
import { createApp, listen } from './app.factory.js';
import { ConfigError } from './common/config/environment.js';

try {
  await listen(await createApp());
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
