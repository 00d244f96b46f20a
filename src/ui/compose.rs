//! The compose screen: what the user types, checked as they type.

use std::path::PathBuf;

use chrono::{DateTime, Local, Utc};
use iced::widget::{button, column, container, text};
use iced::{Element, Fill, Length};

use crate::compose::saved::{Saved, Shelf};
use crate::compose::{AddressProblem, Draft, human_size, parse_mailbox};
use crate::config::Account;
use crate::contacts::Contact;
use crate::fl;
use crate::recipients::Check;
use crate::ui::chips::{self, Edit, Recipients};
use crate::ui::chooser;
use crate::ui::dir;
use crate::ui::dir::AtStart;
use crate::ui::icon::{self, Icon};
use crate::ui::spell;
use crate::ui::theme;
use crate::ui::widget::focus;
use crate::ui::widget::picker::picker;
use crate::ui::widget::{bar, editor};

/// The message size most providers accept (Gmail, Outlook, Yahoo: 25 MB),
/// used until the server's own SIZE limit is known.
const COMMON_SIZE_LIMIT: u64 = 25 * 1000 * 1000;

/// The side of a picture's thumbnail in the attachment list.
const THUMBNAIL: f32 = 32.0;

/// Wide enough for "نسخة مخفية" (Bcc) on one line.
const LABEL_WIDTH: f32 = 96.0;

/// Words that announce an attachment, in the languages we ship. A body that
/// says one of them and has no attachment gets a warning before sending.
const ATTACHMENT_WORDS: &[&str] = &[
    "attached",
    "attachment",
    "attaching",
    "enclosed",
    "مرفق",
    "مرفقة",
    "المرفق",
    "مرفقات",
    "أرفقت",
    "ارفقت",
    "أرفق",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub path: PathBuf,
    pub size: u64,
}

#[derive(Debug)]
pub struct Compose {
    pub from: Option<String>,
    /// The alias of the `from` account it is sent as (None: the account's
    /// own address).
    pub identity: Option<String>,
    pub to: Recipients,
    pub cc: Recipients,
    pub bcc: Recipients,
    pub show_cc: bool,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
    pub show_later: bool,
    pub send_at: String,
    /// The Send later picker, when open (see `ui::later`).
    pub calendar: Option<crate::ui::later::Picker>,
    /// Warnings shown after Send was pressed, waiting for "Send anyway".
    pub warnings: Vec<String>,
    /// When the warned-about send was meant to go (None: now).
    warned_at: Option<DateTime<Utc>>,
    /// "Discard this message?" is showing.
    pub confirm_discard: bool,
    /// The saved draft or template whose Delete waits for a yes.
    pub confirm_delete: Option<(Shelf, String)>,
    pub send_at_error: Option<String>,
    /// The largest message the From account's server announced, once known.
    pub size_limit: Option<u64>,
    /// The latest recipient domain checks, shown by their addresses.
    pub recipient_checks: Vec<Check>,
    /// The addresses last handed out for checking, and that request's number
    /// (an older answer arriving late is dropped).
    checked: Vec<String>,
    check_number: u64,
    /// The body is shown formatted instead of the editor.
    pub preview: bool,
    /// The body as the preview shows it, parsed when Preview is pressed
    /// (the text cannot change while it shows).
    preview_items: Vec<iced::widget::markdown::Item>,
    /// The time "Send later" counts from (a fixed one in tests).
    pub clock: fn() -> DateTime<Local>,
    /// The drafts and templates list shows instead of the editor.
    pub shelf_open: bool,
    /// The lists as last read (when the panel was opened or changed).
    pub drafts: Vec<Saved>,
    pub templates: Vec<Saved>,
    /// The in-window file chooser, open when the desktop has no dialog.
    pub chooser: Option<chooser::Chooser>,
    /// Small pictures of attached images, made off the UI thread.
    pub thumbnails: std::collections::HashMap<PathBuf, iced::widget::svg::Handle>,
}

#[derive(Debug, Clone)]
pub enum Message {
    From(AccountChoice),
    /// Typing, chips and suggestions in an address field.
    Recipients(AddressField, Edit),
    /// A chip dragged from one address field to another.
    MoveChip {
        from: AddressField,
        index: usize,
        to: AddressField,
    },
    ShowCc,
    Subject(String),
    SubjectEntered,
    Body(String),
    Attach,
    Attached(Vec<Attachment>),
    RemoveAttachment(usize),
    /// Opens an attachment with the desktop's program for it.
    OpenAttachment(usize),
    /// The desktop had no file dialog: the in-window chooser opens at this
    /// folder (the home folder).
    OpenChooser(PathBuf),
    Chooser(chooser::Message),
    /// Thumbnails of attached pictures, made by a task.
    Thumbnails(Vec<(PathBuf, iced::widget::svg::Handle)>),
    Send,
    SendAnyway,
    BackToEditing,
    ToggleLater,
    SendAt(String),
    /// A "Send later" choice: its time goes into the field.
    LaterAt(DateTime<Utc>),
    /// The Send later picker.
    Later(crate::ui::later::Message),
    SendLater,
    Discard,
    KeepDraft,
    /// The answers to recipient check number `.0`.
    RecipientsChecked(u64, Vec<Check>),
    /// "Use …" by a recipient warning: this address for that one.
    FixRecipient {
        address: String,
        with: String,
    },
    /// "Add to dictionary" in the subject's or the body's menu.
    LearnWord(String),
    /// Preview ⇄ Edit of the body.
    TogglePreview,
    /// A link in the preview was clicked: nothing opens from a draft.
    PreviewLink(String),
    /// The drafts and templates list, shown or hidden.
    ToggleShelf,
    /// "Save for later": into Drafts, and the editor is free.
    SaveForLater,
    SaveTemplate,
    /// Into the editor (what it held goes into Drafts first).
    OpenSaved(Shelf, String),
    /// Opened, then Send pressed (warnings and checks as usual).
    SendSaved(String),
    /// Delete on a row: asks first (it cannot be brought back).
    DeleteSaved(Shelf, String),
    /// Yes (true) or no to the Delete being asked about.
    ConfirmDelete(bool),
}

