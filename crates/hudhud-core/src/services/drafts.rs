//! The draft being written, kept between runs (drafts/current.json), and
//! the files of drafts rebuilt from queued messages (drafts/attachments/).
//!
//! Saves come from many places at once (a tick, Send, closing the window),
//! each on some blocking thread: they go through one writer, and a save
//! asked for earlier never overwrites one asked for later.

use std::path::{Path, PathBuf};

pub use super::writer::Turn;
use super::{ServiceError, writer};
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
    writer::in_turn(&path, turn, || write(&path, draft))?;
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
