import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: '$property must be an email address' })
  @Length(3, 320)
  email: string;
  @ApiProperty() @IsString() @Length(1, 200) password: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'the token of the invitation link' }) @IsString() @Length(20, 200) token: string;
  @ApiProperty({ minLength: 12, description: 'your own password: at least 12 characters, not a common password' })
  @IsString()
  @Length(1, 200)
  password: string;
}
