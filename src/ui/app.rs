//! The root of the window: holds the screens, turns their actions into
//! [`Effect`]s (everything slow: disk, keychain, network, dialogs), and shows
//! the sidebar and the undo bar.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use iced::widget::{button, column, container, row, rule, text};
use iced::{Element, Fill, Length, Subscription, Task, Theme};

use crate::compose::Draft;
use crate::config::{Account, Config};
use crate::fl;
use crate::outbox::{Entry, Event, Folder, State};
use crate::paths::Paths;
use crate::ui::account::{self, AccountForm};
use crate::ui::compose::{self, Compose};
use crate::ui::dir::AtStart;
use crate::ui::effect::Effect;
use crate::ui::settings::{self, ThemeChoice};
use crate::ui::{dir, outbox};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Compose,
    Outbox,
    Sent,
    Accounts,
    AccountForm,
    Settings,
}

/// A message queued a moment ago that can still be taken back.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub id: String,
    pub account: String,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Go(Screen),
    Compose(compose::Message),
    Account(account::Message),
    Settings(settings::Message),
    List(outbox::Message),
    Loaded {
        outbox: Vec<Entry>,
        /// Each account server's announced size limit (see `Spool::size_limits`).
        limits: std::collections::HashMap<String, u64>,
    },
    DraftRestored(Option<Draft>),
    Enqueued(Result<Undo, String>),
    Undo,
    /// A spool action finished: a status line (or error), then reload.
    Done(Result<String, String>),
    /// A message back in the editor: taken out of the outbox (Undo, Edit),
    /// or copied from Sent ("send again").
    Reopen(Result<(String, Draft), String>),
    SendAgain(Result<(String, Draft), String>),
    /// A page of the Sent list from the history index, for this search.
    SentPage(SentPage),
    /// A sent message opened in the list: its full record and, for
    /// messages without a draft, its source.
    MessageLoaded(Box<Entry>, Option<String>),
    /// These messages' state files changed on disk (any process).
    SpoolChanged(Vec<String>),
    /// Each changed message as it is now, or None when it is gone.
    EntriesLoaded(Vec<(String, Option<(Entry, Folder)>)>),
    /// The window manager asks to close the window: the draft is saved first.
    CloseRequested,
    /// The draft is safe; the application may end.
    Quit,
    Worker(Event),
    Tick,
    SendShortcut,
    /// Tab (forward) or Shift+Tab pressed outside anything that takes it.
    Tab {
        forward: bool,
    },
    FilesDropped(PathBuf),
    AddAccount,
    EditAccount(String),
    TestAccount(String),
    RemoveAccount(String),
    ConfirmRemove(Option<String>),
    SetDefault(String),
    DismissStatus,
    Nothing,
}

pub struct App {
    pub paths: Paths,
    pub config: Config,
    pub screen: Screen,
    pub compose: Compose,
    pub account_form: AccountForm,
    pub outbox: Vec<Entry>,
    /// Accounts whose messages another process (the daemon) is sending:
    /// the window's worker steps back meanwhile.
    pub background: Vec<String>,
    /// The rows of the Sent list in and around the view, never the whole
    /// history: the list is drawn at a fixed row height, so only these are
    /// read from the index and built.
    pub sent: SentPage,
    /// Where the Sent list is scrolled, and how tall it is on screen.
    pub sent_view: SentViewport,
    /// The rows last asked of the index (a request being answered is not
    /// asked again; an answer to an older one is dropped).
    sent_asked: Option<SentRequest>,
    /// Addresses of the newest sent messages, for suggestions.
    recent_recipients: Vec<String>,
    /// Size limits the accounts' servers announced, for compose's warning.
    pub size_limits: std::collections::HashMap<String, u64>,
    /// Addresses written to before, newest first, for suggestions.
    pub known_addresses: Vec<String>,
    pub expanded: Option<String>,
    /// The text of the sent message that is open: (id, message source).
    /// The opened sent message and its source (when it has no draft).
    pub preview: Option<(Box<Entry>, Option<String>)>,
    pub search: String,
    pub undo: Option<Undo>,
    pub status: Option<Result<String, String>>,
    pub confirm_remove: Option<String>,
    pub now: DateTime<Utc>,
    /// False when config.toml could not be read: then nothing overwrites it.
    pub config_loaded: bool,
    draft_dirty: bool,
    /// Failed messages already announced by a desktop notification.
    notified: std::collections::HashSet<String>,
    lists_loaded: bool,
}

