import { Module } from '@nestjs/common';
import { WebController } from './web.controller.js';

/**
 * The pages built from web/ (docs/web.md), from the same port as the API: the
 * agent workspace at `/app` and the widget loader at `/widget.js`; their hashed
 * assets are served under `/web/` by `serveWebAssets` (called in configureApp).
 */
@Module({ controllers: [WebController] })
export class WebModule {}