/// The drafts and templates after a `ShelfOp`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shelved {
    pub drafts: Vec<Saved>,
    pub templates: Vec<Saved>,
    /// A message was put on this shelf.
    pub put: Option<Shelf>,
    /// A message taken into the editor: its account, itself, and whether
    /// Send is to be pressed.
    pub taken: Option<(Option<String>, Draft, bool)>,
}

/// What the root does with the drafts and templates on disk.
#[derive(Debug, Clone, PartialEq)]
pub enum ShelfOp {
    /// Reads both lists.
    List,
    /// Puts this message on a shelf; a draft then leaves the editor.
    Put {
        shelf: Shelf,
        account: Option<String>,
        draft: Draft,
    },
    /// Into the editor: a draft leaves its shelf, a template stays. What
    /// the editor held (`aside`) is put into Drafts first, so nothing is
    /// lost at any point. `then_send`: Send is pressed once it is in.
    Take {
        shelf: Shelf,
        id: String,
        aside: Option<(Option<String>, Draft)>,
        then_send: bool,
    },
    Delete {
        shelf: Shelf,
        id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressField {
    To,
    Cc,
    Bcc,
}

/// What the root must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    /// Queue the draft from this account, not before the given time.
    Send {
        account: String,
        draft: Box<Draft>,
        at: Option<DateTime<Utc>>,
    },
    PickFiles,
    /// Read this folder for the in-window chooser.
    ListFolder(PathBuf),
    /// Measure these files and attach them.
    Measure(Vec<PathBuf>),
    /// Open this file with the desktop's program.
    OpenFile(PathBuf),
    /// Files were attached (the draft changed); make thumbnails of these
    /// pictures.
    Attached {
        pictures: Vec<PathBuf>,
    },
    /// The draft changed; `now` when it should be saved at once (recipients).
    Changed {
        now: bool,
    },
    Discarded,
    Shelf(ShelfOp),
    /// Keep this word in the user's dictionary.
    LearnWord(String),
}

/// An identity as the From picker shows it: "Name <address>", an alias
/// with its account's name after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChoice {
    pub name: String,
    pub label: String,
    /// The alias (None: the account's own address).
    pub identity: Option<String>,
}

impl AccountChoice {
    pub fn of(account: &Account) -> AccountChoice {
        AccountChoice {
            name: account.name.clone(),
            label: mailbox(account.display_name.as_deref(), &account.email),
            identity: None,
        }
    }

    /// Every identity of every account, each account's own address first.
    pub fn all(accounts: &[Account]) -> Vec<AccountChoice> {
        accounts
            .iter()
            .flat_map(|account| {
                let aliases = account.identities.iter().map(|alias| {
                    let address = mailbox(alias.display_name.as_deref(), &alias.email);
                    AccountChoice {
                        name: account.name.clone(),
                        label: format!("{address} ({})", account.name),
                        identity: Some(alias.email.clone()),
                    }
                });
                std::iter::once(AccountChoice::of(account)).chain(aliases)
            })
            // An Arabic name first would turn "<address> (account)" around.
            .map(|choice| AccountChoice {
                label: chips::in_ui_direction(choice.label),
                ..choice
            })
            .collect()
    }
}

/// "Name <address>" isolated (FSI…PDI), so that it reads in its own
/// direction whatever is around it: in an Arabic interface a Latin name's
/// closing ">" would otherwise move to the far left, mirrored.
fn mailbox(name: Option<&str>, email: &str) -> String {
    match name.map(str::trim) {
        Some(name) if !name.is_empty() => format!("\u{2068}{name} <{email}>\u{2069}"),
        _ => format!("\u{2068}{email}\u{2069}"),
    }
}

impl std::fmt::Display for AccountChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl Compose {
    pub fn new(from: Option<String>) -> Compose {
        Compose {
            from,
            identity: None,
            to: Recipients::default(),
            cc: Recipients::default(),
            bcc: Recipients::default(),
            show_cc: false,
            subject: String::new(),
            body: String::new(),
            attachments: Vec::new(),
            show_later: false,
            send_at: String::new(),
            calendar: None,
            warnings: Vec::new(),
            warned_at: None,
            confirm_discard: false,
            confirm_delete: None,
            send_at_error: None,
            size_limit: None,
            recipient_checks: Vec::new(),
            checked: Vec::new(),
            check_number: 0,
            preview: false,
            preview_items: Vec::new(),
            clock: Local::now,
            shelf_open: false,
            drafts: Vec::new(),
            templates: Vec::new(),
            chooser: None,
            thumbnails: std::collections::HashMap::new(),
        }
    }

