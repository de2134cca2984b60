import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { Public } from '../../common/auth/decorators.js';
import { AppConfig } from '../../common/config/app-config.js';

/** Content-Security-Policy of the pages: scripts only from this server, no inline script. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly config: AppConfig) {}

  /** The agent workspace: one page; its own router handles the paths below `/app`. */
  @Public()
  @Get(['app', 'app/{*path}'])
  @Header('Cache-Control', 'no-cache')
  workspace(@Res() res: Response) {
    this.sendPage(res, 'workspace/index.html', PAGE_CSP);
  }

  /** The widget loader that websites embed with one script tag (docs/widget.md). */
  @Public()
  @Get('widget.js')
  @Header('Cache-Control', 'public, max-age=300')
  loader(@Res() res: Response) {
    this.sendPage(res, 'widget.js');
  }

  protected sendPage(res: Response, file: string, csp?: string) {
    const full = path.join(this.config.webDir, file);
    if (!fs.existsSync(full)) {
      res.status(503).json({ statusCode: 503, code: 'pages_not_built', message: 'The pages are not built yet: run `npm run build:web` (npm start does it for you).' });
      return;
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (csp) res.setHeader('Content-Security-Policy', csp);
    res.sendFile(full);
  }
}