impl App {
    /// The state at start-up, and the effects that fill it in (lists, the
    /// draft left open last time). `config` was read by the caller.
    pub fn new(paths: Paths, config: Config, mailto: Option<Draft>) -> (App, Vec<Effect>) {
        let from = config.default_account().ok().map(|a| a.name.clone());
        let first_run = config.accounts.is_empty();
        let has_mailto = mailto.is_some();
        let compose = match &mailto {
            Some(draft) => Compose::from_draft(from.clone(), draft),
            None => Compose::new(from),
        };
        let mut app = App {
            paths,
            config,
            screen: if first_run {
                Screen::AccountForm
            } else {
                Screen::Compose
            },
            compose,
            account_form: AccountForm::default(),
            outbox: Vec::new(),
            background: Vec::new(),
            sent: SentPage::default(),
            sent_view: SentViewport::default(),
            sent_asked: None,
            recent_recipients: Vec::new(),
            size_limits: Default::default(),
            known_addresses: Vec::new(),
            expanded: None,
            preview: None,
            search: String::new(),
            undo: None,
            status: None,
            confirm_remove: None,
            now: Utc::now(),
            config_loaded: true,
            draft_dirty: false,
            notified: Default::default(),
            lists_loaded: false,
        };
        // The index catches up with the sent folder once at start (only new
        // messages are read); after that file notifications keep it current.
        let request = app.sent_wanted();
        app.sent_asked = Some(request.clone());
        let mut effects = vec![Effect::LoadLists, Effect::SyncHistory(request)];
        if !has_mailto {
            effects.push(Effect::RestoreDraft);
        }
        effects.extend(app.check_recipients());
        (app, effects)
    }

    pub fn first_run(&self) -> bool {
        self.config.accounts.is_empty()
    }

    fn account(&self, name: &str) -> Option<&Account> {
        self.config.accounts.iter().find(|a| a.name == name)
    }

    pub fn update(&mut self, message: Message) -> Vec<Effect> {
        let mut effects = self.update_screens(message);
        if !self.config_loaded {
            // A config.toml the user broke by hand is never overwritten.
            let before = effects.len();
            effects.retain(|e| {
                !matches!(
                    e,
                    Effect::SaveConfig(_)
                        | Effect::SaveAccount { .. }
                        | Effect::RemoveAccount { .. }
                )
            });
            if effects.len() != before {
                self.status = Some(Err(fl!("ui-config-not-saved")));
            }
        }
        effects
    }

