import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** One contact printed on every decision notice: a name and at least one way to reach it. */
export class NoticeContactDto {
  @ApiProperty({ example: 'Global Mediation', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/, { message: 'name must not be blank' }) name: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, example: 'send@mediation.example' }) @IsOptional() @IsEmail() @MaxLength(320) email?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, example: '0800 064 4488', description: 'Digits, spaces, +, ( ) and -' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9 +()-]{3,40}$/, { message: 'phone must be 3 to 40 digits, spaces, +, ( ) or -' })
  phone?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: 500, example: 'Town Hall, Anytown AT1 1AA' }) @IsOptional() @IsString() @MaxLength(500) address?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, example: 'https://sendiass.example', description: 'An https address' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(500)
  website?: string | null;
}

/**
 * The contacts every decision notice of the LA prints (SEND Regulations 2014, reg 32). A PUT replaces all four: one
 * left out is cleared, and notices then say it is not recorded (and their PDF letters are refused until it is).
 */
export class NoticeContactsDto {
  @ApiPropertyOptional({ type: NoticeContactDto, nullable: true, description: 'The mediation adviser the family contacts within 2 months of a notice (Regs 32(c), 33)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeContactDto)
  mediationAdviser?: NoticeContactDto | null;
  @ApiPropertyOptional({ type: NoticeContactDto, nullable: true, description: 'The LA’s own contact: told of a wish to mediate and the issues (Regs 32(e), (f))' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeContactDto)
  localAuthority?: NoticeContactDto | null;
  @ApiPropertyOptional({ type: NoticeContactDto, nullable: true, description: 'The information, advice and support service (SENDIASS; CFA s32)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeContactDto)
  informationAdviceSupport?: NoticeContactDto | null;
  @ApiPropertyOptional({ type: NoticeContactDto, nullable: true, description: 'The disagreement resolution service (CFA s57)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeContactDto)
  disagreementResolution?: NoticeContactDto | null;
}