    /// The recipients, when they changed since the last check: the request's
    /// number and the addresses (checked off the UI thread by the root).
    pub fn recipients_to_check(&mut self) -> Option<(u64, Vec<String>)> {
        let draft = self.draft();
        let all: Vec<String> = draft
            .to
            .into_iter()
            .chain(draft.cc)
            .chain(draft.bcc)
            .collect();
        if all == self.checked {
            return None;
        }
        self.checked = all.clone();
        self.check_number += 1;
        // What no longer is a recipient takes its warning with it.
        self.recipient_checks.retain(|c| all.contains(&c.address));
        (!all.is_empty()).then_some((self.check_number, all))
    }

    /// Opens a draft (restored, undone, from a mailto: link or "send again").
    pub fn from_draft(from: Option<String>, draft: &Draft) -> Compose {
        let mut compose = Compose::new(from);
        compose.identity = draft.from.clone();
        compose.to = Recipients::from_list(&draft.to);
        compose.cc = Recipients::from_list(&draft.cc);
        compose.bcc = Recipients::from_list(&draft.bcc);
        compose.show_cc = !compose.cc.is_empty() || !compose.bcc.is_empty();
        compose.subject = draft.subject.clone();
        compose.body = draft.body.clone();
        compose.attachments = draft
            .attachments
            .iter()
            .map(|path| Attachment {
                path: path.clone(),
                size: 0,
            })
            .collect();
        if let Some(at) = draft.send_at {
            compose.show_later = true;
            compose.send_at = at.with_timezone(&Local).format(TIME_FORMAT).to_string();
        }
        compose
    }

