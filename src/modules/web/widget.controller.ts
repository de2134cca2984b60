import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { WidgetService } from './widget.service.js';

/** The public read the visitor widget makes before a chat exists. */
@ApiTags('visitor')
@Controller('visitor/inboxes')
export class WidgetConfigController {
  constructor(private readonly widget: WidgetService) {}

  @Get(':inboxId/config')
  @Public()
  @RateLimit('visitor-config')
  @ApiOperation({ summary: "What the widget needs: the inbox's name, which pre-chat fields it asks (off, optional, required), whether an agent is online, the allowed file types and the upload limit" })
  @ApiOkResponse({ description: '`{inboxId, name, preChat: {name, email, phone}, agentsOnline, allowedFileTypes, maxUploadBytes}`; 404 `inbox_not_found`' })
  config(@Param('inboxId') inboxId: string) {
    return this.widget.configView(inboxId);
  }
}
