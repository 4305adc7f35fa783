import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The SQL of a reviewer's language settings (the workbench language and the languages they read). */
@Injectable()
export class ReviewerLanguageRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async languagesOf(userId: string): Promise<{ ui_language: string | null; languages: string[] } | null> {
    const [r] = await this.ds.query(`SELECT ui_language, languages FROM reviewers WHERE id = $1`, [userId]);
    return r ?? null;
  }
}