    fn update_screens(&mut self, message: Message) -> Vec<Effect> {
        match message {
            Message::Go(screen) => {
                self.screen = screen;
                self.expanded = None;
                match screen {
                    Screen::Outbox => return vec![Effect::LoadLists],
                    // Catches up with anything the file notifications missed.
                    Screen::Sent => {
                        // The list is drawn anew, from its top.
                        self.sent_view.top = 0.0;
                        let request = self.sent_wanted();
                        self.sent_asked = Some(request.clone());
                        return vec![Effect::SyncHistory(request)];
                    }
                    _ => {}
                }
            }
            Message::Compose(message) => return self.compose_action(message),
            Message::Tab { forward } => return vec![Effect::Focus { forward }],
            Message::SendShortcut => {
                if self.screen == Screen::Compose {
                    return self.compose_action(compose::Message::Send);
                }
            }
            Message::FilesDropped(path) => {
                self.screen = Screen::Compose;
                return vec![Effect::Stat(vec![path])];
            }
            Message::Account(message) => match self.account_form.update(message) {
                account::Action::None => {}
                account::Action::Test { account, password } => {
                    return vec![Effect::TestAccount {
                        account,
                        password,
                        timeout: Duration::from_secs(
                            self.config.settings.timeout_secs.clamp(5, 60),
                        ),
                    }];
                }
                account::Action::Save {
                    account,
                    password,
                    replaces,
                } => {
                    let mut config = self.config.clone();
                    if let Some(old) = &replaces {
                        let _ = config.remove_account(old);
                    }
                    let name = account.name.clone();
                    if let Err(e) = config.add_account(*account) {
                        return self.account_form_result(Err(e.to_string()));
                    }
                    if config.settings.default_account.is_none() {
                        config.settings.default_account = Some(name.clone());
                    }
                    self.config = config.clone();
                    if self.compose.from.is_none() {
                        self.compose.from = Some(name.clone());
                    }
                    return vec![Effect::SaveAccount {
                        config,
                        name,
                        password: (!password.is_empty()).then_some(password),
                    }];
                }
                account::Action::Done => {
                    let name = self.account_form.saved_name.take();
                    self.account_form = AccountForm::default();
                    self.screen = Screen::Compose;
                    self.status = Some(Ok(fl!("ui-account-saved")));
                    // Messages held for this account's password or TLS
                    // settings get another chance with the new ones.
                    if let Some(account) = name
                        && self
                            .outbox
                            .iter()
                            .any(|e| e.account == account && e.state == State::Held)
                    {
                        return vec![Effect::ReleaseHeld { account }];
                    }
                }
                account::Action::Cancel => {
                    self.account_form = AccountForm::default();
                    self.screen = Screen::Accounts;
                }
                account::Action::Discover { address } => {
                    return vec![Effect::Discover { address }];
                }
                account::Action::SignIn { account } => {
                    return vec![Effect::SignIn { account }];
                }
            },
            Message::Settings(message) => {
                let language_changed = settings::update(&mut self.config.settings, message);
                if language_changed {
                    crate::i18n::init(self.config.settings.language.as_deref());
                    dir::refresh();
                }
                return vec![Effect::SaveConfig(Box::new(self.config.clone()))];
            }
            Message::List(message) => return self.list_action(message),
            Message::Loaded { outbox, limits } => {
                self.size_limits = limits;
                // Failures already there at start-up are not news.
                let first_load = !self.lists_loaded;
                self.lists_loaded = true;
                self.outbox = outbox;
                return self.lists_changed(first_load);
            }
            Message::SentPage(page) => {
                // A late answer to an earlier search or position is dropped.
                let asked = self.sent_asked.as_ref();
                if asked.is_none_or(|a| a.query == page.query && a.offset == page.offset) {
                    if page.offset == 0 && page.query.is_empty() {
                        let mut seen = std::collections::HashSet::new();
                        self.recent_recipients = page
                            .rows
                            .iter()
                            .flat_map(|r| r.recipients.iter())
                            .filter(|a| seen.insert(a.to_lowercase()))
                            .take(500)
                            .cloned()
                            .collect();
                    }
                    self.sent = page;
                    return self.lists_changed(false);
                }
            }
            Message::SpoolChanged(ids) => return vec![Effect::LoadEntries(ids)],
            Message::EntriesLoaded(changes) => {
                let mut history_changed = false;
                for (id, found) in changes {
                    self.outbox.retain(|e| e.id != id);
                    history_changed |= self.sent.rows.iter().any(|r| r.id == id);
                    match found {
                        Some((_, Folder::Sent)) => history_changed = true,
                        Some((entry, Folder::Outbox | Folder::Failed)) => {
                            // In id order, as `Spool::list` gives them.
                            let at = self.outbox.partition_point(|e| e.id < entry.id);
                            self.outbox.insert(at, entry);
                        }
                        None => {}
                    }
                }
                let mut effects = self.lists_changed(false);
                if history_changed {
                    effects.push(self.load_sent());
                }
                return effects;
            }
            Message::DraftRestored(Some(draft)) => {
                if self.compose.is_empty() {
                    return self.open_draft(self.compose.from.clone(), &draft);
                }
            }
            Message::DraftRestored(None) => {}
            Message::Enqueued(Ok(undo)) => {
                self.now = Utc::now();
                let from = self.compose.from.clone();
                self.compose = Compose::new(from);
                self.draft_dirty = false;
                if undo.until > Utc::now() {
                    self.undo = Some(undo);
                } else {
                    self.status = Some(Ok(fl!("ui-queued")));
                }
                return vec![
                    Effect::SaveDraft(None),
                    Effect::WakeWorker,
                    Effect::LoadLists,
                ];
            }
            Message::Enqueued(Err(problem)) => self.status = Some(Err(problem)),
            Message::Undo => {
                if let Some(undo) = self.undo.take() {
                    return vec![Effect::Cancel {
                        account: undo.account,
                        id: undo.id,
                        reopen: true,
                    }];
                }
            }
            Message::Done(Err(problem)) => {
                self.status = Some(Err(problem));
                return vec![Effect::LoadLists];
            }
            Message::Done(Ok(status)) => {
                if !status.is_empty() {
                    self.status = Some(Ok(status));
                }
                return vec![Effect::LoadLists, Effect::WakeWorker];
            }
            Message::Reopen(Ok((account, draft))) => {
                self.screen = Screen::Compose;
                self.status = Some(Ok(fl!("ui-undone")));
                let mut effects = self.open_draft(Some(account), &draft);
                effects.push(Effect::LoadLists);
                return effects;
            }
            Message::SendAgain(Ok((account, draft))) => {
                self.screen = Screen::Compose;
                return self.open_draft(Some(account), &draft);
            }
            Message::CloseRequested => {
                // An empty editor saves nothing (and removes nothing: a
                // draft may still be on its way in from disk).
                let draft = (!self.compose.is_empty()).then(|| self.compose.draft());
                return vec![Effect::SaveDraftAndQuit(draft)];
            }
            Message::Quit => return vec![Effect::Quit],
            Message::Reopen(Err(problem)) | Message::SendAgain(Err(problem)) => {
                self.status = Some(Err(problem))
            }
            Message::Worker(Event::Changed { id, .. }) => {
                return vec![Effect::LoadEntries(vec![id])];
            }
            Message::Worker(Event::Background { accounts }) => self.background = accounts,
            Message::Tick => {
                self.now = Utc::now();
                if self.undo.as_ref().is_some_and(|u| u.until <= self.now) {
                    self.undo = None;
                }
                if self.draft_dirty {
                    self.draft_dirty = false;
                    return vec![Effect::SaveDraft(Some(self.compose.draft()))];
                }
            }
            Message::AddAccount => {
                self.account_form = AccountForm::default();
                self.screen = Screen::AccountForm;
            }
            Message::EditAccount(name) => {
                if let Some(account) = self.account(&name) {
                    self.account_form = AccountForm::edit(account);
                    self.screen = Screen::AccountForm;
                }
            }
            Message::TestAccount(name) => {
                if let Some(account) = self.account(&name).cloned() {
                    self.status = Some(Ok(fl!("ui-testing")));
                    return vec![Effect::TestSaved {
                        account: Box::new(account),
                        timeout: Duration::from_secs(
                            self.config.settings.timeout_secs.clamp(5, 60),
                        ),
                    }];
                }
            }
            Message::RemoveAccount(name) => self.confirm_remove = Some(name),
            Message::ConfirmRemove(None) => self.confirm_remove = None,
            Message::ConfirmRemove(Some(name)) => {
                self.confirm_remove = None;
                let mut config = self.config.clone();
                if config.remove_account(&name).is_ok() {
                    if config.settings.default_account.as_deref() == Some(&name) {
                        config.settings.default_account =
                            config.accounts.first().map(|a| a.name.clone());
                    }
                    if self.compose.from.as_deref() == Some(&name) {
                        self.compose.from = config.settings.default_account.clone();
                    }
                    self.config = config.clone();
                    if self.first_run() {
                        self.screen = Screen::AccountForm;
                    }
                    return vec![Effect::RemoveAccount {
                        config: Box::new(config),
                        name,
                    }];
                }
            }
            Message::SetDefault(name) => {
                self.config.settings.default_account = Some(name);
                return vec![Effect::SaveConfig(Box::new(self.config.clone()))];
            }
            Message::DismissStatus => self.status = None,
            Message::MessageLoaded(entry, source) => {
                if self.expanded.as_deref() == Some(entry.id.as_str()) {
                    self.preview = Some((entry, source));
                }
            }
            Message::Nothing => {}
        }
        Vec::new()
    }

