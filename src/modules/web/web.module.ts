import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module.js';
import { WebController } from './web.controller.js';
import { WidgetConfigController } from './widget.controller.js';
import { WidgetService } from './widget.service.js';

/**
 * The pages built from web/ (docs/web.md), from the same port as the API: the
 * agent workspace at `/app`, the widget loader at `/widget.js`, its panel at
 * `/widget/panel`, the demo page at `/demo` and the widget's public config read; their hashed
 * assets are served under `/web/` by `serveWebAssets` (called in configureApp).
 */
@Module({
  imports: [InboxModule],
  controllers: [WebController, WidgetConfigController],
  providers: [WidgetService],
})
export class WebModule {}
