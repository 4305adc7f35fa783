import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' }) @IsEmail({}, { message: '$property must be an email address' }) email: string;
  @ApiProperty() @IsString() @Length(1, 200) password: string;
}
