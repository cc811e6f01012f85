//! The SQLite database in the data folder: the kiosk's events (kept until someone deletes
//! them) and its heartbeats (the last 50,000, about five weeks). WAL mode with
//! `synchronous=FULL`: a batch is acknowledged only after its commit is on disk, so neither a
//! killed server nor a power cut loses an acknowledged event.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::schema::Batch;

pub const FILE: &str = "supply-routes.sqlite";
const BEATS_KEPT: i64 = 50_000;
/// The layout below, kept in SQLite's user_version.
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS batches (
    id       INTEGER PRIMARY KEY,
    batch    TEXT NOT NULL UNIQUE,  -- the page's id: a batch sent again is acknowledged, not stored twice
    received INTEGER NOT NULL,      -- the server's clock, ms since 1970
    events   INTEGER NOT NULL,
    dropped  INTEGER NOT NULL       -- events the page's buffer dropped before this batch
);
CREATE TABLE IF NOT EXISTS events (
    batch   INTEGER NOT NULL REFERENCES batches(id),
    t       INTEGER NOT NULL,       -- the page's clock, ms since 1970 (local days and hours are
                                    -- worked out when asked, in the server's time zone)
    type    TEXT NOT NULL,
    visit   INTEGER,
    subject TEXT,
    detail  TEXT,
    ms      INTEGER
);
CREATE INDEX IF NOT EXISTS events_by_type ON events(type, t);
CREATE TABLE IF NOT EXISTS beats (
    id       INTEGER PRIMARY KEY,
    received INTEGER NOT NULL,      -- the server's clock, ms since 1970
    beat     TEXT NOT NULL          -- the beat as checked by schema::beat
);
PRAGMA user_version = 1;
";

pub struct Store {
    path: PathBuf,
    /// One writer: SQLite serialises writes anyway.
    writer: Mutex<Connection>,
    /// One reader beside it: WAL lets it read while a batch is written.
    reader: Mutex<Connection>,
}

/// Creates the data folder if missing, with a `.gitignore` so that a checkout's default
/// folder (var/) never ends up in a commit.
pub fn prepare_folder(folder: &Path) -> std::io::Result<()> {
    if !folder.exists() {
        std::fs::create_dir_all(folder)?;
        std::fs::write(
            folder.join(".gitignore"),
            "# the server's data (supply-routes-server)\n*\n",
        )?;
    }
    Ok(())
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let c = Connection::open(path)?;
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    Ok(c)
}

fn lock(m: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    // A panic while holding the lock leaves SQLite consistent (it rolls back): go on.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub enum Stored {
    New(usize),
    /// The batch's id was stored before (the page sent it again after a lost answer).
    Duplicate,
}

impl Store {
    pub fn open(folder: &Path) -> rusqlite::Result<Store> {
        let path = folder.join(FILE);
        let writer = open(&path)?;
        // A database of another layout is refused, not silently mixed with this one.
        let version: i64 = writer.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables: i64 = writer.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| {
            r.get(0)
        })?;
        if version != VERSION && (version != 0 || tables > 0) {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "{} has layout version {version}, this server writes {VERSION}: move it aside (or use the server that wrote it)",
                path.display()
            )));
        }
        writer.execute_batch(SCHEMA)?;
        let reader = open(&path)?;
        Ok(Store {
            path,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores a batch in one transaction; returns once it is on disk.
    pub fn insert(&self, batch: &Batch, received_ms: i64) -> rusqlite::Result<Stored> {
        let mut c = lock(&self.writer);
        let tx = c.transaction()?;
        let added = tx.execute(
            "INSERT INTO batches (batch, received, events, dropped) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(batch) DO NOTHING",
            params![batch.id, received_ms, batch.events.len() as i64, batch.dropped],
        )?;
        if added == 0 {
            return Ok(Stored::Duplicate);
        }
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO events (batch, t, type, visit, subject, detail, ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for e in &batch.events {
                insert.execute(params![id, e.t, e.kind, e.visit, e.subject, e.detail, e.ms])?;
            }
        }
        tx.commit()?;
        Ok(Stored::New(batch.events.len()))
    }

    pub fn insert_beat(&self, beat: &Value, received_ms: i64) -> rusqlite::Result<()> {
        let c = lock(&self.writer);
        c.execute(
            "INSERT INTO beats (received, beat) VALUES (?1, ?2)",
            params![received_ms, beat.to_string()],
        )?;
        let last = c.last_insert_rowid();
        c.execute("DELETE FROM beats WHERE id <= ?1", params![last - BEATS_KEPT])?;
        Ok(())
    }

    /// The last beat and when it came (server clock, ms since 1970).
    pub fn last_beat(&self) -> rusqlite::Result<Option<(i64, Value)>> {
        let c = lock(&self.reader);
        let row: Option<(i64, String)> = c
            .query_row("SELECT received, beat FROM beats ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(row.and_then(|(received, text)| serde_json::from_str(&text).ok().map(|v| (received, v))))
    }

    /// Runs `f` on the reading connection (the statistics' queries).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        f(&lock(&self.reader))
    }

    /// Folds the WAL into the database file (at a clean shutdown, and before measuring its size).
    pub fn checkpoint(&self) -> rusqlite::Result<()> {
        lock(&self.writer).execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
    }
}
