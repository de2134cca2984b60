import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { UpdateOrganizationDto } from './dto/update-organization.dto.js';
import { OrganizationService } from './organization.service.js';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('organization')
export class OrganizationController {
  constructor(private readonly organizations: OrganizationService) {}

  @Get()
  get(@Caller() caller: Principal) {
    return this.organizations.get(caller.organizationId);
  }

  @Patch()
  update(@Caller() caller: Principal, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(caller, dto);
  }
}
