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
use crate::services::ServiceError;
use crate::ui::account::{self, AccountForm};
use crate::ui::compose::{self, Compose};
use crate::ui::dir::AtStart;
use crate::ui::effect::Effect;
use crate::ui::icon::{self, Icon};
use crate::ui::notice::Notices;
use crate::ui::settings::{self, ThemeChoice};
use crate::ui::spell;
use crate::ui::theme;
use crate::ui::theme::Tone;
use crate::ui::widget::focus::{self, Motion};
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
    ContactsLoaded(Vec<crate::contacts::Contact>),
    Enqueued(Result<Undo, ServiceError>),
    Undo,
    /// A spool action finished: a status line (or error), then reload.
    Done(Result<String, ServiceError>),
    /// A message back in the editor: taken out of the outbox (Undo, Edit),
    /// or copied from Sent ("send again").
    Reopen(Result<(String, Draft), ServiceError>),
    SendAgain(Result<(String, Draft), ServiceError>),
    /// A page of the Sent list from the history index, for this search.
    SentPage(SentPage),
    /// A sent message opened in the list: its full record and, for
    /// messages without a draft, its source.
    MessageLoaded(Box<Entry>, Option<String>),
    /// These messages' state files changed on disk (any process).
    SpoolChanged(Vec<String>),
    /// The address book was changed (by `hudhud contacts import`).
    ContactsChanged,
    /// Each changed message as it is now, or None when it is gone.
    EntriesLoaded(Vec<(String, Option<(Entry, Folder)>)>),
    /// The window manager asks to close the window: the draft is saved first.
    CloseRequested,
    /// The draft is safe; the application may end.
    Quit,
    Worker(Event),
    Tick,
    SendShortcut,
    /// Tab or Shift+Tab has moved the focus (`focus::scope`, at the
    /// window's root): nothing is left to do but what follows any update,
    /// the screen reader told where the focus is.
    FocusMoved,
    /// Arrow Down (true) or Up outside anything that takes it.
    Arrow {
        down: bool,
    },
    FilesDropped(PathBuf),
    AddAccount,
    EditAccount(String),
    TestAccount(String),
    RemoveAccount(String),
    ConfirmRemove(Option<String>),
    SetDefault(String),
    /// The desktop's light/dark preference changed (or was first read).
    DesktopTheme(iced::theme::Mode),
    DismissNotice(usize),
    /// Escape: closes a confirmation without doing it.
    Escape,
    /// F1 or Ctrl+?: the sheet of keyboard shortcuts, shown or hidden.
    Shortcuts,
    /// Yes (Some) or no (None) to "Cancel sending" (from the outbox list).
    ConfirmCancel(Option<String>),
    /// The spelling dictionaries are read (or found missing).
    SpellingLoaded(std::sync::Arc<spell::Speller>),
    Nothing,
    /// Drafts put aside and templates after an operation on them.
    Shelved(Result<compose::Shelved, crate::services::ServiceError>),
    /// A screen reader's request (see `ui::a11y`).
    Accessibility(crate::ui::a11y::Request),
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
    /// Size limits the accounts' servers announced, for compose's warning.
    pub size_limits: std::collections::HashMap<String, u64>,
    /// The people sent to and the address book, for suggestions.
    pub contacts: Vec<crate::contacts::Contact>,
    pub expanded: Option<String>,
    /// The text of the sent message that is open: (id, message source).
    /// The opened sent message and its source (when it has no draft).
    pub preview: Option<(Box<Entry>, Option<String>)>,
    pub search: String,
    pub undo: Option<Undo>,
    /// Toasts and banners (see [`Notices`]).
    pub notices: Notices,
    pub confirm_remove: Option<String>,
    /// The outbox message whose "Cancel sending" waits for a yes.
    pub confirm_cancel: Option<String>,
    /// The sheet of keyboard shortcuts is open (F1).
    pub show_shortcuts: bool,
    /// Settings' number fields as typed, not yet committed.
    pub settings_drafts: settings::Drafts,
    /// The desktop's light/dark preference, followed unless Settings chose.
    pub desktop_theme: iced::theme::Mode,
    pub now: DateTime<Utc>,
    /// False when config.toml could not be read: then nothing overwrites it.
    pub config_loaded: bool,
    draft_dirty: bool,
    /// Failed messages already announced by a desktop notification.
    notified: std::collections::HashSet<String>,
    lists_loaded: bool,
    /// Where the fields are and which has the keyboard, for screen readers.
    pub a11y: crate::ui::a11y::Layout,
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
            size_limits: Default::default(),
            contacts: Vec::new(),
            expanded: None,
            preview: None,
            search: String::new(),
            undo: None,
            notices: Notices::default(),
            confirm_remove: None,
            confirm_cancel: None,
            desktop_theme: iced::theme::Mode::None,
            settings_drafts: settings::Drafts::default(),
            show_shortcuts: false,
            now: Utc::now(),
            config_loaded: true,
            draft_dirty: false,
            notified: Default::default(),
            lists_loaded: false,
            a11y: Default::default(),
        };
        // The index catches up with the sent folder once at start (only new
        // messages are read); after that file notifications keep it current.
        let request = app.sent_wanted();
        app.sent_asked = Some(request.clone());
        let mut effects = vec![Effect::LoadLists, Effect::SyncHistory(request)];
        if !has_mailto {
            effects.push(Effect::RestoreDraft);
        }
        effects.push(Effect::LoadSpelling);
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
                self.notices.banner(fl!("ui-config-not-saved"));
            }
        }
        effects
    }

    fn update_screens(&mut self, message: Message) -> Vec<Effect> {
        match message {
            Message::Go(screen) => {
                // Numbers typed in Settings count once the user moves on.
                let mut effects = Vec::new();
                if self.screen == Screen::Settings
                    && settings::commit_all(&mut self.config.settings, &mut self.settings_drafts)
                        .save
                {
                    effects.push(Effect::SaveConfig(Box::new(self.config.clone())));
                }
                if self.screen != screen {
                    // A question belongs to the screen it was asked on:
                    // coming back later must not find it still open.
                    self.confirm_cancel = None;
                    self.confirm_remove = None;
                    self.compose.confirm_discard = false;
                    self.compose.confirm_delete = None;
                }
                self.screen = screen;
                self.expanded = None;
                match screen {
                    Screen::Outbox => effects.push(Effect::LoadLists),
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
                return effects;
            }
            Message::Compose(message) => return self.compose_action(message),
            Message::FocusMoved => {}
            Message::Accessibility(request) => return crate::ui::a11y::act(self, request),
            Message::Arrow { down } => {
                if matches!(self.screen, Screen::Outbox | Screen::Sent) {
                    return vec![Effect::FocusRow { down }];
                }
            }
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
                account::Action::LearnWord(word) => return vec![Effect::LearnWord(word)],
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
                    self.notices
                        .toast(Tone::Success, fl!("ui-account-saved"), Utc::now());
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
                let changed = settings::update(
                    &mut self.config.settings,
                    &mut self.settings_drafts,
                    message,
                );
                if !changed.save {
                    return Vec::new();
                }
                if changed.language {
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
                // The history changed (or was caught up with): the people
                // sent to may have too.
                let reload =
                    (page.query.is_empty() && page.offset == 0).then_some(Effect::LoadContacts);
                // A late answer to an earlier search or position is dropped.
                let asked = self.sent_asked.as_ref();
                if asked.is_none_or(|a| a.query == page.query && a.offset == page.offset) {
                    self.sent = page;
                    let mut effects = self.lists_changed(false);
                    effects.extend(reload);
                    return effects;
                }
                return reload.into_iter().collect();
            }
            Message::ContactsLoaded(contacts) => self.contacts = contacts,
            Message::SpoolChanged(ids) => return vec![Effect::LoadEntries(ids)],
            Message::ContactsChanged => return vec![Effect::LoadContacts],
            Message::EntriesLoaded(changes) => {
                let mut history_changed = false;
                for (id, found) in changes {
                    let before = self
                        .outbox
                        .iter()
                        .find(|e| e.id == id)
                        .map(|e| e.subject.clone());
                    if before.is_some() {
                        // What was said about it (queued, cancelled) is old news.
                        self.notices.forget_about(&id);
                    }
                    if let (Some(subject), Some((_, Folder::Sent))) = (&before, &found) {
                        self.notices
                            .toast(
                                Tone::Success,
                                fl!("ui-sent-toast", subject = subject.clone()),
                                Utc::now(),
                            )
                            .about(id.clone());
                    }
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
                    // The countdown says what happens now; an earlier
                    // "Sending cancelled" would contradict it.
                    self.notices.clear_toasts();
                    self.undo = Some(undo);
                } else {
                    self.notices
                        .toast(Tone::Info, fl!("ui-queued"), self.now)
                        .about(undo.id);
                }
                return vec![
                    Effect::SaveDraft(None),
                    Effect::WakeWorker,
                    Effect::LoadLists,
                ];
            }
            Message::Enqueued(Err(problem)) => {
                self.notices.banner(problem);
            }
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
                self.notices.banner(problem);
                return vec![Effect::LoadLists];
            }
            Message::Done(Ok(status)) => {
                // Whatever was said before this action is superseded.
                self.notices.clear_toasts();
                if !status.is_empty() {
                    self.notices.toast(Tone::Success, status, Utc::now());
                }
                return vec![Effect::LoadLists, Effect::WakeWorker];
            }
            Message::Reopen(Ok((account, draft))) => {
                self.screen = Screen::Compose;
                self.notices.toast(Tone::Info, fl!("ui-undone"), Utc::now());
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
                self.notices.banner(problem);
            }
            Message::Worker(Event::Changed { id, .. }) => {
                return vec![Effect::LoadEntries(vec![id])];
            }
            Message::Worker(Event::Background { accounts }) => self.background = accounts,
            Message::Tick => return self.tick(Utc::now()),
            Message::DesktopTheme(mode) => self.desktop_theme = mode,
            Message::DismissNotice(index) => self.notices.dismiss(index),
            // Escape closes the open question, saying no to it.
            Message::Shortcuts => self.show_shortcuts = !self.show_shortcuts,
            Message::Escape => {
                if self.show_shortcuts {
                    self.show_shortcuts = false;
                } else if self.screen == Screen::Compose && self.compose.calendar.is_some() {
                    return self.compose_action(compose::Message::Later(
                        crate::ui::later::Message::Cancel,
                    ));
                } else if self.screen == Screen::Compose && self.compose.chooser.is_some() {
                    return self.compose_action(compose::Message::Chooser(
                        crate::ui::chooser::Message::Cancel,
                    ));
                } else if self.screen == Screen::Compose && self.compose.confirm_delete.is_some() {
                    return self.compose_action(compose::Message::ConfirmDelete(false));
                } else if self.confirm_cancel.take().is_none()
                    && self.confirm_remove.take().is_none()
                    && self.screen == Screen::Compose
                    && self.compose.confirm_discard
                {
                    return self.compose_action(compose::Message::KeepDraft);
                }
            }
            Message::ConfirmCancel(None) => self.confirm_cancel = None,
            Message::ConfirmCancel(Some(id)) => {
                self.confirm_cancel = None;
                if let Some(account) = self
                    .outbox
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.account.clone())
                {
                    // The same cancel, answered with "taken out of the outbox".
                    return vec![Effect::Cancel {
                        account,
                        id,
                        reopen: false,
                    }];
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
                    self.notices.progress(fl!("ui-testing"));
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
            Message::MessageLoaded(entry, source) => {
                if self.expanded.as_deref() == Some(entry.id.as_str()) {
                    self.preview = Some((entry, source));
                }
            }
            Message::SpellingLoaded(speller) => spell::install(speller),
            Message::Nothing => {}
            Message::Shelved(result) => return self.shelved(result),
        }
        Vec::new()
    }

    /// The clock: the undo countdown, toasts that expire, the draft saved
    /// after a burst of typing. Public so tests can move time on.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        if self.undo.as_ref().is_some_and(|u| u.until <= self.now) {
            self.undo = None;
        }
        self.notices.expire(now);
        if self.draft_dirty {
            self.draft_dirty = false;
            return vec![Effect::SaveDraft(Some(self.compose.draft()))];
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
        // A draft written as an alias opens on the account that has it.
        let owner = draft
            .from
            .as_deref()
            .and_then(|alias| self.config.account_for_address(alias))
            .map(|a| a.name.clone());
        self.compose = Compose::from_draft(owner.or(from), draft);
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
            compose::Action::ListFolder(folder) => vec![Effect::ListFolder(folder)],
            compose::Action::Measure(files) => vec![Effect::Stat(files)],
            compose::Action::OpenFile(path) => vec![Effect::OpenFile(path)],
            compose::Action::Attached { pictures } => {
                self.draft_dirty = true;
                if pictures.is_empty() {
                    Vec::new()
                } else {
                    vec![Effect::Thumbnails(pictures)]
                }
            }
            compose::Action::Shelf(op) => vec![Effect::Shelf(op)],
            compose::Action::LearnWord(word) => vec![Effect::LearnWord(word)],
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
                    draft: *draft,
                    at,
                    undo_delay,
                }]
            }
        }
    }

    /// The lists after a drafts-and-templates operation: a draft put aside
    /// frees the editor, one taken out fills it (and is sent when asked).
    fn shelved(
        &mut self,
        result: Result<compose::Shelved, crate::services::ServiceError>,
    ) -> Vec<Effect> {
        let shelved = match result {
            Ok(shelved) => shelved,
            Err(problem) => {
                self.notices.banner(problem);
                return Vec::new();
            }
        };
        let mut effects = Vec::new();
        match shelved.put {
            Some(crate::compose::saved::Shelf::Drafts) => {
                let from = self.compose.from.clone();
                self.compose = Compose::new(from);
                self.compose.shelf_open = true;
                self.draft_dirty = false;
                self.notices
                    .toast(Tone::Success, fl!("ui-saved-draft"), Utc::now());
            }
            Some(crate::compose::saved::Shelf::Templates) => {
                self.notices
                    .toast(Tone::Success, fl!("ui-saved-template"), Utc::now());
            }
            None => {}
        }
        if let Some((account, draft, then_send)) = shelved.taken {
            let from = account
                .filter(|name| self.account(name).is_some())
                .or_else(|| self.compose.from.clone());
            effects = self.open_draft(from, &draft);
            self.draft_dirty = true;
            if then_send {
                effects.extend(self.compose_action(compose::Message::Send));
            }
        }
        self.compose.drafts = shelved.drafts;
        self.compose.templates = shelved.templates;
        effects
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
            // Cancelling cannot be taken back: it asks first, like Remove
            // account and Discard.
            M::Cancel(id) => {
                self.confirm_cancel = Some(id);
                Vec::new()
            }
            M::ConfirmCancel(answer) => self.update_screens(Message::ConfirmCancel(answer)),
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
            M::RetryCopy(id) => vec![Effect::RetryCopy { id }],
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
        Some(theme::theme(self.theme_mode()))
    }

    /// Settings' choice, else the desktop's preference.
    pub fn theme_mode(&self) -> theme::Mode {
        let choice = ThemeChoice::of(self.config.settings.theme.as_deref());
        theme::Mode::resolve(choice, self.desktop_theme)
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            crate::ui::worker::subscription(),
            crate::ui::watch::subscription(),
            iced::window::close_requests().map(|_| Message::CloseRequested),
            iced::system::theme_changes().map(Message::DesktopTheme),
            iced::event::listen_with(|event, status, _| on_event(event, status)),
        ];
        // Tick only when something on screen moves or a draft waits to be
        // saved: an idle window does no work.
        let counting = self.undo.is_some()
            || self.draft_dirty
            || self.notices.ticking()
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

    /// The window. Tab moves the focus inside it (see [`focus::Scope`]).
    pub fn view(&self) -> Element<'_, Message> {
        focus::scope(self.window(), Message::FocusMoved).into()
    }

    fn window(&self) -> Element<'_, Message> {
        if self.first_run() {
            let page = container(self.account_form.view(true).map(Message::Account))
                .padding(theme::space::L)
                .max_width(theme::READABLE_WIDTH);
            let page = container(page)
                .width(Fill)
                .height(Fill)
                .align_x(iced::Center);
            return iced::widget::stack![page, self.notices_view()].into();
        }
        iced::widget::responsive(move |size| {
            let compact = size.width < COMPACT_WIDTH;
            let mut parts: Vec<Element<'_, Message>> = vec![
                self.sidebar(compact),
                rule::vertical(1).into(),
                self.content(),
            ];
            if dir::is_rtl() {
                parts.reverse();
            }
            row(parts).height(Fill).into()
        })
        .into()
    }

    /// The screen shown, with the notices above it.
    fn content(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match self.screen {
            Screen::Compose => self
                .compose
                .view(&self.config.accounts, &self.contacts)
                .map(Message::Compose),
            Screen::Outbox => outbox::view_outbox(
                &self.outbox,
                &self.background,
                self.expanded.as_deref(),
                self.confirm_cancel.as_deref(),
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
            Screen::Settings => settings::view(
                &self.config.settings,
                &self.settings_drafts,
                spell::note(spell::current().as_deref(), &self.paths.data_dir),
            )
            .map(Message::Settings),
        };
        // On wide screens the content keeps a width that reads well.
        let main = container(
            container(body)
                .padding(theme::space::L)
                .max_width(theme::READABLE_WIDTH)
                .height(Fill),
        )
        .width(Fill)
        .height(Fill)
        .align_x(iced::Center);
        // Toasts and banners float over the content: nothing moves when
        // one comes or goes.
        // A new screen is painted afresh (see widget::repaint).
        let main = crate::ui::widget::repaint::repaint(self.screen as u8, main);
        let mut layers = iced::widget::stack![main, self.notices_view()];
        if self.show_shortcuts {
            layers = layers.push(self.shortcuts_view());
        }
        layers.into()
    }

    /// The keyboard shortcuts, in a box over the middle of the content.
    fn shortcuts_view(&self) -> Element<'_, Message> {
        let line = |keys: &str, what: String| -> Element<'_, Message> {
            dir::row(vec![
                container(text(keys.to_owned()).font(iced::Font::MONOSPACE))
                    .width(Length::Fixed(150.0))
                    .align_x(dir::start())
                    .into(),
                dir::paragraph(what).at_start(),
            ])
            .into()
        };
        let sheet = column![
            text(fl!("ui-shortcuts-title"))
                .size(theme::size::HEADING)
                .at_start(),
            line("Ctrl+Enter", fl!("ui-shortcut-send")),
            line("Ctrl+N", fl!("ui-shortcut-new")),
            line("Ctrl+Shift+O", fl!("ui-shortcut-outbox")),
            line("Tab, Shift+Tab", fl!("ui-shortcut-tab")),
            line("Escape", fl!("ui-shortcut-escape")),
            line("Shift+F10, Menu", fl!("ui-shortcut-menu")),
            line("F1, Ctrl+?", fl!("ui-shortcut-help")),
        ]
        .spacing(theme::space::S);
        container(
            container(sheet)
                .padding(theme::space::L)
                .max_width(520)
                .style(theme::floating(Tone::Info)),
        )
        .width(Fill)
        .height(Fill)
        .center(Fill)
        .into()
    }

    /// The undo countdown, then banners and the toast.
    fn notices_view(&self) -> Element<'_, Message> {
        let mut stack = column![]
            .spacing(theme::space::S)
            .width(Length::Fixed(NOTICE_WIDTH));
        if let Some(undo) = &self.undo {
            let seconds = ((undo.until - self.now).num_milliseconds().max(0) + 999) / 1000;
            stack = stack.push(
                container(dir::row(vec![
                    dir::paragraph(fl!("ui-sending-in", seconds = seconds)).at_start(),
                    focus::button_id(
                        "undo",
                        button(text(fl!("ui-undo"))).style(theme::quiet_button),
                        Some(Message::Undo),
                    ),
                ]))
                .padding([theme::space::S, theme::space::M])
                .width(Fill)
                .style(theme::floating(Tone::Info)),
            );
        }
        for (index, notice) in self.notices.items.iter().enumerate() {
            let style = match notice.tone {
                Tone::Danger => theme::danger,
                Tone::Success => theme::success,
                Tone::Info => theme::plain,
            };
            stack = stack.push(
                container(dir::row(vec![
                    dir::paragraph(notice.shown()).style(style).at_start(),
                    focus::button(
                        button(icon::icon(Icon::Close, 14.0, |c| c.muted))
                            .style(theme::quiet_button),
                        Message::DismissNotice(index),
                    ),
                ]))
                .padding([theme::space::S, theme::space::M])
                .width(Fill)
                .style(theme::floating(notice.tone)),
            );
        }
        // At the bottom end, above compose's row of buttons: over the
        // lower corner of the body, not over the From and To fields.
        container(stack)
            .padding(iced::Padding::new(theme::space::M).bottom(NOTICE_BOTTOM))
            .width(Fill)
            .height(Fill)
            .align_x(dir::end())
            .align_y(iced::Bottom)
            .into()
    }

    /// The screens, each with its icon; below [`COMPACT_WIDTH`] the icons
    /// alone.
    fn sidebar(&self, compact: bool) -> Element<'_, Message> {
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
        let item =
            |glyph: Icon, label: String, screen: Screen, badges: Vec<Element<'static, Message>>| {
                let glyph = icon::icon(glyph, 18.0, |c| c.text);
                let content: Element<'_, Message> = if compact {
                    // The count beside the icon, the two centred: on the
                    // icon's corner it covered half of it.
                    let mut parts: Vec<Element<'_, Message>> =
                        vec![container(glyph).id(format!("nav-icon-{screen:?}")).into()];
                    parts.extend(badges.into_iter().next());
                    container(dir::row(parts).spacing(2))
                        .width(Fill)
                        .align_x(iced::Center)
                        .padding([theme::space::XS, 0.0])
                        .into()
                } else {
                    let mut parts: Vec<Element<'_, Message>> = vec![
                        glyph.into(),
                        text(label).into(),
                        iced::widget::space::horizontal().into(),
                    ];
                    parts.extend(badges);
                    dir::row(parts).spacing(theme::space::S).into()
                };
                let button = button(content)
                    .width(Fill)
                    .padding(if compact {
                        [theme::space::XS, theme::space::XS]
                    } else {
                        [theme::space::S - 2.0, theme::space::S + 2.0]
                    })
                    .style(theme::nav_button(self.screen == screen));
                focus::button_id(
                    crate::ui::a11y::nav_widget(screen),
                    button,
                    Some(Message::Go(screen)),
                )
            };
        let badge = |n: usize, danger: bool| -> Element<'static, Message> {
            container(text(n.to_string()).size(theme::size::CAPTION))
                .padding([0.0, theme::space::S - 2.0])
                .style(theme::badge(danger))
                .into()
        };
        let mut outbox_badges: Vec<Element<'_, Message>> = Vec::new();
        // Compact, one badge: what needs the user first.
        if failed > 0 {
            outbox_badges.push(badge(failed, true));
        }
        if waiting > 0 && !(compact && failed > 0) {
            outbox_badges.push(badge(waiting, false));
        }
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
        let title: Element<'_, Message> = if compact {
            icon::icon(Icon::Send, 22.0, |c| c.accent_text).into()
        } else {
            text(fl!("ui-app-name"))
                .size(theme::size::HEADING + 2.0)
                .at_start()
        };
        let mut column = column![
            title,
            item(
                Icon::Compose,
                fl!("ui-nav-compose"),
                Screen::Compose,
                Vec::new()
            ),
            item(
                Icon::Outbox,
                fl!("ui-nav-outbox"),
                Screen::Outbox,
                outbox_badges
            ),
            item(Icon::Sent, fl!("ui-nav-sent"), Screen::Sent, Vec::new()),
            item(
                Icon::Accounts,
                fl!("ui-nav-accounts"),
                Screen::Accounts,
                Vec::new()
            ),
            item(
                Icon::Settings,
                fl!("ui-nav-settings"),
                Screen::Settings,
                Vec::new()
            ),
            iced::widget::space::vertical(),
        ]
        .spacing(theme::space::XS + 2.0)
        // Compact, room for an icon and a two-digit count side by side.
        .padding(if compact {
            theme::space::S
        } else {
            theme::space::M
        })
        .height(Fill);
        if !compact {
            column = column.push(
                dir::paragraph(summary.join("\n"))
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .at_start(),
            );
        }
        container(column)
            .width(Length::Fixed(if compact { 72.0 } else { 210.0 }))
            .height(Fill)
            .style(theme::sidebar)
            .into()
    }

    fn accounts_view(&self) -> Element<'_, Message> {
        let mut list = column![
            text(fl!("ui-accounts-title"))
                .size(theme::size::TITLE)
                .at_start()
        ]
        .spacing(10)
        .align_x(dir::start());
        let default = self.config.default_account().ok().map(|a| a.name.as_str());
        for account in &self.config.accounts {
            let choice = compose::AccountChoice::of(account);
            let mut actions: Vec<Element<'_, Message>> = vec![
                text(choice.label).at_start(),
                text(format!("{}:{}", account.host, account.port()))
                    .size(theme::size::SMALL)
                    .style(theme::muted)
                    .into(),
            ];
            if default == Some(account.name.as_str()) {
                actions.push(text(fl!("ui-default-account")).style(theme::success).into());
            } else {
                actions.push(focus::button(
                    button(text(fl!("ui-make-default")).size(theme::size::SMALL))
                        .style(theme::secondary_button),
                    Message::SetDefault(account.name.clone()),
                ));
            }
            actions.push(focus::button(
                button(text(fl!("ui-test")).size(theme::size::SMALL))
                    .style(theme::secondary_button),
                Message::TestAccount(account.name.clone()),
            ));
            actions.push(focus::button(
                button(text(fl!("ui-edit")).size(theme::size::SMALL))
                    .style(theme::secondary_button),
                Message::EditAccount(account.name.clone()),
            ));
            actions.push(focus::button(
                button(text(fl!("ui-remove")).size(theme::size::SMALL)).style(theme::danger_button),
                Message::RemoveAccount(account.name.clone()),
            ));
            let mut card = column![dir::row(actions)].spacing(6);
            if self.confirm_remove.as_deref() == Some(account.name.as_str()) {
                card = card.push(dir::row(vec![
                    text(fl!("ui-remove-confirm", name = account.name.clone()))
                        .style(theme::danger)
                        .into(),
                    focus::button(
                        button(text(fl!("ui-remove"))).style(theme::danger_button),
                        Message::ConfirmRemove(Some(account.name.clone())),
                    ),
                    focus::button(
                        button(text(fl!("ui-cancel"))).style(theme::secondary_button),
                        Message::ConfirmRemove(None),
                    ),
                ]));
            }
            // Asking before removing: the card's edge turns to danger, as
            // Cancel sending's question does.
            let asking = self.confirm_remove.as_deref() == Some(account.name.as_str());
            list = list.push(container(card).padding(theme::space::M).width(Fill).style(
                if asking {
                    theme::confirm_card
                } else {
                    theme::card
                },
            ));
        }
        list = list.push(
            container(focus::button(
                button(text(fl!("ui-add-account"))).style(theme::primary_button),
                Message::AddAccount,
            ))
            .width(Fill)
            .align_x(dir::start()),
        );
        scrolled(list).into()
    }
}

