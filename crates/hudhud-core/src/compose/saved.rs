//! Drafts kept for later and templates: any number of each, one file per
//! message written atomically (a crash leaves every file whole), listed
//! newest first. The draft open in the window is kept apart (autosaved);
//! these are the ones put aside.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Draft;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shelf {
    Drafts,
    Templates,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub id: String,
    /// The account it was written from, when one was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub saved_at: DateTime<Utc>,
    pub draft: Draft,
}

fn dir(data_dir: &Path, shelf: Shelf) -> PathBuf {
    match shelf {
        Shelf::Drafts => data_dir.join("drafts").join("saved"),
        Shelf::Templates => data_dir.join("templates"),
    }
}

/// Ids are ours (time and a random part); anything else, such as a path,
/// is refused rather than joined to the folder.
fn file(data_dir: &Path, shelf: Shelf, id: &str) -> io::Result<PathBuf> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad id"));
    }
    Ok(dir(data_dir, shelf).join(format!("{id}.json")))
}

/// Puts a message on the shelf as a new entry.
pub fn save(
    data_dir: &Path,
    shelf: Shelf,
    account: Option<&str>,
    draft: &Draft,
) -> io::Result<Saved> {
    let now = Utc::now();
    let saved = Saved {
        id: format!(
            "{}-{}",
            now.format("%Y%m%dT%H%M%S"),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ),
        account: account.map(str::to_owned),
        saved_at: now,
        draft: Draft {
            // A time chosen for sending is not part of a template.
            send_at: if shelf == Shelf::Templates {
                None
            } else {
                draft.send_at
            },
            ..draft.clone()
        },
    };
    let bytes = serde_json::to_vec_pretty(&saved).map_err(io::Error::other)?;
    crate::paths::write_private_atomic(&file(data_dir, shelf, &saved.id)?, &bytes)?;
    Ok(saved)
}

/// Everything on the shelf, newest first. A file that does not read (cut
/// short by hand, another version's) is left alone and not listed.
pub fn list(data_dir: &Path, shelf: Shelf) -> Vec<Saved> {
    let Ok(entries) = std::fs::read_dir(dir(data_dir, shelf)) else {
        return Vec::new();
    };
    let mut all: Vec<Saved> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|bytes| serde_json::from_slice::<Saved>(&bytes).ok())
        .collect();
    all.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then(b.id.cmp(&a.id)));
    all
}

pub fn load(data_dir: &Path, shelf: Shelf, id: &str) -> io::Result<Saved> {
    let bytes = std::fs::read(file(data_dir, shelf, id)?)?;
    serde_json::from_slice(&bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Takes an entry off the shelf; one already gone is not an error.
pub fn remove(data_dir: &Path, shelf: Shelf, id: &str) -> io::Result<()> {
    match std::fs::remove_file(file(data_dir, shelf, id)?) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(subject: &str) -> Draft {
        Draft {
            to: vec!["omar@example.org".into()],
            subject: subject.into(),
            body: "**مرحبا**".into(),
            markdown: true,
            send_at: Some(Utc::now()),
            ..Draft::default()
        }
    }

    #[test]
    fn any_number_of_drafts_newest_first_and_templates_apart() {
        let dir = tempfile::tempdir().unwrap();
        let first = save(dir.path(), Shelf::Drafts, Some("work"), &draft("one")).unwrap();
        let second = save(dir.path(), Shelf::Drafts, None, &draft("two")).unwrap();
        let template = save(dir.path(), Shelf::Templates, Some("work"), &draft("t")).unwrap();
        let drafts = list(dir.path(), Shelf::Drafts);
        assert_eq!(
            drafts
                .iter()
                .map(|s| s.draft.subject.as_str())
                .collect::<Vec<_>>(),
            ["two", "one"]
        );
        assert_eq!(drafts[1], first);
        assert_eq!(drafts[1].draft.body, "**مرحبا**");
        assert!(drafts[1].draft.send_at.is_some() && drafts[1].draft.markdown);
        assert_eq!(
            list(dir.path(), Shelf::Templates),
            std::slice::from_ref(&template)
        );
        assert_eq!(template.draft.send_at, None, "a template has no send time");
        assert_eq!(load(dir.path(), Shelf::Drafts, &second.id).unwrap(), second);

        remove(dir.path(), Shelf::Drafts, &first.id).unwrap();
        remove(dir.path(), Shelf::Drafts, &first.id).unwrap();
        assert_eq!(list(dir.path(), Shelf::Drafts), [second]);
    }

    #[test]
    fn a_broken_file_is_skipped_and_paths_are_not_ids() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), Shelf::Drafts, None, &draft("kept")).unwrap();
        let folder = dir.path().join("drafts").join("saved");
        std::fs::write(folder.join("cut.json"), b"{\"id\": \"cut\", \"saved_").unwrap();
        assert_eq!(list(dir.path(), Shelf::Drafts).len(), 1);
        assert!(load(dir.path(), Shelf::Drafts, "../../config").is_err());
        assert!(remove(dir.path(), Shelf::Drafts, "../current").is_err());
    }
}
