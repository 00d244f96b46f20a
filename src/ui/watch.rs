//! Changes to the spool made by any process (`hudhud send`, `sendmail`,
//! the daemon, `outbox` commands, this window's own worker) reach the window
//! as the ids of the messages that changed, through file-system
//! notifications on the spool folders — no polling of the lists. The
//! address book (`hudhud contacts import` in a terminal) is watched the same
//! way, so that its people are suggested in the open window at once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use iced::Subscription;
use iced::futures::{SinkExt, Stream};
use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::paths::Paths;
use crate::ui::app::Message;

/// Changes within this time are delivered together (a state file is
/// written through a temporary file and renamed: several events, one change).
const SETTLE: Duration = Duration::from_millis(150);

/// The spool folders whose `<id>.json` files are the messages' states.
const FOLDERS: [&str; 3] = ["outbox", "sent", "failed"];

pub fn subscription() -> Subscription<Message> {
    Subscription::run(stream)
}

fn stream() -> impl Stream<Item = Message> {
    iced::stream::channel(16, async |mut output| {
        let Some(paths) = Paths::from_env() else {
            return;
        };
        let Ok(mut changes) = changes(&paths.data_dir) else {
            return;
        };
        while let Some(message) = changes.recv().await {
            if output.send(message).await.is_err() {
                break;
            }
        }
    })
}

/// Watches the spool and the address book under `data_dir`: each item is
/// [`Message::SpoolChanged`] with the ids of the messages whose state file
/// was created, changed, renamed or removed, or
/// [`Message::ContactsChanged`]. The watcher lives as long as the receiver.
pub fn changes(data_dir: &Path) -> notify::Result<mpsc::Receiver<Message>> {
    let (raw_tx, mut raw_rx) = mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            for path in event.paths {
                let _ = raw_tx.send(path);
            }
        }
    })?;
    for folder in FOLDERS {
        let dir = data_dir.join(folder);
        crate::paths::create_private_dir(&dir).map_err(notify::Error::io)?;
        watcher.watch(&dir, RecursiveMode::NonRecursive)?;
    }
    // The address book is rewritten through a temporary file and renamed
    // into place: the folder is watched, not the file.
    watcher.watch(data_dir, RecursiveMode::NonRecursive)?;
    let book = crate::contacts::AddressBook::path(data_dir);
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        let _watcher = watcher;
        while let Some(first) = raw_rx.recv().await {
            let mut ids = BTreeSet::new();
            let mut contacts = false;
            let mut take = |path: &Path| {
                contacts |= path == book;
                if path.parent() != book.parent() {
                    ids.extend(message_id(path));
                }
            };
            take(&first);
            tokio::time::sleep(SETTLE).await;
            while let Ok(path) = raw_rx.try_recv() {
                take(&path);
            }
            let messages = (!ids.is_empty())
                .then(|| Message::SpoolChanged(ids.into_iter().collect()))
                .into_iter()
                .chain(contacts.then_some(Message::ContactsChanged));
            for message in messages {
                if tx.send(message).await.is_err() {
                    return;
                }
            }
        }
    });
    Ok(rx)
}

/// `…/outbox/<id>.json` → `<id>`; temporary and other files → None.
fn message_id(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let id = name.strip_suffix(".json")?;
    (!id.is_empty() && !id.starts_with('.')).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_state_files_name_a_message() {
        assert_eq!(
            message_id(Path::new("/d/outbox/20261129-ab.json")).as_deref(),
            Some("20261129-ab")
        );
        assert_eq!(
            message_id(Path::new("/d/outbox/.20261129-ab.json.tmp")),
            None
        );
        assert_eq!(message_id(Path::new("/d/outbox/20261129-ab.eml")), None);
        assert_eq!(message_id(Path::new("/d/outbox/.x.json")), None);
    }
}