/// A screen's vertical scrollable with its bar beside the content rather
/// than over it: the bar is on the right in both directions, which in
/// Arabic is where every label starts, and it cut their first letters.
pub fn scrolled<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> iced::widget::Scrollable<'a, M> {
    use iced::widget::scrollable::{Direction, Scrollbar};
    iced::widget::scrollable(content).direction(Direction::Vertical(
        Scrollbar::new().spacing(theme::space::XS),
    ))
}

/// What a window event means when no widget took it: dropped files,
/// shortcuts (Ctrl+Enter send, Ctrl+N new message, Ctrl+Shift+O outbox),
/// Escape to close a question (Tab is the widget tree's: `focus::scope`).
pub fn on_event(event: iced::Event, status: iced::event::Status) -> Option<Message> {
    use iced::keyboard::{Event as Key, Key as K, key::Named};
    let free = status == iced::event::Status::Ignored;
    match event {
        iced::Event::Window(iced::window::Event::FileDropped(path)) => {
            Some(Message::FilesDropped(path))
        }
        iced::Event::Keyboard(Key::KeyPressed { key, modifiers, .. }) => match key.as_ref() {
            K::Named(Named::Enter) if modifiers.command() && free => Some(Message::SendShortcut),
            // Enter in the in-window file chooser: Open (no field has it).
            K::Named(Named::Enter) if free => Some(Message::Compose(compose::Message::Chooser(
                crate::ui::chooser::Message::Open,
            ))),
            K::Named(key @ (Named::ArrowDown | Named::ArrowUp)) if free && modifiers.is_empty() => {
                Some(Message::Arrow {
                    down: key == Named::ArrowDown,
                })
            }
            // Only an Escape no menu or picker closed closes a question.
            K::Named(Named::Escape) if free => Some(Message::Escape),
            K::Named(Named::F1) => Some(Message::Shortcuts),
            K::Character("?") if modifiers.command() => Some(Message::Shortcuts),
            // Letters by what they type, so the shortcuts work whatever the
            // keyboard layout's physical keys.
            K::Character(c) if modifiers.command() && c.eq_ignore_ascii_case("n") => {
                Some(Message::Go(Screen::Compose))
            }
            K::Character(c)
                if modifiers.command() && modifiers.shift() && c.eq_ignore_ascii_case("o") =>
            {
                Some(Message::Go(Screen::Outbox))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Below this width the sidebar shows icons only.
pub const COMPACT_WIDTH: f32 = 760.0;

/// Room left under the notices for compose's row of buttons.
const NOTICE_BOTTOM: f32 = 64.0;

/// Toasts and banners are this wide at most.
const NOTICE_WIDTH: f32 = 380.0;

/// Rows the Sent list asks for at a time.
pub const SENT_PAGE: usize = 100;

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

/// Spool operations that need the account's lock: the core's, the same as
/// the `outbox` commands'.
pub use crate::services::outbox::Change as SpoolOp;

/// Runs effects as iced tasks.
pub fn run(paths: &Paths, effects: Vec<Effect>) -> Task<Message> {
    Task::batch(effects.into_iter().map(|effect| match effect {
        Effect::FocusRow { down } => focus_task(if down { Motion::Down } else { Motion::Up }),
        Effect::FocusField(id) => iced::widget::operation::focus(id),
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

/// Moves the keyboard focus in reading order (see [`focus::move_focus`]).
fn focus_task(motion: Motion) -> Task<Message> {
    iced::advanced::widget::operate(focus::move_focus(motion)).discard()
}

/// The outbox and failed folders as the Outbox view shows them.
pub fn load_lists(paths: &Paths) -> Message {
    match crate::outbox::Spool::open(&paths.data_dir) {
        Ok(spool) => {
            let mut outbox = spool.list(Folder::Outbox);
            crate::outbox::in_sending_order(&mut outbox);
            outbox.extend(spool.list(Folder::Failed));
            Message::Loaded {
                outbox,
                limits: spool.size_limits(),
            }
        }
        Err(e) => Message::Done(Err(e.into())),
    }
}
