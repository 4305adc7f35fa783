import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '@app/config';
import { typeOrmOptions } from './typeorm-options';

/** The DataSource the TypeORM CLI uses (`npm run migration:run`). */
const env = validateEnvironment(process.env);
export default new DataSource(typeOrmOptions({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }));
