//! Everything slow the window asks for: disk, keychain, network, dialogs.
//! `update` returns these; the root runs them as iced tasks and tests can run
//! them directly.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::compose::{Draft, prepare};
use crate::config::{Account, Config};
use crate::fl;
use crate::history::History;
use crate::outbox::{Folder, Spool};
use crate::paths::{Paths, write_private_atomic};
use crate::smtp::{Credentials, Server, Transcript, test_connection};
use crate::ui::app::{Message, SentPage, SentRequest, SpoolOp, Undo, load_lists};
use crate::ui::{account, compose};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadLists,
    /// Reads these messages again (another process changed them); the
    /// history index follows those that are sent or failed.
    LoadEntries(Vec<String>),
    /// Brings the history index up to date with the spool, then loads the
    /// Sent list.
    SyncHistory(SentRequest),
    /// A page of the Sent list from the index (a search, or more rows).
    LoadSent(SentRequest),
    RestoreDraft,
    /// Saves the open draft (None: removes it, the draft was sent or discarded).
    SaveDraft(Option<Draft>),
    /// The window is closing: saves what is being written (if anything), then quits.
    SaveDraftAndQuit(Option<Draft>),
    /// Ends the application (run by `app::run` as `iced::exit`).
    Quit,
    Enqueue {
        account: Box<Account>,
        draft: Draft,
        at: Option<DateTime<Utc>>,
        undo_delay: Duration,
    },
    /// Takes a message out of the outbox; `reopen` brings its draft back.
    Cancel {
        account: String,
        id: String,
        reopen: bool,
    },
    Spool {
        op: SpoolOp,
        account: String,
        id: String,
    },
    TestAccount {
        account: Box<Account>,
        password: String,
        timeout: Duration,
    },
    /// Checks the recipients' domains (DNS only), after a pause in typing.
    CheckRecipients {
        number: u64,
        addresses: Vec<String>,
    },
    /// Looks up the settings of an address (no password involved).
    Discover {
        address: String,
    },
    /// Signs the account in through the browser, waits for the redirect
    /// and keeps the sign-in in the keychain.
    SignIn {
        account: Box<Account>,
    },
    /// "Test" in the account list: the saved settings and stored password.
    TestSaved {
        account: Box<Account>,
        timeout: Duration,
    },
    SaveAccount {
        config: Config,
        name: String,
        password: Option<String>,
    },
    RemoveAccount {
        config: Box<Config>,
        name: String,
    },
    SaveConfig(Box<Config>),
    PickFiles,
    Stat(Vec<PathBuf>),
    Reuse {
        id: String,
    },
    /// Held messages of an account go back in line (its settings changed).
    ReleaseHeld {
        account: String,
    },
    /// The source of a sent message, for reading it in the Sent view.
    LoadMessage {
        id: String,
    },
    Export {
        id: String,
    },
    Notify {
        summary: String,
        body: String,
    },
    WakeWorker,
    /// Tab and Shift+Tab: the keyboard focus moves to the next or previous
    /// field.
    Focus {
        forward: bool,
    },
    /// A new search: the Sent list starts again from its top (run by
    /// `app::run` as a widget operation).
    ScrollSentToTop,
}

/// The account and draft of a queued or sent message. Messages queued by the
/// command line carry no draft: it is rebuilt from the message itself, its
/// attachments saved under drafts/attachments/<id>.
fn draft_of(paths: &Paths, id: &str) -> Result<(String, Draft), String> {
    let spool = Spool::open(&paths.data_dir).map_err(|e| e.to_string())?;
    let (entry, folder) = spool.find(id).ok_or_else(|| fl!("ui-message-gone"))?;
    if let Some(draft) = entry.draft {
        return Ok((entry.account, draft));
    }
    let raw = spool.raw(folder, id).map_err(|e| e.to_string())?;
    let attachments = paths.data_dir.join("drafts").join("attachments").join(id);
    let draft = crate::compose::draft_from_message(&raw, &entry.envelope_to, &attachments)?;
    Ok((entry.account, draft))
}

/// Where the open draft is kept between runs.
pub fn draft_path(paths: &Paths) -> PathBuf {
    paths.data_dir.join("drafts").join("current.json")
}

const LOCK_WAIT: Duration = Duration::from_secs(5);

