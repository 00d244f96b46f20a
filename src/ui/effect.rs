//! Everything slow the window asks for: disk, keychain, network, dialogs.
//! `update` returns these; the root runs them as iced tasks and tests can run
//! them directly.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::compose::Draft;
use crate::config::{Account, Config};
use crate::fl;
use crate::history::History;
use crate::outbox::{Folder, Spool};
use crate::paths::Paths;
use crate::services::drafts::{self, Turn};
use crate::services::{ServiceError, accounts, outbox as queue};
use crate::smtp::{Server, Transcript, test_connection};
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
    /// The people sent to and the address book, for suggestions.
    LoadContacts,
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
    /// The desktop's file dialog, or the in-window chooser when it has none.
    PickFiles,
    /// A folder's listing for the in-window chooser.
    ListFolder(PathBuf),
    /// Opens a file with the desktop's program for it.
    OpenFile(PathBuf),
    /// Thumbnails of attached pictures.
    Thumbnails(Vec<PathBuf>),
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
    /// The copy of a sent message to the Sent folder is tried again (by
    /// the worker, at once).
    RetryCopy {
        id: String,
    },
    Notify {
        summary: String,
        body: String,
    },
    WakeWorker,
    /// Drafts put aside and templates, on disk.
    Shelf(compose::ShelfOp),
    /// Reads the spelling dictionaries and the user's own words.
    LoadSpelling,
    /// Keeps a word in the user's dictionary file.
    LearnWord(String),
    /// A new search: the Sent list starts again from its top (run by
    /// `app::run` as a widget operation).
    ScrollSentToTop,
    /// Arrow Up/Down in a list: the focus moves to the row above or below.
    FocusRow {
        down: bool,
    },
    /// The keyboard focus goes to the field with this widget id (a screen
    /// reader asked).
    FocusField(iced::widget::Id),
}

/// The accounts as saved, for the signature a reopened message carries.
fn saved_accounts(paths: &Paths) -> Vec<Account> {
    Config::load(paths).map(|c| c.accounts).unwrap_or_default()
}

