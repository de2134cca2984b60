import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { Public } from '../../common/auth/decorators.js';
import { AppConfig } from '../../common/config/app-config.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { WidgetService } from './widget.service.js';

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

/** The widget's panel runs in a frame on other sites: the same policy, framed by the allowed origins. */
export const panelCsp = (frameAncestors: string) => PAGE_CSP.replace("frame-ancestors 'self'", `frame-ancestors ${frameAncestors}`);

@ApiExcludeController()
@Controller()
export class WebController {
  constructor(
    private readonly config: AppConfig,
    private readonly widget: WidgetService,
  ) {}

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

  /** The widget's panel (the page inside its frame): may be framed by the inbox's allowed origins (docs/widget.md). */
  @Public()
  @Get('widget/panel')
  @Header('Cache-Control', 'no-cache')
  async panel(@Query('inboxId') inboxId: string | undefined, @Res() res: Response) {
    this.sendPage(res, 'widget/panel.html', panelCsp(await this.widget.frameAncestors(typeof inboxId === 'string' ? inboxId : undefined)));
  }

  /** A plain page with the widget of the demo inbox (or `?inboxId=`): open it next to /app to see the loop. */
  @Public()
  @Get('demo')
  @Header('Cache-Control', 'no-cache')
  async demo(@Query('inboxId') asked: string | undefined, @Res() res: Response) {
    const inboxId = await this.widget.demoInboxId(typeof asked === 'string' ? asked : undefined);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.type('html').send(demoPage(inboxId));
  }

  protected sendPage(res: Response, file: string, csp?: string) {
    const full = path.join(this.config.webDir, file);
    if (!fs.existsSync(full)) throw new DomainError('pages_not_built', 'The pages are not built yet: run `npm run build:web` (npm start does it for you).', 503);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (csp) res.setHeader('Content-Security-Policy', csp);
    res.sendFile(full);
  }
}

/** The demo page: the id is checked against /^[A-Za-z0-9-]{1,36}$/ before it gets here. */
function demoPage(inboxId: string | null): string {
  const body = inboxId
    ? `<p>This page embeds the chat widget of inbox <code>${inboxId}</code> with one tag:</p>
<pre>&lt;script src="https://YOUR-SWITCHBOARD/widget.js" data-inbox-id="${inboxId}" async&gt;&lt;/script&gt;</pre>
<p>Open <a href="/app" target="_blank">/app</a> in another tab, sign in as an agent of this inbox, then press <strong>Chat with us</strong> at the bottom right.</p>
<script src="/widget.js" data-inbox-id="${inboxId}" async></script>`
    : '<p role="alert">There is no inbox to show: create one (admin panel or POST /api/v1/inboxes), or check the id in /demo?inboxId=ID.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1f2937}pre{background:#f3f4f6;padding:.75rem;overflow:auto;white-space:pre-wrap}</style>
</head><body><main><h1>Switchboard demo</h1>${body}</main></body></html>`;
}
