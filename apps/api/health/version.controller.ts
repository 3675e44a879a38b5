import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, ApiProblems, Public } from '@app/core';
import { packageVersion } from '@app/observability';

class VersionDto {
  @ApiProperty({ example: '0.1.0', description: "package.json's version" }) version: string;
  @ApiProperty({ example: '5ecb010e3c2f4b1e9f0a7d3c2b1a09f8e7d6c5b4', description: 'The commit the build was made from (GIT_COMMIT at build time), or `unknown`' })
  commit: string;
}

@ApiTags('health')
@Controller('version')
export class VersionController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The running build: version and commit (no auth)' })
  @ApiOkResponse({ type: VersionDto })
  @ApiProblems(429)
  version(): VersionDto {
    return { version: packageVersion(), commit: this.config.buildCommit };
  }
}