    /// After the lists changed: notifies new failures, refreshes the
    /// addresses offered for completion.
    fn lists_changed(&mut self, first_load: bool) -> Vec<Effect> {
        let mut effects = Vec::new();
        for entry in self.outbox.iter().filter(|e| e.state == State::Failed) {
            let new = self.notified.insert(entry.id.clone());
            if new && !first_load && self.config.settings.notifications {
                effects.push(Effect::Notify {
                    summary: fl!("ui-notify-failed", subject = entry.subject.clone()),
                    body: entry
                        .last_error
                        .as_ref()
                        .map(|e| e.to_string())
                        .unwrap_or_default(),
                });
            }
        }
        // Newest sent first (the page is newest first), then what waits.
        let mut seen = std::collections::HashSet::new();
        self.known_addresses = self
            .recent_recipients
            .iter()
            .chain(self.outbox.iter().flat_map(|e| e.envelope_to.iter()))
            .filter(|a| seen.insert(a.to_lowercase()))
            .take(500)
            .cloned()
            .collect();
        effects
    }

    /// The positions in the Sent list that the screen shows, whether the
    /// list is that long or not.
    fn sent_on_screen(&self) -> std::ops::Range<usize> {
        let first = (self.sent_view.top.max(0.0) / SENT_ROW_HEIGHT) as usize;
        let shown = (self.sent_view.height.max(0.0) / SENT_ROW_HEIGHT).ceil() as usize + 1;
        first..first + shown
    }

    /// The positions of the Sent rows on screen.
    pub fn sent_in_view(&self) -> std::ops::Range<usize> {
        let view = self.sent_on_screen();
        view.start.min(self.sent.matches)..view.end.min(self.sent.matches)
    }

    /// The rows to read for the current view: those on screen and a margin
    /// on each side, so that scrolling a little needs no read.
    fn sent_wanted(&self) -> SentRequest {
        let view = self.sent_on_screen();
        let offset = view.start.saturating_sub(SENT_MARGIN);
        SentRequest {
            query: self.search.clone(),
            offset,
            limit: view.end - offset + SENT_MARGIN,
        }
    }

