import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** Every variable the server reads. README.md has the same table for people. */
export class Environment {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString()
  HOST = '0.0.0.0';

  @IsOptional() @Matches(/^(mysql|mariadb):\/\/.+/, { message: 'DATABASE_URL must be a mysql:// URL (leave it unset for the embedded SQLite database)' })
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  DATA_DIR = './data';

  @IsOptional() @IsString()
  UPLOAD_DIR?: string;

  @IsOptional() @IsString()
  WEB_DIR?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @IsString()
  JWT_EXPIRES_IN = '12h';

  @IsOptional() @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  SIGNUP_ENABLED = true;

  @IsOptional() @IsEmail()
  BOOTSTRAP_OWNER_EMAIL?: string;

  @IsOptional() @IsString() @MinLength(8, { message: 'BOOTSTRAP_OWNER_PASSWORD must be at least 8 characters' })
  BOOTSTRAP_OWNER_PASSWORD?: string;

  @IsOptional() @IsString()
  BOOTSTRAP_ORGANIZATION_NAME = 'Demo Contact Center';

  @IsOptional() @Transform(toInt) @IsInt() @Min(4) @Max(15)
  BCRYPT_ROUNDS = 12;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0)
  SWEEP_INTERVAL_MS = 1000;

  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'INSTANCE_NAME must be 1 to 40 letters, digits, ., _ or -' })
  INSTANCE_NAME?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1000)
  PRESENCE_STALE_MS = 60_000;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  @IsOptional() @IsString() @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  VISITOR_RATE_LIMIT_PER_MINUTE = 60;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 20;

  /** Origins allowed to embed the visitor widget when an inbox names none, space-separated; absent: any site. */
  @IsOptional() @IsString()
  WIDGET_ALLOWED_ORIGINS?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  ADMIN_ENABLED = true;

  @IsOptional() @IsString() @MinLength(32, { message: 'ADMIN_COOKIE_SECRET must be at least 32 characters' })
  ADMIN_COOKIE_SECRET?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /** `json`: one JSON object per line (pino), with a request id, the instance and the TXN id; `text`: Nest's readable lines. Default: json in production. */
  @IsOptional() @IsIn(['json', 'text'])
  LOG_FORMAT?: 'json' | 'text';

  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';
}

/** The embedded SQLite demo is the one setup allowed to run without a JWT secret. */
export const DEMO_JWT_SECRET = 'switchboard-embedded-demo-secret-not-for-production';
export const DEMO_OWNER = { email: 'owner@demo.switchboard.local', password: 'switchboard-demo' };

export class ConfigError extends Error {}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (env.DATABASE_URL && !env.JWT_SECRET) {
    problems.push('JWT_SECRET is required when DATABASE_URL is set (only the embedded demo database runs without one)');
  }
  if (env.BOOTSTRAP_OWNER_EMAIL && !env.BOOTSTRAP_OWNER_PASSWORD) {
    problems.push('BOOTSTRAP_OWNER_PASSWORD is required when BOOTSTRAP_OWNER_EMAIL is set');
  }
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}
