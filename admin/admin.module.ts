import { DynamicModule, Module } from '@nestjs/common';

/** AdminJS panel at /admin (being built). */
@Module({})
export class AdminPanelModule {
  static register(): DynamicModule {
    return { module: AdminPanelModule };
  }
}
