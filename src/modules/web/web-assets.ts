import type { NestExpressApplication } from '@nestjs/platform-express';
import { PAGE_CSP } from './web.controller.js';

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
      // pages reached by their file name get the strict policy (not framable by other sites: the panel is at /widget/panel)
      if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', PAGE_CSP);
      if (file.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
}
