//! The one writer of the files a front end saves while the user works (the
//! open draft, config.toml): saves come from many threads at once, each run
//! whenever a thread is free, yet the file ends as the last one asked for.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

/// The order in which saves were asked for: take one when the save is
/// decided (on the front end's own thread), before it is handed to a
/// thread that may run it late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Turn(u64);

impl Turn {
    pub fn next() -> Turn {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Turn(NEXT.fetch_add(1, Ordering::SeqCst))
    }
}

/// The latest turn written, per file.
static WRITTEN: LazyLock<Mutex<HashMap<PathBuf, Turn>>> = LazyLock::new(Mutex::default);

/// Runs `write` for `path`, one writer at a time, unless a save asked for
/// later was written already (then it is skipped: Ok(false)).
pub fn in_turn<E>(
    path: &Path,
    turn: Turn,
    write: impl FnOnce() -> Result<(), E>,
) -> Result<bool, E> {
    let mut written = WRITTEN.lock().unwrap_or_else(|e| e.into_inner());
    if written.get(path).is_some_and(|last| *last > turn) {
        return Ok(false);
    }
    write()?;
    written.insert(path.to_owned(), turn);
    Ok(true)
}
