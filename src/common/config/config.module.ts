import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';
import { validateEnvironment } from './environment.js';

@Global()
@Module({})
export class ConfigModule {
  /** Validates `source` (process.env by default) once, failing fast with every problem listed. */
  static forRoot(source: Record<string, unknown> = process.env): DynamicModule {
    const config = new AppConfig(validateEnvironment(source));
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
