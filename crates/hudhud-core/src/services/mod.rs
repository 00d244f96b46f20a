//! What a front end asks of Hudhud, in one place: the window and the
//! command line call these same functions, so the same input gives the
//! same message from both (the signature, the undo delay, reopening a
//! queued message, changes under the account's lock, the keychain).
//!
//! Every failure is a [`ServiceError`]: plain data that a front end keeps
//! (the window in its status line) and words only when it is shown, in
//! the language chosen then.

pub mod accounts;
pub mod drafts;
pub mod outbox;
pub mod time;
pub mod worker;
pub mod writer;

use std::path::PathBuf;
use std::sync::Arc;

use crate::compose::{ComposeError, ReopenError};
use crate::config::ConfigError;
use crate::fl;
use crate::history::HistoryError;
use crate::outbox::SpoolError;
use crate::secrets::SecretError;

/// A failure of a service, cheap to clone (the causes that are not `Clone`
/// are shared).
#[derive(Debug, Clone, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Config(Arc<ConfigError>),
    #[error("{0}")]
    Spool(Arc<SpoolError>),
    #[error("{0}")]
    History(Arc<HistoryError>),
    #[error("{0}")]
    Compose(ComposeError),
    #[error("{0}")]
    Keychain(SecretError),
    #[error("{0}")]
    Reopen(ReopenError),
    #[error("{0}")]
    Smtp(crate::smtp::SmtpError),
    /// The server did not answer within the account's timeout.
    #[error("{}", fl!("ui-test-timeout"))]
    Timeout,
    /// Testing a saved account failed for `reason`.
    #[error("{}", fl!("ui-account-fails", name = name.clone(), reason = reason.to_string()))]
    AccountFails {
        name: String,
        reason: Box<ServiceError>,
    },
    /// config.toml could not be read when the window started: it is left as
    /// it is, so the change just made was not saved.
    #[error("{}", fl!("ui-config-not-saved"))]
    ConfigKept,
    /// The message left the outbox (sent, cancelled) before the change.
    #[error("{}", fl!("ui-message-gone"))]
    MessageGone(String),
    /// The account's lock stayed taken for the whole wait: a worker is
    /// sending its messages.
    #[error("{}", fl!("ui-account-busy"))]
    AccountBusy(String),
    #[error("{}", fl!("ui-draft-not-saved", detail = reason.to_string()))]
    DraftNotSaved {
        path: PathBuf,
        reason: Arc<std::io::Error>,
    },
    /// "Add to dictionary": the user's word list could not be written.
    #[error("{}", fl!("ui-spell-not-saved", word = word.clone(), detail = reason.to_string()))]
    WordNotSaved {
        word: String,
        reason: Arc<std::io::Error>,
    },
    /// A file the user asked for could not be written (an export).
    #[error("{}", fl!("error-file-not-written", path = path.display().to_string(), reason = reason.to_string()))]
    FileNotWritten {
        path: PathBuf,
        reason: Arc<std::io::Error>,
    },
    /// An attachment could not be handed to the desktop's program for it.
    #[error("{}", fl!("error-file-not-opened", path = path.display().to_string(), reason = reason.clone()))]
    FileNotOpened { path: PathBuf, reason: String },
    #[error("{}", fl!("error-bad-time", time = .0.clone()))]
    BadTime(String),
    /// A time for "send later" that has already passed.
    #[error("{}", fl!("error-time-passed", time = .0.clone()))]
    TimePassed(String),
    /// Work that ended without an answer (its thread panicked): nothing is
    /// known about what it did, so the user is told rather than left waiting.
    #[error("{}", fl!("error-interrupted"))]
    Interrupted,
}

impl ServiceError {
    /// An I/O failure of the draft store.
    fn draft(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> ServiceError + '_ {
        move |e| ServiceError::DraftNotSaved {
            path: path.to_owned(),
            reason: Arc::new(e),
        }
    }
}

impl From<ConfigError> for ServiceError {
    fn from(e: ConfigError) -> Self {
        ServiceError::Config(Arc::new(e))
    }
}

impl From<SpoolError> for ServiceError {
    fn from(e: SpoolError) -> Self {
        // An attachment that could not be read while the message was
        // written into the spool is the user's problem, not the spool's.
        if let SpoolError::Io { error, .. } = &e
            && let Some(compose) = error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<ComposeError>())
        {
            return ServiceError::Compose(compose.clone());
        }
        ServiceError::Spool(Arc::new(e))
    }
}

impl From<HistoryError> for ServiceError {
    fn from(e: HistoryError) -> Self {
        ServiceError::History(Arc::new(e))
    }
}

impl From<ComposeError> for ServiceError {
    fn from(e: ComposeError) -> Self {
        ServiceError::Compose(e)
    }
}

impl From<SecretError> for ServiceError {
    fn from(e: SecretError) -> Self {
        ServiceError::Keychain(e)
    }
}

impl From<crate::smtp::SmtpError> for ServiceError {
    fn from(e: crate::smtp::SmtpError) -> Self {
        ServiceError::Smtp(e)
    }
}

impl From<ReopenError> for ServiceError {
    fn from(e: ReopenError) -> Self {
        ServiceError::Reopen(e)
    }
}

/// Runs blocking work (disk, fsync, locks, the keychain) off the async
/// runtime's threads and waits for it; a panic there is an error, never a
/// silent nothing.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or(Err(ServiceError::Interrupted))
}