impl Effect {
    /// The effect as a future for an iced task. Its turn among draft saves
    /// is taken now, in the order `update` asked, not when a thread gets
    /// to it.
    pub fn run(self, paths: Paths) -> impl Future<Output = Message> + Send + 'static {
        let turn = Turn::next();
        self.run_in_turn(paths, turn)
    }

    async fn run_in_turn(self, paths: Paths, turn: Turn) -> Message {
        match self {
            Effect::TestAccount {
                account,
                password,
                timeout,
            } => {
                let (outcome, transcript) = test_account(&account, password, timeout).await;
                // The form's own checks are words already; its messages stay text.
                let outcome = outcome.map_err(|e| e.to_string());
                Message::Account(account::Message::Tested(outcome, transcript))
            }
            Effect::TestSaved { account, timeout } => {
                let name = account.name.clone();
                let (outcome, _) = test_account(&account, String::new(), timeout).await;
                Message::Done(
                    outcome
                        .map(|()| fl!("ui-account-works", name = name.clone()))
                        .map_err(|e| ServiceError::AccountFails {
                            name,
                            reason: Box::new(e),
                        }),
                )
            }
            Effect::CheckRecipients { number, addresses } => {
                // Typing goes on: an answer for a half-typed domain would
                // only flicker. Later requests make this one's answer stale.
                tokio::time::sleep(RECIPIENT_CHECK_PAUSE).await;
                // Made once, from the history index on disk: not on this thread.
                let checker = tokio::task::spawn_blocking(move || recipient_checker(&paths)).await;
                let Ok(checker) = checker else {
                    return Message::Done(Err(ServiceError::Interrupted));
                };
                let checks = checker.check_all(&addresses).await;
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
            Effect::PickFiles => pick_files(&crate::ui::chooser::Desktop::from_env(), &paths).await,
            blocking => {
                tokio::task::spawn_blocking(move || blocking.run_blocking_in_turn(&paths, turn))
                    .await
                    // A panic leaves nothing known of what it did: said, not hidden.
                    .unwrap_or(Message::Done(Err(ServiceError::Interrupted)))
            }
        }
    }

    /// The effects that only block (disk, keychain); also what tests call.
    pub fn run_blocking(self, paths: &Paths) -> Message {
        self.run_blocking_in_turn(paths, Turn::next())
    }

    fn run_blocking_in_turn(self, paths: &Paths, turn: Turn) -> Message {
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
                Err(e) => Message::Done(Err(e.into())),
            },
            Effect::SyncHistory(request) => {
                let synced = Spool::open(&paths.data_dir)
                    .map_err(ServiceError::from)
                    .and_then(|spool| {
                        let mut history = History::open(&paths.data_dir)?;
                        Ok(history.sync(&spool)?)
                    });
                match synced {
                    Ok(_) => load_sent(paths, request),
                    Err(e) => Message::Done(Err(e)),
                }
            }
            Effect::LoadSent(request) => load_sent(paths, request),
            // Without them there are no suggestions; nothing else is hindered.
            Effect::LoadContacts => Message::ContactsLoaded(
                crate::contacts::load(&paths.data_dir, Utc::now()).unwrap_or_default(),
            ),
            Effect::RestoreDraft => Message::DraftRestored(drafts::load(paths)),
            Effect::SaveDraft(draft) => match drafts::save(paths, draft.as_ref(), turn) {
                Ok(()) => Message::Nothing,
                Err(e) => Message::Done(Err(e)),
            },
            Effect::SaveDraftAndQuit(draft) => {
                if let Some(draft) = draft
                    && let Err(e) = drafts::save(paths, Some(&draft), turn)
                {
                    // Stay open: closing now would lose what was written.
                    return Message::Done(Err(e));
                }
                Message::Quit
            }
            Effect::Enqueue {
                account,
                draft,
                at,
                undo_delay,
            } => Message::Enqueued(enqueue(paths, &account, &draft, at, undo_delay)),
            Effect::Cancel { id, reopen, .. } => {
                if reopen {
                    return match queue::take_back(paths, &saved_accounts(paths), &id) {
                        Ok(reopened) => Message::Reopen(Ok(reopened)),
                        Err(e) => Message::Done(Err(e)),
                    };
                }
                let result = Spool::open(&paths.data_dir)
                    .map_err(ServiceError::from)
                    .and_then(|spool| queue::change(&spool, &id, SpoolOp::Cancel));
                Message::Done(result.map(|_| fl!("ui-cancelled")))
            }
            Effect::Spool { op, id, .. } => {
                let result = Spool::open(&paths.data_dir)
                    .map_err(ServiceError::from)
                    .and_then(|spool| queue::change(&spool, &id, op));
                Message::Done(result.map(|_| String::new()))
            }
            Effect::SaveAccount {
                config,
                name,
                password,
            } => {
                let stored = match password {
                    Some(password) => {
                        crate::secrets::set_password(&name, &password).map_err(ServiceError::from)
                    }
                    None => Ok(()),
                };
                let saved = stored.and_then(|()| accounts::save_config(paths, &config, turn));
                Message::Account(account::Message::Saved(saved.map_err(|e| e.to_string())))
            }
            Effect::RemoveAccount { config, name } => {
                let result = accounts::save_config(paths, &config, turn)
                    .and_then(|()| Ok(crate::secrets::delete_password(&name)?));
                Message::Done(result.map(|()| fl!("ui-account-removed", name = name)))
            }
            Effect::LoadSpelling => Message::SpellingLoaded(std::sync::Arc::new(
                crate::ui::spell::Speller::load(&crate::ui::spell::search_dirs(), &paths.data_dir),
            )),
            Effect::LearnWord(word) => match crate::ui::spell::save_word(&paths.data_dir, &word) {
                Ok(()) => Message::Nothing,
                Err(e) => Message::Done(Err(ServiceError::WordNotSaved {
                    word,
                    reason: std::sync::Arc::new(e),
                })),
            },
            Effect::SaveConfig(config) => match accounts::save_config(paths, &config, turn) {
                Ok(()) => Message::Nothing,
                Err(e) => Message::Done(Err(e)),
            },
            Effect::Thumbnails(pictures) => {
                let made = pictures
                    .into_iter()
                    .filter_map(|path| Some((path.clone(), crate::ui::thumbnail::make(&path)?)))
                    .collect();
                Message::Compose(compose::Message::Thumbnails(made))
            }
            Effect::ListFolder(folder) => {
                let listing = crate::ui::chooser::list(&folder);
                Message::Compose(compose::Message::Chooser(
                    crate::ui::chooser::Message::Listed(folder, listing),
                ))
            }
            Effect::OpenFile(path) => Message::Done(
                crate::oauth::open_with(None, &path.to_string_lossy())
                    .map(|()| String::new())
                    .map_err(|e| ServiceError::FileNotOpened {
                        path: path.clone(),
                        reason: e.to_string(),
                    }),
            ),
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
            Effect::Reuse { id } => {
                Message::SendAgain(queue::reopen(paths, &saved_accounts(paths), &id))
            }
            Effect::ReleaseHeld { account } => {
                let result = Spool::open(&paths.data_dir)
                    .map_err(ServiceError::from)
                    .and_then(|spool| queue::release_held(&spool, &account));
                Message::Done(result.map(|_| String::new()))
            }
            Effect::LoadMessage { id } => {
                const SHOWN: usize = 16 * 1024;
                let spool = match Spool::open(&paths.data_dir) {
                    Ok(spool) => spool,
                    Err(e) => return Message::Done(Err(e.into())),
                };
                let Some((entry, folder)) = spool.find(&id) else {
                    return Message::Done(Err(ServiceError::MessageGone(id)));
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
                    .map_err(ServiceError::from)
                    .and_then(|raw| {
                        let dir = directories::UserDirs::new()
                            .and_then(|d| d.download_dir().map(|p| p.to_owned()))
                            .unwrap_or_else(std::env::temp_dir);
                        let path = dir.join(format!("{id}.eml"));
                        match std::fs::write(&path, raw) {
                            Ok(()) => Ok(fl!("ui-exported", path = path.display().to_string())),
                            Err(e) => Err(ServiceError::FileNotWritten {
                                path,
                                reason: Arc::new(e),
                            }),
                        }
                    });
                Message::Done(result)
            }
            Effect::RetryCopy { id } => {
                let result = Spool::open(&paths.data_dir)
                    .and_then(|spool| spool.retry_copy(&id, false))
                    .map(|_| fl!("copy-retried", id = id.clone()))
                    .map_err(ServiceError::from);
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
            Effect::FocusRow { .. } | Effect::FocusField(_) | Effect::ScrollSentToTop => {
                Message::Nothing
            }
            Effect::WakeWorker => {
                crate::ui::worker::wake();
                Message::Nothing
            }
            Effect::Shelf(op) => Message::Shelved(crate::ui::shelf::run(paths, op, |draft| {
                drafts::save(paths, draft, Turn::next())
            })),
            Effect::TestAccount { .. }
            | Effect::Discover { .. }
            | Effect::CheckRecipients { .. }
            | Effect::TestSaved { .. }
            | Effect::PickFiles
            | Effect::Quit => Message::Nothing,
        }
    }
}

