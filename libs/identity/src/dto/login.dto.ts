import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MFA_REQUIREMENTS, MfaRequirement } from '../entities/local-authority.entity';
import { UserSession } from '../entities/user-session.entity';

export class LoginDto {
  @ApiProperty({ type: 'string', format: 'email', example: 'caseworker@demo.test' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Spend it at POST /auth/refresh for new tokens (it is rotated on every use; one used twice ends the session)' }) refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn: number;
}

/** A sign-in's answer: tokens, or the token for the second step. */
export class LoginResponseDto {
  @ApiPropertyOptional({ description: 'Present when signed in' }) accessToken?: string;
  @ApiPropertyOptional() refreshToken?: string;
  @ApiPropertyOptional({ example: 'Bearer' }) tokenType?: 'Bearer';
  @ApiPropertyOptional({ example: 900 }) expiresIn?: number;
  @ApiPropertyOptional({ description: 'The account has a second factor: send a code with mfaToken to POST /auth/login/mfa' }) mfaRequired?: true;
  @ApiPropertyOptional({ description: 'The LA requires a second factor and none is set up: use mfaToken as the bearer of POST /auth/totp/enrol and /auth/totp/confirm' }) mfaEnrolmentRequired?: true;
  @ApiPropertyOptional({ description: 'Valid for 10 minutes, for the second step only' }) mfaToken?: string;
}

export class LoginMfaDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) mfaToken: string;

  @ApiProperty({ example: '123456', description: 'The 6-digit code from the authenticator app, or one of the recovery codes' })
  @IsString()
  @MinLength(6)
  @MaxLength(32)
  code: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last sign-in or refresh' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be the 6 digits the authenticator app shows' })
  code: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret (SHA-1, 6 digits, 30 s) to type into an authenticator app' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/EHCP%20(Demo)%3Aadmin%40demo.test?secret=...&issuer=...' }) otpauthUrl: string;
  @ApiProperty({ description: 'The otpauth URL as a QR code, a PNG data URL' }) qrCodeDataUrl: string;
}

export class TotpConfirmationDto {
  @ApiProperty({ type: [String], description: 'Ten single-use recovery codes, shown only now' }) recoveryCodes: string[];
  @ApiPropertyOptional({ description: 'When confirmed with an enrolment mfaToken: the sign-in completes' }) accessToken?: string;
  @ApiPropertyOptional() refreshToken?: string;
  @ApiPropertyOptional() tokenType?: 'Bearer';
  @ApiPropertyOptional() expiresIn?: number;
}

export class SessionDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'When its tokens were last issued or refreshed' }) lastUsedAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'It ends then whatever happens' }) expiresAt: string;
  @ApiProperty({ type: 'string', nullable: true }) userAgent: string | null;
  @ApiProperty({ type: 'string', nullable: true }) address: string | null;
  @ApiProperty({ enum: ['password', 'password_totp', 'password_recovery_code', 'oidc'] }) method: string;
  @ApiProperty({ description: 'The session of the token that asked' }) current: boolean;

  static from(session: UserSession, currentId: string | undefined): SessionDto {
    return {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      userAgent: session.userAgent,
      address: session.address,
      method: session.method,
      current: session.id === currentId,
    };
  }
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] }) items: SessionDto[];
}

export class SessionsEndedDto {
  @ApiProperty({ example: 2 }) ended: number;
}

export class SignInPolicyDto {
  @ApiProperty({ enum: MFA_REQUIREMENTS, description: 'Who needs a second factor to sign in with a password' })
  @IsIn(MFA_REQUIREMENTS)
  mfaRequiredFor: MfaRequirement;
}
