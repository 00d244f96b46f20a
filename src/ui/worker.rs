//! The outbox worker, running inside the window on iced's tokio runtime and
//! reporting each change of a message's state.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, LazyLock};

use iced::Subscription;
use iced::futures::SinkExt;
use tokio::sync::{Notify, mpsc};

use crate::outbox::{PasswordSource, run_worker};
use crate::paths::Paths;
use crate::smtp::Credentials;
use crate::ui::app::Message;

static WAKE: LazyLock<Arc<Notify>> = LazyLock::new(|| Arc::new(Notify::new()));

/// Asks the worker to look at the outbox now (a message was queued or retried).
pub fn wake() {
    WAKE.notify_one();
}

/// Passwords come from the keychain, on the worker's blocking thread.
pub fn keychain_passwords() -> PasswordSource {
    Arc::new(|account| {
        if !account.needs_password() {
            return Ok(None);
        }
        let password = crate::secrets::get_password(&account.name)?;
        Ok(Some(Credentials {
            username: account.username().to_owned(),
            password,
        }))
    })
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
        tokio::spawn(run_worker(
            paths,
            keychain_passwords(),
            Some(events_tx),
            shutdown,
            WAKE.clone(),
        ));
        while let Some(event) = events.recv().await {
            if output.send(Message::Worker(event)).await.is_err() {
                break;
            }
        }
    })
}
