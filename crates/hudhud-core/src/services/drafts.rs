//! The draft being written, kept between runs (drafts/current.json), and
//! the files of drafts rebuilt from queued messages (drafts/attachments/).
//!
//! Saves come from many places at once (a tick, Send, closing the window),
//! each on some blocking thread: they go through one writer, and a save
//! asked for earlier never overwrites one asked for later.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::ServiceError;
use crate::compose::Draft;
use crate::paths::{Paths, write_private_atomic};

/// Where the open draft is kept between runs.
pub fn current_path(paths: &Paths) -> PathBuf {
    paths.data_dir.join("drafts").join("current.json")
}

/// Where the attachments of message `id`, rebuilt into a draft, are saved.
pub fn attachments_dir(paths: &Paths, id: &str) -> PathBuf {
    paths.data_dir.join("drafts").join("attachments").join(id)
}

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

/// The one writer: the latest turn written, per file.
static WRITER: Mutex<Vec<(PathBuf, Turn)>> = Mutex::new(Vec::new());

/// The draft left open last time, if it holds anything.
pub fn load(paths: &Paths) -> Option<Draft> {
    std::fs::read(current_path(paths))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Draft>(&bytes).ok())
        .filter(|d| *d != Draft::default())
}

/// Writes the open draft durably (None: removes it, it was sent or
/// discarded), unless a save asked for later was written already.
pub fn save(paths: &Paths, draft: Option<&Draft>, turn: Turn) -> Result<(), ServiceError> {
    let path = current_path(paths);
    let mut written = WRITER.lock().unwrap_or_else(|e| e.into_inner());
    let last = written.iter_mut().find(|(p, _)| *p == path);
    if last.as_ref().is_some_and(|(_, t)| *t > turn) {
        return Ok(());
    }
    write(&path, draft)?;
    match last {
        Some((_, t)) => *t = turn,
        None => written.push((path, turn)),
    }
    Ok(())
}

fn write(path: &Path, draft: Option<&Draft>) -> Result<(), ServiceError> {
    match draft {
        Some(draft) => serde_json::to_vec_pretty(draft)
            .map_err(std::io::Error::other)
            .and_then(|bytes| write_private_atomic(path, &bytes))
            .map_err(ServiceError::draft(path)),
        None => match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(ServiceError::draft(path)(e)),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> Paths {
        Paths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
        }
    }

    fn draft(body: &str) -> Draft {
        Draft {
            to: vec!["omar@example.org".into()],
            body: body.into(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_save_asked_for_earlier_never_overwrites_a_later_one() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        let (first, second) = (Turn::next(), Turn::next());
        save(&paths, Some(&draft("newer")), second).unwrap();
        // The earlier save's thread ran late.
        save(&paths, Some(&draft("older")), first).unwrap();
        assert_eq!(load(&paths).unwrap().body, "newer");
        save(&paths, None, Turn::next()).unwrap();
        assert_eq!(load(&paths), None);
        assert!(!current_path(&paths).exists());
    }

    #[test]
    fn saves_from_many_threads_leave_the_last_one_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        let turns: Vec<Turn> = (0..16).map(|_| Turn::next()).collect();
        std::thread::scope(|s| {
            for (n, turn) in turns.into_iter().enumerate().rev() {
                let paths = &paths;
                s.spawn(move || save(paths, Some(&draft(&n.to_string())), turn).unwrap());
            }
        });
        assert_eq!(load(&paths).unwrap().body, "15");
    }

    #[test]
    fn a_draft_that_cannot_be_written_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        // A file where the drafts folder should be.
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        std::fs::write(paths.data_dir.join("drafts"), b"").unwrap();
        match save(&paths, Some(&draft("x")), Turn::next()) {
            Err(ServiceError::DraftNotSaved { path, .. }) => {
                assert_eq!(path, current_path(&paths))
            }
            other => panic!("{other:?}"),
        }
    }
}