impl Effect {
    pub async fn run(self, paths: Paths) -> Message {
        match self {
            Effect::TestAccount {
                account,
                password,
                timeout,
            } => {
                let (outcome, transcript) = test_account(&account, password, timeout).await;
                Message::Account(account::Message::Tested(outcome, transcript))
            }
            Effect::TestSaved { account, timeout } => {
                let name = account.name.clone();
                let (outcome, _) = test_account(&account, String::new(), timeout).await;
                Message::Done(
                    outcome
                        .map(|()| fl!("ui-account-works", name = name.clone()))
                        .map_err(|e| fl!("ui-account-fails", name = name, reason = e)),
                )
            }
            Effect::CheckRecipients { number, addresses } => {
                // Typing goes on: an answer for a half-typed domain would
                // only flicker. Later requests make this one's answer stale.
                tokio::time::sleep(RECIPIENT_CHECK_PAUSE).await;
                let checks = recipient_checker(&paths).check_all(&addresses).await;
                Message::Compose(compose::Message::RecipientsChecked(number, checks))
            }
            Effect::Discover { address } => {
                let options = crate::discover::Options::default();
                let outcome = crate::discover::discover(&address, &options)
                    .await
                    .map(Box::new)
                    .map_err(|e| e.describe());
                Message::Account(account::Message::Discovered(address, outcome))
            }
            Effect::PickFiles => {
                let files = rfd::AsyncFileDialog::new()
                    .set_title(fl!("ui-attach"))
                    .pick_files()
                    .await
                    .unwrap_or_default();
                let paths_: Vec<PathBuf> = files.iter().map(|f| f.path().to_owned()).collect();
                Box::pin(Effect::Stat(paths_).run(paths)).await
            }
            blocking => tokio::task::spawn_blocking(move || blocking.run_blocking(&paths))
                .await
                .unwrap_or(Message::Nothing),
        }
    }