/// "Attach files…": the desktop's dialog, the chosen files measured; or,
/// when the desktop has none, the in-window chooser (tests give their own
/// `desktop`).
pub async fn pick_files(desktop: &crate::ui::chooser::Desktop, paths: &Paths) -> Message {
    match crate::ui::chooser::pick(desktop).await {
        crate::ui::chooser::Picked::Files(files) => {
            Box::pin(Effect::Stat(files).run(paths.clone())).await
        }
        crate::ui::chooser::Picked::NoDialog(home) => {
            Message::Compose(compose::Message::OpenChooser(home))
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
        Err(e) => Message::Done(Err(e.into())),
    }
}

/// Connects and signs in as the account would, with the typed password or,
/// when none was typed, the one in the keychain. Returns the outcome and the
/// conversation with the server.
async fn test_account(
    account: &Account,
    password: String,
    timeout: Duration,
) -> (Result<(), ServiceError>, String) {
    let server = Server::for_account(account, timeout);
    let owned = account.clone();
    let credentials =
        crate::services::blocking(move || Ok(accounts::credentials_or_typed(&owned, &password)?))
            .await;
    let credentials = match credentials {
        Ok(credentials) => credentials,
        Err(e) => return (Err(e), String::new()),
    };
    let mut transcript = Transcript::default();
    let outcome = tokio::time::timeout(
        timeout,
        test_connection(&server, credentials.as_ref(), &mut transcript),
    )
    .await;
    let outcome = match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.into()),
        Err(_) => Err(ServiceError::Timeout),
    };
    (outcome, transcript.to_string())
}

/// Builds the message and queues it, not before the undo delay (or the
/// chosen time) has passed, with the account's signature; the draft is kept
/// with it for Edit and Send again.
pub fn enqueue(
    paths: &Paths,
    account: &Account,
    draft: &Draft,
    at: Option<DateTime<Utc>>,
    undo_delay: Duration,
) -> Result<Undo, ServiceError> {
    let spool = Spool::open(&paths.data_dir)?;
    let how = queue::Queue {
        at,
        undo_delay,
        signature: true,
        keep_draft: true,
    };
    let queued = queue::queue(&spool, account, draft, &how)?;
    Ok(Undo {
        id: queued.entry.id,
        account: account.name.clone(),
        until: queued.undo_until.unwrap_or_else(Utc::now),
    })
}