    pub fn draft(&self) -> Draft {
        Draft {
            from: self.identity.clone(),
            to: self.to.addresses(),
            cc: self.cc.addresses(),
            bcc: self.bcc.addresses(),
            subject: self.subject.clone(),
            body: self.body.clone(),
            attachments: self.attachments.iter().map(|a| a.path.clone()).collect(),
            send_at: self.show_later.then(|| self.send_at_time()).flatten(),
            // What is typed here is Markdown-style text (see the preview).
            markdown: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        let d = self.draft();
        d.to.is_empty()
            && d.cc.is_empty()
            && d.bcc.is_empty()
            && d.subject.trim().is_empty()
            && d.body.trim().is_empty()
            && d.attachments.is_empty()
    }

    /// Every invalid address, with its field and reason.
    pub fn address_problems(&self) -> Vec<(String, AddressProblem)> {
        [&self.to, &self.cc, &self.bcc]
            .into_iter()
            .flat_map(Recipients::problems)
            .collect()
    }

    /// Send is possible: an account, a recipient, and every address valid.
    pub fn can_send(&self) -> bool {
        let draft = self.draft();
        self.from.is_some()
            && !(draft.to.is_empty() && draft.cc.is_empty() && draft.bcc.is_empty())
            && self.address_problems().is_empty()
    }

    /// What a careful friend would ask before sending.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.subject.trim().is_empty() {
            warnings.push(fl!("ui-warn-empty-subject"));
        }
        if self.attachments.is_empty() && mentions_attachment(&self.body) {
            warnings.push(fl!("ui-warn-no-attachment"));
        }
        // Base64 makes attachments a third bigger on the wire.
        let total: u64 = self.attachments.iter().map(|a| a.size).sum();
        let on_the_wire = total.saturating_mul(4) / 3;
        match self.size_limit {
            Some(limit) if on_the_wire > limit => warnings.push(fl!(
                "ui-warn-too-big-for-server",
                size = human_size(total),
                limit = human_size(limit)
            )),
            None if on_the_wire > COMMON_SIZE_LIMIT => {
                warnings.push(fl!("ui-warn-too-big", size = human_size(total)));
            }
            _ => {}
        }
        warnings
    }

    fn chooser_action(&mut self, action: chooser::Action) -> Action {
        match action {
            chooser::Action::None => Action::None,
            chooser::Action::List(folder) => Action::ListFolder(folder),
            chooser::Action::Chosen(files) => {
                self.chooser = None;
                Action::Measure(files)
            }
            chooser::Action::Closed => {
                self.chooser = None;
                Action::None
            }
        }
    }

    /// "Total 3.2 MB of 10.0 MB the server accepts" under the attachment
    /// list, and whether the message is over (counted as sent: base64 makes
    /// files a third bigger on the wire).
    pub fn attachments_total(&self) -> Option<(String, bool)> {
        if self.attachments.is_empty() {
            return None;
        }
        let total: u64 = self.attachments.iter().map(|a| a.size).sum();
        let on_the_wire = total.saturating_mul(4) / 3;
        let size = human_size(total);
        Some(match self.size_limit {
            Some(limit) => (
                fl!(
                    "ui-attachments-total",
                    size = size,
                    limit = human_size(limit)
                ),
                on_the_wire > limit,
            ),
            None => (
                fl!(
                    "ui-attachments-total-common",
                    size = size,
                    limit = human_size(COMMON_SIZE_LIMIT)
                ),
                on_the_wire > COMMON_SIZE_LIMIT,
            ),
        })
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::From(choice) => {
                self.from = Some(choice.name);
                self.identity = choice.identity;
                Action::Changed { now: false }
            }
            Message::Recipients(field, edit) => {
                if self.field_mut(field).apply(edit) {
                    self.warnings.clear();
                    Action::Changed { now: true }
                } else {
                    Action::None
                }
            }
            Message::MoveChip { from, index, to } if from != to => {
                match self.field_mut(from).take(index) {
                    Some(chip) => {
                        self.field_mut(to).chips.push(chip);
                        Action::Changed { now: true }
                    }
                    None => Action::None,
                }
            }
            Message::MoveChip { .. } => Action::None,
            Message::ShowCc => {
                self.show_cc = true;
                Action::None
            }
            // The field itself goes on to the body (`enter_moves_on`).
            Message::SubjectEntered => Action::None,
            Message::Subject(value) => {
                self.subject = value;
                self.warnings.clear();
                Action::Changed { now: false }
            }
            Message::Body(value) => {
                self.body = value;
                self.warnings.clear();
                Action::Changed { now: false }
            }
            Message::Attach => Action::PickFiles,
            Message::LearnWord(word) => Action::LearnWord(word),
            Message::Attached(files) => {
                // A file already listed gets its size (reopened drafts list
                // their files before they are measured).
                for file in files {
                    match self.attachments.iter_mut().find(|a| a.path == file.path) {
                        Some(listed) => listed.size = file.size,
                        None => self.attachments.push(file),
                    }
                }
                self.warnings.clear();
                let pictures = self
                    .attachments
                    .iter()
                    .map(|a| &a.path)
                    .filter(|p| {
                        crate::ui::thumbnail::is_picture(p) && !self.thumbnails.contains_key(*p)
                    })
                    .cloned()
                    .collect();
                Action::Attached { pictures }
            }
            Message::Thumbnails(made) => {
                self.thumbnails.extend(made);
                Action::None
            }
            Message::RemoveAttachment(index) => {
                if index < self.attachments.len() {
                    self.attachments.remove(index);
                }
                Action::Changed { now: true }
            }
            Message::OpenAttachment(index) => match self.attachments.get(index) {
                Some(attachment) => Action::OpenFile(attachment.path.clone()),
                None => Action::None,
            },
            Message::OpenChooser(home) => {
                let (chooser, action) = chooser::Chooser::open(home);
                self.chooser = Some(chooser);
                self.chooser_action(action)
            }
            Message::Chooser(message) => match self.chooser.as_mut() {
                Some(chooser) => {
                    let action = chooser.update(message);
                    self.chooser_action(action)
                }
                None => Action::None,
            },
            Message::Send => self.send(None, false),
            Message::SendAnyway => self.send(self.warned_at, true),
            Message::BackToEditing => {
                self.warnings.clear();
                Action::None
            }
            Message::ToggleLater => {
                self.show_later = !self.show_later;
                if self.show_later && self.send_at.is_empty() {
                    let in_an_hour = (self.clock)() + chrono::Duration::hours(1);
                    self.send_at = in_an_hour.format(TIME_FORMAT).to_string();
                }
                if !self.show_later {
                    self.calendar = None;
                }
                self.send_at_error = None;
                Action::None
            }
            Message::SendAt(value) => {
                self.send_at = value;
                self.send_at_error = None;
                self.follow_field();
                Action::None
            }
            Message::LaterAt(at) => {
                self.send_at = at.with_timezone(&Local).format(TIME_FORMAT).to_string();
                self.send_at_error = None;
                self.follow_field();
                Action::None
            }
            Message::Later(message) => {
                self.later(message);
                Action::None
            }
            Message::SendLater => match self.send_at_checked() {
                Ok(at) => self.send(Some(at), false),
                Err(problem) => {
                    self.send_at_error = Some(crate::ui::later::explain(
                        &problem,
                        &(self.clock)(),
                        crate::ui::later::zone_name().as_deref(),
                    ));
                    Action::None
                }
            },
            Message::RecipientsChecked(number, checks) => {
                if number == self.check_number {
                    self.recipient_checks = checks;
                }
                Action::None
            }
            Message::FixRecipient { address, with } => {
                for field in [&mut self.to, &mut self.cc, &mut self.bcc] {
                    field.replace(&address, &with);
                }
                self.recipient_checks.retain(|c| c.address != address);
                Action::Changed { now: true }
            }
            // An empty draft goes at once; anything typed is asked about
            // first, because it cannot be brought back.
            Message::Discard if !self.confirm_discard && !self.is_empty() => {
                self.confirm_discard = true;
                Action::None
            }
            Message::Discard => {
                let identity = self.identity.take();
                *self = Compose::new(self.from.clone());
                self.identity = identity;
                Action::Discarded
            }
            Message::KeepDraft => {
                self.confirm_discard = false;
                Action::None
            }
            Message::TogglePreview => {
                self.preview = !self.preview;
                self.preview_items = if self.preview {
                    crate::ui::preview::parse(&self.body)
                } else {
                    Vec::new()
                };
                Action::None
            }
            Message::PreviewLink(_) => Action::None,
            Message::ToggleShelf => {
                self.shelf_open = !self.shelf_open;
                if self.shelf_open {
                    Action::Shelf(ShelfOp::List)
                } else {
                    Action::None
                }
            }
            Message::SaveForLater | Message::SaveTemplate if self.is_empty() => Action::None,
            Message::SaveForLater => Action::Shelf(ShelfOp::Put {
                shelf: Shelf::Drafts,
                account: self.from.clone(),
                draft: self.draft(),
            }),
            Message::SaveTemplate => Action::Shelf(ShelfOp::Put {
                shelf: Shelf::Templates,
                account: self.from.clone(),
                draft: self.draft(),
            }),
            Message::OpenSaved(shelf, id) => self.take(shelf, id, false),
            Message::SendSaved(id) => self.take(Shelf::Drafts, id, true),
            Message::DeleteSaved(shelf, id) => {
                self.confirm_delete = Some((shelf, id));
                Action::None
            }
            Message::ConfirmDelete(yes) => match self.confirm_delete.take() {
                Some((shelf, id)) if yes => Action::Shelf(ShelfOp::Delete { shelf, id }),
                _ => Action::None,
            },
        }
    }

    fn field_mut(&mut self, field: AddressField) -> &mut Recipients {
        match field {
            AddressField::To => &mut self.to,
            AddressField::Cc => &mut self.cc,
            AddressField::Bcc => &mut self.bcc,
        }
    }

    fn send(&mut self, at: Option<DateTime<Utc>>, confirmed: bool) -> Action {
        if !self.can_send() {
            return Action::None;
        }
        if !confirmed {
            let warnings = self.warnings();
            if !warnings.is_empty() {
                self.warnings = warnings;
                self.warned_at = at;
                return Action::None;
            }
        }
        self.warnings.clear();
        Action::Send {
            account: self.from.clone().unwrap_or_default(),
            draft: Box::new(self.draft()),
            at,
        }
    }

    /// The recipient checks' warnings for the addresses of one field, each
    /// with "Use …" when there is a likely fix.
    fn recipient_warnings<'a>(&'a self, value: &Recipients) -> Vec<Element<'a, Message>> {
        let here = value.addresses();
        let mut rows = Vec::new();
        for check in self
            .recipient_checks
            .iter()
            .filter(|c| here.contains(&c.address))
        {
            let Some(warning) = check.warning() else {
                continue;
            };
            let mut line: Vec<Element<'a, Message>> = vec![
                dir::label(String::new(), LABEL_WIDTH),
                dir::paragraph(fl!(
                    "recipient-warning",
                    // The bare address: an Arabic name before it would
                    // turn the whole line around.
                    address = parse_mailbox(&check.address)
                        .map(|m| m.email.to_string())
                        .unwrap_or_else(|_| check.address.clone()),
                    warning = warning
                ))
                .size(theme::size::SMALL)
                .style(theme::danger)
                .into(),
            ];
            if let Some(better) = &check.suggestion {
                line.push(focus::button(
                    button(
                        text(fl!("recipient-fix", suggestion = better.clone()))
                            .size(theme::size::SMALL),
                    )
                    .style(theme::secondary_button)
                    .padding([2, 8]),
                    Message::FixRecipient {
                        address: check.address.clone(),
                        with: better.clone(),
                    },
                ));
            }
            rows.push(dir::row(line).into());
        }
        rows
    }

    /// `contacts` are offered as the user types an address.
    pub fn view<'a>(
        &'a self,
        accounts: &'a [Account],
        contacts: &'a [Contact],
    ) -> Element<'a, Message> {
        let choices = AccountChoice::all(accounts);
        let same = |a: Option<&str>, b: Option<&str>| match (a, b) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        };
        let selected = self.from.as_ref().and_then(|name| {
            choices
                .iter()
                .find(|c| &c.name == name && same(c.identity.as_deref(), self.identity.as_deref()))
                .cloned()
        });
        let label = |s: String| dir::label(s, LABEL_WIDTH);

        let from = dir::row(vec![
            label(fl!("field-from")),
            picker(choices, selected, Message::From)
                .placeholder(fl!("ui-choose-account"))
                .width(Fill)
                .into(),
        ]);

        let address_row = |name: String, field: AddressField, value: &'a Recipients| {
            let id = match field {
                AddressField::To => "to",
                AddressField::Cc => "cc",
                AddressField::Bcc => "bcc",
            };
            let shown = chips::view(field, id, value, contacts, LABEL_WIDTH);
            let mut children: Vec<Element<'a, Message>> = vec![label(name), shown.field];
            if field == AddressField::To && !self.show_cc {
                children.push(focus::button_id(
                    "show-cc",
                    button(text(fl!("ui-cc-bcc"))).style(theme::quiet_button),
                    Some(Message::ShowCc),
                ));
            }
            let mut col = column![dir::row(children)].spacing(2);
            for below in shown.below {
                col = col.push(below);
            }
            for warning in self.recipient_warnings(value) {
                col = col.push(warning);
            }
            // Invalid chips say why under the field (see `chips::view`); typed text
            // that is not an address yet says it here, unless it is a name
            // being looked up.
            let looking_up = !value.suggestions(contacts).is_empty();
            for (address, problem) in chips::split_list(&value.typing)
                .into_iter()
                .filter(|_| !looking_up)
                .filter_map(|a| parse_mailbox(&a).err().map(|p| (a, p)))
            {
                col = col.push(
                    dir::paragraph(chips::in_ui_direction(fl!(
                        "ui-address-problem",
                        address = address,
                        reason = problem.describe()
                    )))
                    .size(theme::size::SMALL)
                    .style(theme::danger),
                );
            }
            col
        };

        let mut form = column![
            from,
            address_row(fl!("field-to"), AddressField::To, &self.to)
        ]
        .spacing(8)
        .align_x(dir::start());
        if self.show_cc {
            form = form
                .push(address_row(fl!("field-cc"), AddressField::Cc, &self.cc))
                .push(address_row(fl!("field-bcc"), AddressField::Bcc, &self.bcc));
        }
        form = form.push(dir::row(vec![
            label(fl!("ui-subject")),
            dir::input(&fl!("ui-subject"), &self.subject)
                .id("subject")
                .spell_check(spell::current())
                .on_learn(Message::LearnWord)
                .on_input(Message::Subject)
                .on_submit(Message::SubjectEntered)
                .enter_moves_on()
                .width(Fill)
                .into(),
        ]));
        if let Some(chooser) = &self.chooser {
            form = form.push(chooser.view().map(Message::Chooser));
        } else if self.shelf_open {
            form = form.push(self.shelf_view());
        } else if self.preview {
            let plain_only = self
                .from
                .as_ref()
                .and_then(|name| accounts.iter().find(|a| &a.name == name))
                .is_some_and(|a| a.plain_text);
            let note = if plain_only {
                Some(fl!("ui-preview-plain"))
            } else if !crate::compose::markdown::has_formatting(&self.body) {
                // With the marks to use, for someone who has not met them.
                Some(format!(
                    "{} {}",
                    fl!("ui-preview-no-formatting"),
                    fl!("ui-preview-hint")
                ))
            } else {
                None
            };
            if let Some(note) = note {
                form = form.push(
                    dir::paragraph(note)
                        .size(theme::size::SMALL)
                        .style(theme::muted),
                );
            }
            form = form.push(
                container(
                    iced::widget::scrollable(
                        container(crate::ui::preview::view(&self.preview_items)).padding(10),
                    )
                    .height(Fill),
                )
                .id("preview")
                .width(Fill)
                .height(Fill)
                .style(container::bordered_box),
            );
        } else {
            form = form.push(
                editor::multi_line(&fl!("ui-body-placeholder"), &self.body)
                    .id("body")
                    .spell_check(spell::current())
                    .on_learn(Message::LearnWord)
                    .on_input(Message::Body)
                    .height(Fill)
                    .min_height(80.0)
                    .padding(8),
            );
        }

        // The signature of the identity chosen, exactly as sending will add
        // it (the core decides the "-- " line and the place).
        if let Some(signing) = self
            .from
            .as_ref()
            .and_then(|name| accounts.iter().find(|a| &a.name == name))
            .and_then(|a| a.sending_as(self.identity.as_deref()).ok())
            .and_then(|a| crate::services::outbox::signature_added(&a, &self.body))
        {
            let mut signature = column![].spacing(2).align_x(dir::start());
            if signing.above_quote {
                signature = signature.push(
                    dir::paragraph(fl!("ui-signature-preview-above-quote"))
                        .size(theme::size::SMALL)
                        .style(theme::muted),
                );
            }
            form = form.push(
                container(
                    signature.push(
                        dir::paragraph(signing.text)
                            .size(theme::size::SMALL)
                            .style(theme::muted),
                    ),
                )
                .id("signature-preview"),
            );
        }

        let icon_column = if self
            .attachments
            .iter()
            .any(|a| self.thumbnails.contains_key(&a.path))
        {
            THUMBNAIL
        } else {
            16.0
        };
        for (index, attachment) in self.attachments.iter().enumerate() {
            let name = attachment
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            form = form.push(dir::row(vec![
                // Noto Sans has no 📎: an icon by the file's type, or the
                // picture itself.
                match self.thumbnails.get(&attachment.path) {
                    Some(thumbnail) => iced::widget::svg(thumbnail.clone())
                        .width(Length::Fixed(THUMBNAIL))
                        .height(Length::Fixed(THUMBNAIL))
                        .into(),
                    // As wide as a thumbnail when one shows, so names line up.
                    None => container(icon::icon(Icon::for_file(&name), 16.0, |c| c.muted))
                        .width(Length::Fixed(icon_column))
                        .center_x(Length::Fixed(icon_column))
                        .into(),
                },
                chooser::file_name(&name),
                text(human_size(attachment.size)).style(theme::muted).into(),
                focus::button_id(
                    crate::ui::a11y::attachment_widget(index, false),
                    button(text(fl!("ui-attachment-open")).size(theme::size::SMALL))
                        .style(theme::quiet_button),
                    Some(Message::OpenAttachment(index)),
                ),
                // An icon only: found by tests through its id.
                container(focus::button_id(
                    crate::ui::a11y::attachment_widget(index, true),
                    button(icon::icon(Icon::Close, 14.0, |c| c.accent_text))
                        .style(theme::quiet_button),
                    Some(Message::RemoveAttachment(index)),
                ))
                .id(format!("remove-attachment-{index}"))
                .into(),
            ]));
        }
        if let Some((total, over)) = self.attachments_total() {
            form = form.push(
                text(total)
                    .size(theme::size::SMALL)
                    .style(if over { theme::danger } else { theme::muted })
                    .at_start(),
            );
        }

        if !self.warnings.is_empty() {
            let mut box_ = column![].spacing(4);
            for warning in &self.warnings {
                box_ = box_.push(dir::paragraph(warning.clone()));
            }
            box_ = box_.push(dir::row(vec![
                button(text(fl!("ui-send-anyway")))
                    .style(theme::danger_button)
                    .on_press(Message::SendAnyway)
                    .into(),
                button(text(fl!("ui-back-to-editing")))
                    .style(theme::secondary_button)
                    .on_press(Message::BackToEditing)
                    .into(),
            ]));
            form = form.push(container(box_).padding(10).width(Fill).style(theme::card));
        }

        if self.show_later {
            form = form.push(crate::ui::later::area(self));
        }

        // On one line while it fits, over two rather than squeezed.
        let actions = bar::bar(
            vec![
                // Reached by Tab, pressed by Enter or Space (see widget::focus).
                focus::button_id(
                    "send",
                    button(icon::labelled(Icon::Send, fl!("ui-send"), |c| c.on_accent))
                        .style(theme::primary_button)
                        .padding([6, 18]),
                    self.can_send().then_some(Message::Send),
                ),
                focus::button_id(
                    "send-later",
                    button(text(fl!("ui-send-later"))).style(theme::secondary_button),
                    Some(Message::ToggleLater),
                ),
                focus::button_id(
                    "attach",
                    button(icon::labelled(Icon::Attach, fl!("ui-attach"), |c| c.text))
                        .style(theme::secondary_button),
                    Some(Message::Attach),
                ),
                focus::button_id(
                    "preview-toggle",
                    button(text(if self.preview {
                        fl!("ui-preview-edit")
                    } else {
                        fl!("ui-preview")
                    }))
                    .style(if self.preview {
                        theme::primary_button
                    } else {
                        theme::secondary_button
                    }),
                    Some(Message::TogglePreview),
                ),
                focus::button_id(
                    "drafts",
                    button(text(fl!("ui-drafts"))).style(if self.shelf_open {
                        theme::primary_button
                    } else {
                        theme::secondary_button
                    }),
                    Some(Message::ToggleShelf),
                ),
            ],
            vec![
                text(fl!("ui-send-shortcut"))
                    .size(theme::size::CAPTION)
                    .style(theme::muted)
                    .into(),
                focus::button_id(
                    "discard",
                    button(text(fl!("ui-discard"))).style(theme::quiet_button),
                    Some(Message::Discard),
                ),
            ],
            theme::space::S,
        );
        if self.confirm_discard {
            form = form.push(
                container(dir::row(vec![
                    text(fl!("ui-discard-confirm")).into(),
                    focus::button_id(
                        "discard-yes",
                        button(text(fl!("ui-discard"))).style(theme::danger_button),
                        Some(Message::Discard),
                    ),
                    focus::button_id(
                        "keep-draft",
                        button(text(fl!("ui-keep-draft"))).style(theme::secondary_button),
                        Some(Message::KeepDraft),
                    ),
                ]))
                .padding(10)
                .width(Fill)
                .style(theme::confirm_card),
            );
        }

        // The editor takes the height that is left; nothing here scrolls as a
        // whole (an editor inside a scrollable has no height to fill).
        crate::ui::later::over(self, column![form.height(Fill), actions].spacing(10).into())
    }
}