    /// Reads the rows for the current view again (the history changed).
    fn load_sent(&mut self) -> Effect {
        let request = self.sent_wanted();
        self.sent_asked = Some(request.clone());
        Effect::LoadSent(request)
    }

    /// Puts a draft in the editor; its attachments are measured off the UI
    /// thread (sizes feed the list and the too-big warning).
    fn open_draft(&mut self, from: Option<String>, draft: &Draft) -> Vec<Effect> {
        self.compose = Compose::from_draft(from, draft);
        let mut effects = self.check_recipients();
        if !draft.attachments.is_empty() {
            effects.push(Effect::Stat(draft.attachments.clone()));
        }
        effects
    }

    /// A check of the recipients when they changed (typed, or a draft opened).
    fn check_recipients(&mut self) -> Vec<Effect> {
        self.compose
            .recipients_to_check()
            .map(|(number, addresses)| Effect::CheckRecipients { number, addresses })
            .into_iter()
            .collect()
    }

    fn account_form_result(&mut self, result: Result<(), String>) -> Vec<Effect> {
        self.account_form.update(account::Message::Saved(result));
        Vec::new()
    }

    fn compose_action(&mut self, message: compose::Message) -> Vec<Effect> {
        let limit = self
            .compose
            .from
            .as_ref()
            .and_then(|account| self.size_limits.get(account));
        self.compose.size_limit = limit.copied();
        let mut effects = self.compose_effects(message);
        effects.extend(self.check_recipients());
        effects
    }

    fn compose_effects(&mut self, message: compose::Message) -> Vec<Effect> {
        match self.compose.update(message) {
            compose::Action::None => Vec::new(),
            compose::Action::Changed { .. } => {
                // Saved on the next tick (within a second), so a burst of
                // keystrokes is one write.
                self.draft_dirty = true;
                Vec::new()
            }
            compose::Action::PickFiles => vec![Effect::PickFiles],
            compose::Action::ToBody => vec![Effect::Focus { forward: true }],
            compose::Action::Discarded => {
                self.draft_dirty = false;
                vec![Effect::SaveDraft(None)]
            }
            compose::Action::Send { account, draft, at } => {
                let Some(account) = self.account(&account).cloned() else {
                    return Vec::new();
                };
                let undo_delay = Duration::from_secs(self.config.settings.undo_delay_secs);
                vec![Effect::Enqueue {
                    account: Box::new(account),
                    draft,
                    at,
                    undo_delay,
                }]
            }
        }
    }

