/** The database's file name in the data folder (with SQLite's side files, mldrill.sqlite-wal and -shm, beside it). */
export const DB_FILENAME = 'mldrill.sqlite';