pub fn mentions_attachment(body: &str) -> bool {
    let lower = body.to_lowercase();
    // Quoted text (lines starting with '>') talks about someone else's files.
    lower
        .lines()
        .filter(|line| !line.trim_start().starts_with('>'))
        .any(|line| ATTACHMENT_WORDS.iter().any(|word| line.contains(word)))
}

/// How a time is typed and shown in the Send later field: the command
/// line's `--at` too.
const TIME_FORMAT: &str = crate::services::time::FORMAT;

/// "2024-05-01 14:30" in local time; only future times are accepted.
pub fn parse_local_time(text: &str) -> Option<DateTime<Utc>> {
    crate::services::time::parse_future(text, Utc::now()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin_mailbox_keeps_its_angle_brackets_in_an_arabic_interface() {
        let glyphs = |content: &str| crate::ui::chooser::tests::glyphs(content);
        for (mark, rtl) in [('\u{200E}', false), ('\u{200F}', true)] {
            let label = format!(
                "{mark}{}",
                mailbox(Some("Layla Haddad"), "layla@example.com")
            );
            let shown = glyphs(&label);
            // The left edge of a character's glyph on screen.
            let x = |c: char| {
                let byte = label.find(c).unwrap();
                shown.iter().find(|g| g.0 == byte).unwrap().1
            };
            let rightmost = shown
                .iter()
                .filter(|g| g.2 > 0.0)
                .map(|g| g.1)
                .fold(f32::MIN, f32::max);
            // On screen, left to right: "Layla Haddad <layla@example.com>",
            // in both interfaces; without the isolate the Arabic one shows
            // the closing ">" (mirrored) at the far left.
            assert!(x('L') < x('<') && x('<') < x('@'), "rtl={rtl}: {shown:?}");
            assert_eq!(x('>'), rightmost, "rtl={rtl}: {shown:?}");
        }
    }

    /// Typing into an address field, as the field reports it.
    fn typed(field: AddressField, text: &str) -> Message {
        Message::Recipients(field, Edit::Typed(text.into()))
    }

    fn check(address: &str, suggestion: Option<&str>) -> Check {
        Check {
            address: address.to_owned(),
            domain: address.rsplit_once('@').map(|(_, d)| d.to_owned()),
            verdict: crate::recipients::Verdict::NoSuchDomain,
            suggestion: suggestion.map(str::to_owned),
        }
    }

    #[test]
    fn recipients_are_checked_when_they_change_and_late_answers_are_dropped() {
        let mut c = Compose::new(Some("work".into()));
        c.update(typed(AddressField::To, "a@gmial.com"));
        let (first, addresses) = c.recipients_to_check().unwrap();
        assert_eq!(addresses, ["a@gmial.com"]);
        assert_eq!(c.recipients_to_check(), None, "nothing changed");
        c.update(typed(AddressField::Cc, "b@x.test"));
        let (second, addresses) = c.recipients_to_check().unwrap();
        assert_eq!(addresses, ["a@gmial.com", "b@x.test"]);
        c.update(Message::RecipientsChecked(
            first,
            vec![check("a@gmial.com", None)],
        ));
        assert!(c.recipient_checks.is_empty(), "an older request's answer");
        c.update(Message::RecipientsChecked(
            second,
            vec![
                check("a@gmial.com", Some("a@gmail.com")),
                check("b@x.test", None),
            ],
        ));
        assert_eq!(c.recipient_checks.len(), 2);
        // A recipient taken out takes its warning along.
        c.update(typed(AddressField::Cc, ""));
        c.recipients_to_check();
        assert_eq!(c.recipient_checks.len(), 1);
    }

    #[test]
    fn fixing_a_recipient_replaces_only_that_address() {
        let mut c = Compose::new(Some("work".into()));
        c.update(typed(AddressField::To, "x@ok.test; a@gmial.com"));
        c.update(typed(AddressField::Bcc, "a@gmial.com"));
        let action = c.update(Message::FixRecipient {
            address: "a@gmial.com".into(),
            with: "a@gmail.com".into(),
        });
        assert_eq!(action, Action::Changed { now: true });
        assert_eq!(c.to, "x@ok.test, a@gmail.com");
        assert_eq!(c.bcc, "a@gmail.com");
    }

    fn compose() -> Compose {
        Compose::new(Some("work".into()))
    }

    #[test]
    fn invalid_address_blocks_send_and_says_why() {
        let mut c = compose();
        c.update(typed(AddressField::To, "alice@example.com, bob@"));
        assert!(!c.can_send());
        let problems = c.address_problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "bob@");
        assert_eq!(c.update(Message::Send), Action::None);
        c.update(typed(
            AddressField::To,
            "alice@example.com, bob@example.org",
        ));
        assert!(c.can_send());
    }

    #[test]
    fn send_warns_first_about_empty_subject_and_missing_attachment() {
        let mut c = compose();
        c.update(typed(AddressField::To, "a@example.com"));
        c.update(Message::Body("see the attached file".into()));
        assert_eq!(c.update(Message::Send), Action::None);
        assert_eq!(c.warnings.len(), 2);
        match c.update(Message::SendAnyway) {
            Action::Send { account, draft, at } => {
                assert_eq!(account, "work");
                assert_eq!(draft.to, ["a@example.com"]);
                assert_eq!(draft.body, "see the attached file");
                assert!(at.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_picked_suggestion_replaces_what_is_typed() {
        let mut c = compose();
        c.update(typed(AddressField::To, "a@b.c, om"));
        c.update(Message::Recipients(
            AddressField::To,
            Edit::Accept("Omar <omar@example.org>".into()),
        ));
        assert_eq!(c.to, "a@b.c, Omar <omar@example.org>");
        assert_eq!(c.to.chips[1].label(), "Omar");
        assert!(c.to.typing.is_empty());
        assert!(c.can_send());
    }

    #[test]
    fn big_attachments_are_warned_about() {
        let mut c = compose();
        c.update(typed(AddressField::To, "a@example.com"));
        c.update(Message::Subject("video".into()));
        c.update(Message::Attached(vec![Attachment {
            path: PathBuf::from("/tmp/film.mp4"),
            size: 20 * 1000 * 1000,
        }]));
        assert_eq!(c.update(Message::Send), Action::None);
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);

        // Once the server said how much it takes, that is the measure: 20 MB
        // passes a 50 MB server, 8 MB does not pass a 10 MB one.
        c.size_limit = Some(50 * 1000 * 1000);
        assert!(c.warnings().is_empty());
        let mut small = compose();
        small.size_limit = Some(10 * 1000 * 1000);
        small.update(Message::Subject("scan".into()));
        small.update(Message::Attached(vec![Attachment {
            path: PathBuf::from("/tmp/scan.pdf"),
            size: 8 * 1000 * 1000,
        }]));
        let warnings = small.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        // Decimal units, as the server counts: 10 000 000 bytes are 10.0 MB.
        assert!(warnings[0].contains("10.0 MB"), "{warnings:?}");
    }

    #[test]
    fn discarding_typed_text_asks_first() {
        let mut c = compose();
        assert_eq!(
            c.update(Message::Discard),
            Action::Discarded,
            "nothing typed"
        );
        c.update(Message::Subject("draft".into()));
        assert_eq!(c.update(Message::Discard), Action::None);
        assert!(c.confirm_discard);
        c.update(Message::KeepDraft);
        assert_eq!(c.subject, "draft");
        c.update(Message::Discard);
        assert_eq!(c.update(Message::Discard), Action::Discarded);
        assert!(c.subject.is_empty());
    }

    #[test]
    fn arabic_attachment_word_is_noticed() {
        assert!(mentions_attachment("تجد الملف مرفق"));
        assert!(!mentions_attachment("> the attached report\nthanks"));
    }

    #[test]
    fn draft_round_trips() {
        let draft = Draft {
            from: None,
            to: vec!["a@example.com".into(), "b@example.com".into()],
            cc: vec!["c@example.com".into()],
            bcc: vec![],
            subject: "مرحبا".into(),
            body: "line 1\nline 2".into(),
            attachments: vec![PathBuf::from("/tmp/x.pdf")],
            send_at: None,
            markdown: true,
        };
        let c = Compose::from_draft(Some("work".into()), &draft);
        assert_eq!(c.draft(), draft);
        assert!(c.show_cc);
    }

    #[test]
    fn send_later_needs_a_future_time() {
        let mut c = compose();
        c.update(typed(AddressField::To, "a@example.com"));
        c.update(Message::Subject("s".into()));
        c.update(Message::ToggleLater);
        c.update(Message::SendAt("2001-01-01 10:00".into()));
        assert_eq!(c.update(Message::SendLater), Action::None);
        assert!(c.send_at_error.is_some());
        c.update(Message::SendAt("2999-01-01 10:00".into()));
        assert!(matches!(
            c.update(Message::SendLater),
            Action::Send { at: Some(_), .. }
        ));
    }
}
