//! The outbox worker of the window, on a thread of its own, reporting each
//! change of a message's state to the window.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, LazyLock};

use iced::Subscription;
use iced::futures::SinkExt;
use tokio::sync::{Notify, mpsc};

use crate::paths::Paths;
use crate::services::accounts::keychain_passwords;
use crate::services::worker::spawn as spawn_worker;
use crate::ui::app::Message;

static WAKE: LazyLock<Arc<Notify>> = LazyLock::new(|| Arc::new(Notify::new()));

/// Asks the worker to look at the outbox now (a message was queued or retried).
pub fn wake() {
    WAKE.notify_one();
}

pub fn subscription() -> Subscription<Message> {
    Subscription::run(stream)
}

fn stream() -> impl iced::futures::Stream<Item = Message> {
    iced::stream::channel(64, async |mut output| {
        let Some(paths) = Paths::from_env() else {
            return;
        };
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let shutdown = Arc::new(AtomicBool::new(false));
        // On a thread of its own: the worker reads, fsyncs and locks spool
        // files between sends, which iced's runtime threads must not wait on.
        let started = spawn_worker(
            paths,
            keychain_passwords(),
            Some(events_tx),
            shutdown,
            WAKE.clone(),
        );
        if let Err(e) = started {
            eprintln!("hudhud: the outbox worker cannot start: {e}");
            return;
        }
        while let Some(event) = events.recv().await {
            if output.send(Message::Worker(event)).await.is_err() {
                break;
            }
        }
    })
}
