import { text } from 'drizzle-orm/sqlite-core';

/** A JSON value stored as text. */
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();