    /// The effects that only block (disk, keychain); also what tests call.
    pub fn run_blocking(self, paths: &Paths) -> Message {
        match self {
            Effect::LoadLists => load_lists(paths),
            Effect::LoadEntries(ids) => match Spool::open(&paths.data_dir) {
                Ok(spool) => {
                    let mut history = History::open(&paths.data_dir).ok();
                    let changes = ids
                        .into_iter()
                        .map(|id| {
                            let found = spool.find(&id);
                            if let Some(history) = &mut history {
                                // The list reads the index: a failure here
                                // shows when the list is loaded.
                                let _ = history.refresh(&spool, &id);
                            }
                            (id, found)
                        })
                        .collect();
                    Message::EntriesLoaded(changes)
                }
                Err(e) => Message::Done(Err(e.to_string())),
            },
            Effect::SyncHistory(request) => {
                let synced = Spool::open(&paths.data_dir)
                    .map_err(|e| e.to_string())
                    .and_then(|spool| {
                        let mut history =
                            History::open(&paths.data_dir).map_err(|e| e.to_string())?;
                        history.sync(&spool).map_err(|e| e.to_string())
                    });
                match synced {
                    Ok(_) => load_sent(paths, request),
                    Err(e) => Message::Done(Err(e)),
                }
            }
            Effect::LoadSent(request) => load_sent(paths, request),
            Effect::RestoreDraft => {
                let draft = std::fs::read(draft_path(paths))
                    .ok()
                    .and_then(|bytes| serde_json::from_slice::<Draft>(&bytes).ok())
                    .filter(|d| *d != Draft::default());
                Message::DraftRestored(draft)
            }
            Effect::SaveDraft(draft) => match save_draft(paths, draft.as_ref()) {
                Ok(()) => Message::Nothing,
                Err(e) => Message::Done(Err(fl!("ui-draft-not-saved", detail = e.to_string()))),
            },
            Effect::SaveDraftAndQuit(draft) => {
                if let Some(draft) = draft
                    && let Err(e) = save_draft(paths, Some(&draft))
                {
                    // Stay open: closing now would lose what was written.
                    return Message::Done(Err(fl!("ui-draft-not-saved", detail = e.to_string())));
                }
                Message::Quit
            }
            Effect::Enqueue {
                account,
                draft,
                at,
                undo_delay,
            } => Message::Enqueued(enqueue(paths, &account, draft, at, undo_delay)),
            Effect::Cancel {
                account,
                id,
                reopen,
            } => {
                // The draft comes back before the message goes: if it cannot
                // be rebuilt, the message stays in the outbox.
                // It is saved as the draft, as durably as it was queued,
                // before it leaves the outbox: a crash in between leaves it
                // in both places, never in neither.
                let draft = match reopen.then(|| draft_of(paths, &id)).transpose() {
                    Ok(draft) => draft,
                    Err(e) => return Message::Done(Err(e)),
                };
                if let Some((_, draft)) = &draft
                    && let Err(e) = save_draft(paths, Some(draft))
                {
                    return Message::Done(Err(fl!("ui-draft-not-saved", detail = e.to_string())));
                }
                let result = with_lock(paths, &account, |lock| lock.cancel(&id));
                match (result, draft) {
                    (Ok(_), Some((_, draft))) => Message::Reopen(Ok((account, draft))),
                    (Ok(_), None) => Message::Done(Ok(fl!("ui-cancelled"))),
                    (Err(e), _) => Message::Done(Err(e)),
                }
            }
            Effect::Spool { op, account, id } => {
                let result = with_lock(paths, &account, |lock| match op {
                    SpoolOp::Retry => lock.retry(&id),
                    SpoolOp::Resend => lock.resend(&id),
                    SpoolOp::ConfirmSent => lock.confirm_sent(&id),
                    SpoolOp::Cancel => lock.cancel(&id),
                    SpoolOp::SendToAccepted => lock.send_to_accepted(&id),
                });
                Message::Done(result.map(|_| String::new()))
            }
            Effect::SaveAccount {
                config,
                name,
                password,
            } => {
                let stored = match password {
                    Some(password) => {
                        crate::secrets::set_password(&name, &password).map_err(|e| e.to_string())
                    }
                    None => Ok(()),
                };
                let saved = stored.and_then(|()| config.save(paths).map_err(|e| e.to_string()));
                Message::Account(account::Message::Saved(saved))
            }
            Effect::RemoveAccount { config, name } => {
                let result = config
                    .save(paths)
                    .map_err(|e| e.to_string())
                    .and_then(|()| {
                        crate::secrets::delete_password(&name).map_err(|e| e.to_string())
                    });
                Message::Done(result.map(|()| fl!("ui-account-removed", name = name)))
            }
            Effect::SaveConfig(config) => match config.save(paths) {
                Ok(()) => Message::Nothing,
                Err(e) => Message::Done(Err(e.to_string())),
            },
            Effect::Stat(files) => {
                let attachments = files
                    .into_iter()
                    .filter_map(|path| {
                        let meta = std::fs::metadata(&path).ok()?;
                        meta.is_file().then_some(compose::Attachment {
                            size: meta.len(),
                            path,
                        })
                    })
                    .collect();
                Message::Compose(compose::Message::Attached(attachments))
            }
            Effect::SignIn { account } => {
                let outcome =
                    crate::outbox::sign_in_and_store(&account, &crate::oauth::open_browser);
                Message::Account(account::Message::SignedIn(outcome))
            }
            Effect::Reuse { id } => Message::SendAgain(draft_of(paths, &id)),
            Effect::ReleaseHeld { account } => {
                let result = with_lock(paths, &account, |lock| lock.release_held());
                Message::Done(result.map(|_| String::new()))
            }
            Effect::LoadMessage { id } => {
                const SHOWN: usize = 16 * 1024;
                let spool = match Spool::open(&paths.data_dir) {
                    Ok(spool) => spool,
                    Err(e) => return Message::Done(Err(e.to_string())),
                };
                let Some((entry, folder)) = spool.find(&id) else {
                    return Message::Done(Err(fl!("ui-message-gone")));
                };
                // What was written is shown from the draft; the source only
                // for messages other programs queued.
                let source = entry.draft.is_none().then(|| {
                    spool
                        .raw(folder, &id)
                        .map(|raw| {
                            let mut text =
                                String::from_utf8_lossy(&raw[..raw.len().min(SHOWN)]).into_owned();
                            if raw.len() > SHOWN {
                                text.push_str("\n…");
                            }
                            text.replace("\r\n", "\n")
                        })
                        .unwrap_or_else(|e| e.to_string())
                });
                Message::MessageLoaded(Box::new(entry), source)
            }
            Effect::Export { id } => {
                let result = Spool::open(&paths.data_dir)
                    .and_then(|spool| spool.raw(Folder::Sent, &id))
                    .map_err(|e| e.to_string())
                    .and_then(|raw| {
                        let dir = directories::UserDirs::new()
                            .and_then(|d| d.download_dir().map(|p| p.to_owned()))
                            .unwrap_or_else(std::env::temp_dir);
                        let path = dir.join(format!("{id}.eml"));
                        std::fs::write(&path, raw)
                            .map(|()| fl!("ui-exported", path = path.display().to_string()))
                            .map_err(|e| e.to_string())
                    });
                Message::Done(result)
            }
            Effect::Notify { summary, body } => {
                let _ = notify_rust::Notification::new()
                    .appname("Hudhud")
                    .summary(&summary)
                    .body(&body)
                    .show();
                Message::Nothing
            }
            // Handled by `app::run` as a widget operation.
            Effect::Focus { .. } | Effect::ScrollSentToTop => Message::Nothing,
            Effect::WakeWorker => {
                crate::ui::worker::wake();
                Message::Nothing
            }
            Effect::TestAccount { .. }
            | Effect::Discover { .. }
            | Effect::CheckRecipients { .. }
            | Effect::TestSaved { .. }
            | Effect::PickFiles
            | Effect::Quit => Message::Nothing,
        }
    }
}