    fn list_action(&mut self, message: outbox::Message) -> Vec<Effect> {
        let account_of = |id: &str, entries: &[Entry]| {
            entries
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.account.clone())
        };
        use outbox::Message as M;
        let spool = |op: SpoolOp, id: String, app: &App| {
            account_of(&id, &app.outbox)
                .map(|account| vec![Effect::Spool { op, account, id }])
                .unwrap_or_default()
        };
        match message {
            M::RetryNow(id) => spool(SpoolOp::Retry, id, self),
            M::SendAgain(id) => spool(SpoolOp::Resend, id, self),
            M::MarkSent(id) => spool(SpoolOp::ConfirmSent, id, self),
            M::SendToAccepted(id) => spool(SpoolOp::SendToAccepted, id, self),
            M::Cancel(id) => spool(SpoolOp::Cancel, id, self),
            M::Edit(id) => match account_of(&id, &self.outbox) {
                Some(account) => vec![Effect::Cancel {
                    account,
                    id,
                    reopen: true,
                }],
                None => Vec::new(),
            },
            M::OpenAccount(name) => {
                if let Some(account) = self.account(&name) {
                    self.account_form = AccountForm::edit(account);
                    self.screen = Screen::AccountForm;
                }
                Vec::new()
            }
            M::SignInAgain(name) => {
                let Some(account) = self.account(&name) else {
                    return Vec::new();
                };
                // The same steps as "Sign in with..." in the form, which
                // shows the progress and the outcome; saving the account
                // then releases its held messages.
                self.account_form = AccountForm::edit(account);
                self.screen = Screen::AccountForm;
                self.update_screens(Message::Account(account::Message::SignIn))
            }
            M::ToggleDetails(id) => {
                self.preview = None;
                if self.expanded.as_deref() == Some(&id) {
                    self.expanded = None;
                    return Vec::new();
                }
                self.expanded = Some(id.clone());
                // The list holds rows only: the record, the transcript and
                // the text are read when a message is opened.
                if self.screen == Screen::Sent {
                    return vec![Effect::LoadMessage { id }];
                }
                Vec::new()
            }
            M::Search(value) => {
                self.search = value;
                self.sent_view.top = 0.0;
                vec![self.load_sent(), Effect::ScrollSentToTop]
            }
            M::SentScrolled(viewport) => {
                self.sent_view = viewport;
                // Rows are read again only when the view (and half the
                // margin around it) is no longer covered by what is held.
                let view = self.sent_in_view();
                let need = view.start.saturating_sub(SENT_MARGIN / 2)
                    ..(view.end + SENT_MARGIN / 2).min(self.sent.matches);
                let covers =
                    |offset: usize, len: usize| need.start >= offset && need.end <= offset + len;
                // What is held, or what is being read (fast scrolling asks
                // once per margin, not once per row).
                let covered = (self.sent.query == self.search
                    && covers(self.sent.offset, self.sent.rows.len()))
                    || self
                        .sent_asked
                        .as_ref()
                        .is_some_and(|a| a.query == self.search && covers(a.offset, a.limit));
                if covered {
                    return Vec::new();
                }
                let wanted = self.sent_wanted();
                self.sent_asked = Some(wanted.clone());
                vec![Effect::LoadSent(wanted)]
            }
            M::Reuse(id) => vec![Effect::Reuse { id }],
            M::Export(id) => vec![Effect::Export { id }],
        }
    }

    /// The window title carries the outbox's state, so that the task bar
    /// shows it: what needs the user first, else what is waiting.
    pub fn title(&self) -> String {
        let count = |wanted: &[State]| {
            self.outbox
                .iter()
                .filter(|e| wanted.contains(&e.state))
                .count()
        };
        let needs_you = count(&[State::Failed, State::Unconfirmed, State::Held]);
        let waiting = count(&[State::Queued, State::Sending, State::Deferred]);
        if needs_you > 0 {
            fl!("ui-window-title-needs-you", count = needs_you)
        } else if waiting > 0 {
            fl!("ui-window-title-waiting", count = waiting)
        } else {
            fl!("ui-window-title")
        }
    }

    pub fn theme(&self) -> Option<Theme> {
        match ThemeChoice::of(self.config.settings.theme.as_deref()) {
            ThemeChoice::Light => Some(Theme::Light),
            ThemeChoice::Dark => Some(Theme::Dark),
            ThemeChoice::System => None,
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            crate::ui::worker::subscription(),
            crate::ui::watch::subscription(),
            iced::window::close_requests().map(|_| Message::CloseRequested),
            iced::event::listen_with(|event, status, _| match event {
                iced::Event::Window(iced::window::Event::FileDropped(path)) => {
                    Some(Message::FilesDropped(path))
                }
                iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
                    key: iced::keyboard::Key::Named(iced::keyboard::key::Named::Enter),
                    modifiers,
                    ..
                }) if modifiers.command() && status == iced::event::Status::Ignored => {
                    Some(Message::SendShortcut)
                }
                iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
                    key: iced::keyboard::Key::Named(iced::keyboard::key::Named::Tab),
                    modifiers,
                    ..
                }) if status == iced::event::Status::Ignored => Some(Message::Tab {
                    forward: !modifiers.shift(),
                }),
                _ => None,
            }),
        ];
        // Tick only when something on screen moves or a draft waits to be
        // saved: an idle window does no work.
        let counting = self.undo.is_some()
            || self.draft_dirty
            || (self.screen == Screen::Outbox
                && self
                    .outbox
                    .iter()
                    .any(|e| matches!(e.state, State::Queued | State::Deferred)));
        if counting {
            let every = if self.undo.is_some() { 250 } else { 1000 };
            subs.push(iced::time::every(Duration::from_millis(every)).map(|_| Message::Tick));
        }
        Subscription::batch(subs)
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.first_run() {
            let mut page = column![].padding(16);
            if let Some(status) = self.status_line() {
                page = page.push(status);
            }
            return container(page.push(self.account_form.view(true).map(Message::Account)))
                .width(Fill)
                .height(Fill)
                .into();
        }
        let body: Element<'_, Message> = match self.screen {
            Screen::Compose => self
                .compose
                .view(&self.config.accounts, &self.known_addresses)
                .map(Message::Compose),
            Screen::Outbox => outbox::view_outbox(
                &self.outbox,
                &self.background,
                self.expanded.as_deref(),
                self.now,
            )
            .map(Message::List),
            Screen::Sent => outbox::view_sent(
                &self.sent,
                self.sent_in_view(),
                &self.search,
                self.expanded.as_deref(),
                self.preview
                    .as_ref()
                    .map(|(entry, source)| (entry.as_ref(), source.as_deref())),
            )
            .map(Message::List),
            Screen::Accounts => self.accounts_view(),
            Screen::AccountForm => self.account_form.view(false).map(Message::Account),
            Screen::Settings => settings::view(&self.config.settings).map(Message::Settings),
        };
        let mut main = column![].spacing(10).padding(16).width(Fill).height(Fill);
        if let Some(undo) = &self.undo {
            let seconds = ((undo.until - self.now).num_milliseconds().max(0) + 999) / 1000;
            main = main.push(
                container(dir::row(vec![
                    text(fl!("ui-sending-in", seconds = seconds)).into(),
                    text("·").into(),
                    button(text(fl!("ui-undo")))
                        .style(button::text)
                        .on_press(Message::Undo)
                        .into(),
                ]))
                .padding([4, 12])
                .width(Fill)
                .style(container::primary),
            );
        }
        if let Some(status) = self.status_line() {
            main = main.push(status);
        }
        main = main.push(body);
        let sidebar = self.sidebar();
        let parts: Vec<Element<'_, Message>> = vec![sidebar, rule::vertical(1).into(), main.into()];
        let mut parts = parts;
        if dir::is_rtl() {
            parts.reverse();
        }
        row(parts).height(Fill).into()
    }

    /// The last outcome (saved, cancelled, or what went wrong), dismissible.
    fn status_line(&self) -> Option<Element<'_, Message>> {
        let (line, style): (&String, fn(&Theme) -> text::Style) = match self.status.as_ref()? {
            Ok(line) => (line, text::success),
            Err(line) => (line, text::danger),
        };
        Some(
            dir::row(vec![
                text(line.clone()).style(style).at_start(),
                button(text("✕"))
                    .style(button::text)
                    .on_press(Message::DismissStatus)
                    .into(),
            ])
            .into(),
        )
    }

    fn sidebar(&self) -> Element<'_, Message> {
        let waiting = self
            .outbox
            .iter()
            .filter(|e| e.state != State::Failed)
            .count();
        let failed = self
            .outbox
            .iter()
            .filter(|e| e.state == State::Failed)
            .count();
        let item = |label: String, screen: Screen, badge: Option<Element<'static, Message>>| {
            let mut parts: Vec<Element<'_, Message>> =
                vec![text(label).into(), iced::widget::space::horizontal().into()];
            if let Some(badge) = badge {
                parts.push(badge);
            }
            button(dir::row(parts))
                .width(Fill)
                .padding([6, 10])
                .style(if self.screen == screen {
                    button::primary
                } else {
                    button::text
                })
                .on_press(Message::Go(screen))
        };
        let count =
            |n: usize, style: fn(&Theme) -> text::Style| -> Option<Element<'static, Message>> {
                (n > 0).then(|| text(n.to_string()).style(style).into())
            };
        let mut outbox_badges: Vec<Element<'_, Message>> = Vec::new();
        if let Some(b) = count(waiting, text::default) {
            outbox_badges.push(b);
        }
        if let Some(b) = count(failed, text::danger) {
            outbox_badges.push(b);
        }
        let outbox_badge: Option<Element<'_, Message>> = if outbox_badges.is_empty() {
            None
        } else {
            Some(row(outbox_badges).spacing(6).into())
        };
        let mut summary = Vec::new();
        if waiting > 0 {
            summary.push(fl!("ui-waiting-count", count = waiting));
        }
        if failed > 0 {
            summary.push(fl!("ui-failed-count", count = failed));
        }
        if waiting > 0 && !self.background.is_empty() {
            summary.push(fl!("ui-sending-in-background"));
        }
        column![
            text(fl!("ui-app-name")).size(22).at_start(),
            item(fl!("ui-nav-compose"), Screen::Compose, None),
            item(fl!("ui-nav-outbox"), Screen::Outbox, outbox_badge),
            item(fl!("ui-nav-sent"), Screen::Sent, None),
            item(fl!("ui-nav-accounts"), Screen::Accounts, None),
            item(fl!("ui-nav-settings"), Screen::Settings, None),
            iced::widget::space::vertical(),
            text(summary.join("\n"))
                .size(13)
                .style(text::secondary)
                .at_start(),
        ]
        .spacing(6)
        .padding(12)
        .width(Length::Fixed(210.0))
        .height(Fill)
        .into()
    }

    fn accounts_view(&self) -> Element<'_, Message> {
        let mut list = column![text(fl!("ui-accounts-title")).size(24).at_start()]
            .spacing(10)
            .align_x(dir::start());
        let default = self.config.default_account().ok().map(|a| a.name.as_str());
        for account in &self.config.accounts {
            let choice = compose::AccountChoice::of(account);
            let mut actions: Vec<Element<'_, Message>> = vec![
                text(choice.label).at_start(),
                text(format!("{}:{}", account.host, account.port()))
                    .size(13)
                    .style(text::secondary)
                    .into(),
            ];
            if default == Some(account.name.as_str()) {
                actions.push(text(fl!("ui-default-account")).style(text::success).into());
            } else {
                actions.push(
                    button(text(fl!("ui-make-default")).size(13))
                        .style(button::secondary)
                        .on_press(Message::SetDefault(account.name.clone()))
                        .into(),
                );
            }
            actions.push(
                button(text(fl!("ui-test")).size(13))
                    .style(button::secondary)
                    .on_press(Message::TestAccount(account.name.clone()))
                    .into(),
            );
            actions.push(
                button(text(fl!("ui-edit")).size(13))
                    .style(button::secondary)
                    .on_press(Message::EditAccount(account.name.clone()))
                    .into(),
            );
            actions.push(
                button(text(fl!("ui-remove")).size(13))
                    .style(button::danger)
                    .on_press(Message::RemoveAccount(account.name.clone()))
                    .into(),
            );
            let mut card = column![dir::row(actions)].spacing(6);
            if self.confirm_remove.as_deref() == Some(account.name.as_str()) {
                card = card.push(dir::row(vec![
                    text(fl!("ui-remove-confirm", name = account.name.clone()))
                        .style(text::danger)
                        .into(),
                    button(text(fl!("ui-remove")))
                        .style(button::danger)
                        .on_press(Message::ConfirmRemove(Some(account.name.clone())))
                        .into(),
                    button(text(fl!("ui-cancel")))
                        .style(button::secondary)
                        .on_press(Message::ConfirmRemove(None))
                        .into(),
                ]));
            }
            list = list.push(
                container(card)
                    .padding(10)
                    .width(Fill)
                    .style(container::bordered_box),
            );
        }
        list = list.push(
            container(
                button(text(fl!("ui-add-account")))
                    .style(button::primary)
                    .on_press(Message::AddAccount),
            )
            .width(Fill)
            .align_x(dir::start()),
        );
        iced::widget::scrollable(list).into()
    }
}

