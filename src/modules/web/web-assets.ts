import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Static files of the built pages under `/web/`: hashed names are cached for a
 * year; nothing else falls back to a page (a missing file is a 404).
 */
export function serveWebAssets(app: NestExpressApplication, webDir: string): void {
  app.useStaticAssets(webDir, {
    prefix: '/web/',
    index: false,
    setHeaders: (res, file) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (file.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
}