const RECIPIENT_CHECK_PAUSE: Duration = Duration::from_millis(600);

/// One checker for the window's life, so its cache lasts; it knows the
/// domains of the sent history as it was when first used.
fn recipient_checker(paths: &Paths) -> &'static crate::recipients::Checker {
    static CHECKER: std::sync::OnceLock<crate::recipients::Checker> = std::sync::OnceLock::new();
    CHECKER.get_or_init(|| crate::recipients::Checker::for_data_dir(&paths.data_dir))
}

/// The Sent list's rows for a request, from the history index.
fn load_sent(paths: &Paths, request: SentRequest) -> Message {
    let page = History::open(&paths.data_dir).and_then(|history| {
        let total = history.count(Folder::Sent)?;
        Ok(SentPage {
            rows: history.search_page(
                Folder::Sent,
                &request.query,
                request.offset,
                request.limit,
            )?,
            matches: if request.query.trim().is_empty() {
                total
            } else {
                history.count_matching(Folder::Sent, &request.query)?
            },
            total,
            query: request.query,
            offset: request.offset,
        })
    });
    match page {
        Ok(page) => Message::SentPage(page),
        Err(e) => Message::Done(Err(e.to_string())),
    }
}

/// Writes the open draft durably (None: removes it). One writer at a time:
/// saves run on a thread pool.
fn save_draft(paths: &Paths, draft: Option<&Draft>) -> std::io::Result<()> {
    static SAVING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _saving = SAVING.lock().unwrap_or_else(|e| e.into_inner());
    let path = draft_path(paths);
    match draft {
        Some(draft) => serde_json::to_vec_pretty(draft)
            .map_err(std::io::Error::other)
            .and_then(|bytes| write_private_atomic(&path, &bytes)),
        None => match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

/// Connects and signs in as the account would, with the typed password or,
/// when none was typed, the one in the keychain. Returns the outcome and the
/// conversation with the server.
async fn test_account(
    account: &Account,
    password: String,
    timeout: Duration,
) -> (Result<(), String>, String) {
    let server = Server::for_account(account, timeout);
    let password = if password.is_empty() && account.needs_password() {
        let name = account.name.clone();
        match tokio::task::spawn_blocking(move || crate::secrets::get_password(&name)).await {
            Ok(Ok(stored)) => stored,
            Ok(Err(e)) => return (Err(e.to_string()), String::new()),
            Err(_) => String::new(),
        }
    } else {
        password
    };
    let credentials = (!password.is_empty()).then(|| Credentials {
        username: account.username().to_owned(),
        password,
    });
    let mut transcript = Transcript::default();
    let outcome = tokio::time::timeout(
        timeout,
        test_connection(&server, credentials.as_ref(), &mut transcript),
    )
    .await;
    let outcome = match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(fl!("ui-test-timeout")),
    };
    (outcome, transcript.to_string())
}

/// Builds the message and queues it, not before the undo delay (or the
/// chosen time) has passed.
pub fn enqueue(
    paths: &Paths,
    account: &Account,
    mut draft: Draft,
    at: Option<DateTime<Utc>>,
    undo_delay: Duration,
) -> Result<Undo, String> {
    let kept = Draft {
        send_at: at,
        ..draft.clone()
    };
    if let Some(signature) = account.signature.as_ref().filter(|s| !s.trim().is_empty())
        && !draft.body.contains(signature.as_str())
    {
        draft.body = format!("{}\n\n-- \n{signature}", draft.body.trim_end());
    }
    let spool = Spool::open(&paths.data_dir).map_err(|e| e.to_string())?;
    let composed =
        prepare(account, &draft, spool.size_limit(&account.name)).map_err(|e| e.to_string())?;
    let until = Utc::now() + chrono::Duration::from_std(undo_delay).unwrap_or_default();
    let not_before = at.or((!undo_delay.is_zero()).then_some(until));
    let entry = spool
        .enqueue_composed(
            &account.name,
            &composed,
            &draft.subject,
            not_before,
            Some(kept),
        )
        .map_err(|e| e.to_string())?;
    Ok(Undo {
        id: entry.id,
        account: account.name.clone(),
        until: if at.is_some() { Utc::now() } else { until },
    })
}

fn with_lock<T>(
    paths: &Paths,
    account: &str,
    f: impl FnOnce(&mut crate::outbox::AccountLock) -> Result<T, crate::outbox::SpoolError>,
) -> Result<T, String> {
    let spool = Spool::open(&paths.data_dir).map_err(|e| e.to_string())?;
    let mut lock = spool
        .lock(account, LOCK_WAIT)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| fl!("ui-account-busy"))?;
    f(&mut lock).map_err(|e| e.to_string())
}