/// The height of one row of the Sent list (the gap below it included):
/// fixed, so that the list knows where row n is without building the others.
pub const SENT_ROW_HEIGHT: f32 = 60.0;

/// Rows read beyond those on screen, on each side.
pub const SENT_MARGIN: usize = 50;

/// Where the Sent list is scrolled (pixels from its top) and its height on
/// screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentViewport {
    pub top: f32,
    pub height: f32,
}

impl Default for SentViewport {
    /// Before the list is first drawn: at the top, a tall window's height.
    fn default() -> Self {
        SentViewport {
            top: 0.0,
            height: 1200.0,
        }
    }
}

/// Rows of the Sent list to read: `limit` matches of `query` from the
/// `offset`th, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    pub query: String,
    pub offset: usize,
    pub limit: usize,
}

/// Some rows of the Sent list as the index answered them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentPage {
    pub query: String,
    /// The position of `rows[0]` among the matches.
    pub offset: usize,
    pub rows: Vec<crate::history::Row>,
    /// How many messages match the query: the length of the list.
    pub matches: usize,
    /// How many sent messages the index holds (all, not only the matches).
    pub total: usize,
}

/// Spool operations that need the account's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpoolOp {
    Retry,
    Resend,
    ConfirmSent,
    Cancel,
    SendToAccepted,
}

/// Runs effects as iced tasks.
pub fn run(paths: &Paths, effects: Vec<Effect>) -> Task<Message> {
    Task::batch(effects.into_iter().map(|effect| match effect {
        Effect::Focus { forward: true } => iced::widget::operation::focus_next(),
        Effect::Focus { forward: false } => iced::widget::operation::focus_previous(),
        Effect::ScrollSentToTop => iced::widget::operation::snap_to(
            outbox::SENT_LIST,
            iced::widget::scrollable::RelativeOffset::START,
        ),
        Effect::Quit => iced::exit(),
        effect => {
            let paths = paths.clone();
            Task::perform(effect.run(paths), |m| m)
        }
    }))
}

/// The outbox and failed folders as the Outbox view shows them.
pub fn load_lists(paths: &Paths) -> Message {
    match crate::outbox::Spool::open(&paths.data_dir) {
        Ok(spool) => {
            let mut outbox = spool.list(Folder::Outbox);
            outbox.extend(spool.list(Folder::Failed));
            Message::Loaded {
                outbox,
                limits: spool.size_limits(),
            }
        }
        Err(e) => Message::Done(Err(e.to_string())),
    }
}
