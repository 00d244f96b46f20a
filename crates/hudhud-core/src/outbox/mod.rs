//! The outbox: a durable queue on disk, a retry policy, and the worker that
//! drains it.
//!
//! Learned from Postfix and nullmailer: the directories are the state. A
//! message is queued once its raw bytes and its state file are both durably
//! in `outbox/`; it is done when it sits in `sent/` or `failed/`. A per-account
//! lock means one sender per account across all processes, and a per-account
//! journal records which message was on the wire, so a crash turns it into
//! "unconfirmed" instead of a silent resend.

mod copy;
mod policy;
mod signin;
mod spool;
mod worker;

pub use copy::{
    CopyReport, copy_to_sent, imap_secret_entry, initial_copy_state, next_copy_time,
    sent_copy_bytes,
};
pub use policy::RetryPolicy;
pub use signin::{
    connect_account, delete_client_secret, forget_token_source, held_for_sign_in, resolve_client,
    sign_in_and_store, store_client_secret, test_account,
};
pub use spool::{
    AccountLock, Attempt, Copied, CopyState, Damage, Damaged, Entry, Folder, SentCopy, Spool,
    SpoolError, State, in_sending_order,
};
pub use worker::{DrainReport, Event, PasswordSource, drain_account, run_worker};
