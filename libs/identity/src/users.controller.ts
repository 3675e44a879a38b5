import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, Clock, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@RequirePermissions(Permission.UsersManage)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a user in your local authority (LA administrators)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(actor, dto), this.clock.now());
  }

  @Get()
  @ApiOperation({ summary: 'Users of your local authority, by email' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 401, 403)
  async list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(actor, { role: query.role, cursor: query.cursor, limit: query.limit ?? 50 });
    const now = this.clock.now();
    return { items: page.items.map((u) => UserDto.from(u, now)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user of your local authority' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(actor, id), this.clock.now());
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: name, role, discipline, organisation, active, unlock, password' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async update(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.update(actor, id, dto), this.clock.now());
  }
}
