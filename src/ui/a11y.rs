//! What a screen reader sees of the window (docs/accessibility.md): iced
//! 0.14 exposes nothing to assistive technology, so the tree is computed
//! from the same [`App`] state `view` reads and handed to AccessKit, which
//! speaks AT-SPI on Linux. What the screen reader asks for (press Send,
//! focus a field, set its text) comes back as our own [`Message`]s.
//!
//! Covered: the sidebar (a tab per screen), the compose screen (fields,
//! its buttons, attachments, Send later, the questions before sending and
//! before discarding), the Outbox's rows with their buttons, and the
//! notices. Sent, Accounts and Settings show the window, the sidebar and
//! the notices only.

use accesskit::{
    Action, ActionData, ActionRequest, Live, Node, NodeId, Role, TreeId, TreeInfo, TreeUpdate,
};
use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use crate::fl;
use crate::ui::app::{App, Message, Screen};
use crate::ui::chips::Recipients;
use crate::ui::compose::{self, AccountChoice, AddressField};
use crate::ui::effect::Effect;
use crate::ui::theme::Tone;

/// The parts of the window a screen reader can name and act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Window,
    From,
    To,
    Cc,
    Bcc,
    Subject,
    Body,
    Send,
    /// "Cc/Bcc": shows the two fields.
    ShowCc,
    /// The questions asked before sending (empty subject, no attachment…).
    Warnings,
    SendAnyway,
    BackToEditing,
    Notices,
    /// "Sending in … seconds" after Send, with its Undo button.
    Sending,
    Undo,
    /// The "Use …" buttons by recipient warnings (one node each below).
    Fixes,
    /// The sidebar: a tab per screen.
    Screens,
    NavCompose,
    NavOutbox,
    NavSent,
    NavAccounts,
    NavSettings,
    Attach,
    /// "Send later…": shows or hides [`Control::Later`].
    SendLater,
    Preview,
    Drafts,
    Discard,
    /// "Discard this message?" and its two answers.
    DiscardQuestion,
    DiscardYes,
    KeepDraft,
    /// The attached files: per file an item, its Open and its Remove.
    Attachments,
    /// Send later's presets (one button each below), its time field and
    /// Schedule.
    Later,
    SendAt,
    Schedule,
    /// The Outbox's rows: [`ROW`] nodes each below (see [`RowPart`]).
    OutboxRows,
}

const CONTROLS: [Control; 35] = [
    Control::Window,
    Control::From,
    Control::To,
    Control::Cc,
    Control::Bcc,
    Control::Subject,
    Control::Body,
    Control::Send,
    Control::ShowCc,
    Control::Warnings,
    Control::SendAnyway,
    Control::BackToEditing,
    Control::Notices,
    Control::Sending,
    Control::Undo,
    Control::Fixes,
    Control::Screens,
    Control::NavCompose,
    Control::NavOutbox,
    Control::NavSent,
    Control::NavAccounts,
    Control::NavSettings,
    Control::Attach,
    Control::SendLater,
    Control::Preview,
    Control::Drafts,
    Control::Discard,
    Control::DiscardQuestion,
    Control::DiscardYes,
    Control::KeepDraft,
    Control::Attachments,
    Control::Later,
    Control::SendAt,
    Control::Schedule,
    Control::OutboxRows,
];

/// The sidebar's items, in the order shown.
const NAV: [(Control, Screen); 5] = [
    (Control::NavCompose, Screen::Compose),
    (Control::NavOutbox, Screen::Outbox),
    (Control::NavSent, Screen::Sent),
    (Control::NavAccounts, Screen::Accounts),
    (Control::NavSettings, Screen::Settings),
];

/// The widget id of a sidebar item (given by `App::sidebar`).
pub fn nav_widget(screen: Screen) -> &'static str {
    match screen {
        Screen::Compose => "nav-compose",
        Screen::Outbox => "nav-outbox",
        Screen::Sent => "nav-sent",
        Screen::Accounts | Screen::AccountForm => "nav-accounts",
        Screen::Settings => "nav-settings",
    }
}

/// Node ids per Outbox row below [`Control::OutboxRows`]: the row, its
/// buttons, the question "Cancel sending" asks and its two answers.
pub const ROW: usize = 16;

/// A node of an Outbox row, by its offset in the row's block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowPart {
    Row,
    /// Button number `.0` of `outbox::row_actions`.
    Action(usize),
    Question,
    Yes,
    No,
}

impl RowPart {
    fn offset(self) -> usize {
        match self {
            RowPart::Row => 0,
            RowPart::Action(i) => 1 + i.min(ROW - 5),
            RowPart::Question => ROW - 3,
            RowPart::Yes => ROW - 2,
            RowPart::No => ROW - 1,
        }
    }

    fn of(offset: usize) -> RowPart {
        match offset {
            0 => RowPart::Row,
            o if o == ROW - 3 => RowPart::Question,
            o if o == ROW - 2 => RowPart::Yes,
            o if o == ROW - 1 => RowPart::No,
            o => RowPart::Action(o - 1),
        }
    }

    /// The node of this part of Outbox row `row`.
    pub fn id(self, row: usize) -> NodeId {
        Control::OutboxRows.child(row * ROW + self.offset())
    }
}

/// Nodes below a control (a field's lines of text, the notices) are
/// numbered from here, a block of ids per control.
const BLOCK: u64 = 1 << 32;

impl Control {
    pub fn id(self) -> NodeId {
        NodeId(CONTROLS.iter().position(|c| *c == self).unwrap_or(0) as u64)
    }

    fn of(id: NodeId) -> Option<Control> {
        CONTROLS.get(usize::try_from(id.0).ok()?).copied()
    }

    /// A node below a control: the control and the child's index.
    fn below(id: NodeId) -> Option<(Control, usize)> {
        let control = Control::of(NodeId((id.0 / BLOCK).checked_sub(1)?))?;
        Some((control, usize::try_from(id.0 % BLOCK).ok()?))
    }

    /// The nodes under this control: child `index` (0-based).
    pub fn child(self, index: usize) -> NodeId {
        NodeId((self.id().0 + 1) * BLOCK + index as u64)
    }

    /// The widget id the view gives the field or button (for focus).
    fn widget(self) -> Option<&'static str> {
        Some(match self {
            Control::To => "to",
            Control::Cc => "cc",
            Control::Bcc => "bcc",
            Control::Subject => "subject",
            Control::Body => "body",
            Control::Send => "send",
            Control::ShowCc => "show-cc",
            Control::SendLater => "send-later",
            Control::Attach => "attach",
            Control::Preview => "preview-toggle",
            Control::Drafts => "drafts",
            Control::Discard => "discard",
            Control::DiscardYes => "discard-yes",
            Control::KeepDraft => "keep-draft",
            Control::Undo => "undo",
            _ => {
                return NAV
                    .iter()
                    .find(|(c, _)| *c == self)
                    .map(|(_, screen)| nav_widget(*screen));
            }
        })
    }

    fn address_field(self) -> Option<AddressField> {
        Some(match self {
            Control::To => AddressField::To,
            Control::Cc => AddressField::Cc,
            Control::Bcc => AddressField::Bcc,
            _ => return None,
        })
    }
}

/// The widget id of an Outbox row's button or answer (given by
/// `outbox::view_outbox`).
pub fn row_widget(row: usize, part: RowPart) -> String {
    format!("outbox-{row}-{}", part.offset())
}

/// The widget id of an attachment's Open (or Remove) button.
pub fn attachment_widget(index: usize, remove: bool) -> String {
    format!(
        "attachment-{index}-{}",
        if remove { "remove" } else { "open" }
    )
}

/// Every widget id on screen that is a node of the tree, with its node.
fn widgets(app: &App) -> HashMap<iced::widget::Id, NodeId> {
    let mut ids: HashMap<iced::widget::Id, NodeId> = CONTROLS
        .into_iter()
        .filter_map(|c| Some((iced::widget::Id::new(c.widget()?), c.id())))
        .collect();
    match app.screen {
        Screen::Compose => {
            for index in 0..app.compose.attachments.len() {
                for (remove, child) in [(false, 3 * index + 1), (true, 3 * index + 2)] {
                    ids.insert(
                        attachment_widget(index, remove).into(),
                        Control::Attachments.child(child),
                    );
                }
            }
        }
        Screen::Outbox => {
            for (row, entry) in app.outbox.iter().enumerate() {
                let actions = crate::ui::outbox::row_actions(entry).len().min(ROW - 4);
                for part in (0..actions)
                    .map(RowPart::Action)
                    .chain([RowPart::Yes, RowPart::No])
                {
                    ids.insert(row_widget(row, part).into(), part.id(row));
                }
            }
        }
        _ => {}
    }
    ids
}

/// What iced knows and `App` does not: where the fields and buttons are
/// and which has the keyboard, read from the widgets after an update (see
/// [`query`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// The node with the keyboard; None: none of ours (or nothing).
    pub focused: Option<NodeId>,
    /// The places in the window of the nodes that are widgets with an
    /// id, in logical pixels.
    pub bounds: Vec<(NodeId, accesskit::Rect)>,
}

/// Reads the [`Layout`] from the widget tree: every focusable widget
/// reports its id, bounds and focus (see `widget::focus`, `widget::editor`).
struct ReadLayout {
    widgets: HashMap<iced::widget::Id, NodeId>,
    layout: Layout,
}

impl iced::advanced::widget::Operation<Layout> for ReadLayout {
    fn traverse(
        &mut self,
        operate: &mut dyn FnMut(&mut dyn iced::advanced::widget::Operation<Layout>),
    ) {
        operate(self);
    }

    fn focusable(
        &mut self,
        id: Option<&iced::widget::Id>,
        bounds: iced::Rectangle,
        state: &mut dyn iced::advanced::widget::operation::Focusable,
    ) {
        let node = id.and_then(|id| self.widgets.get(id).copied());
        if state.is_focused() {
            self.layout.focused = node;
        }
        if let Some(node) = node {
            let rect = accesskit::Rect::new(
                f64::from(bounds.x),
                f64::from(bounds.y),
                f64::from(bounds.x + bounds.width),
                f64::from(bounds.y + bounds.height),
            );
            self.layout.bounds.push((node, rect));
        }
    }

    fn finish(&self) -> iced::advanced::widget::operation::Outcome<Layout> {
        iced::advanced::widget::operation::Outcome::Some(self.layout.clone())
    }
}

/// After an update, while a screen reader listens: the layout, as a message
/// when it differs from what `app` has (so the answer ends the round).
pub fn query(app: &App) -> iced::Task<Message> {
    if !is_active() {
        return iced::Task::none();
    }
    let known = app.a11y.clone();
    let read = ReadLayout {
        widgets: widgets(app),
        layout: Layout::default(),
    };
    iced::advanced::widget::operate(read).then(move |layout| {
        if layout == known {
            iced::Task::none()
        } else {
            iced::Task::done(Message::Accessibility(Request::Layout(layout)))
        }
    })
}

/// What the screen reader asked of the window.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// A screen reader started listening: the tree is sent after this update.
    Activated,
    /// The window gained (true) or lost the keyboard.
    WindowFocus(bool),
    /// The widgets' places and focus after an update.
    Layout(Layout),
    /// The window changed size: the places are read again.
    Resized,
    Click(Control),
    /// The "Use …" button number `.0` (in the order of [`fixes`]).
    Fix(usize),
    /// Click on node `.1` below a list: an attachment's Open or Remove, a
    /// Send later preset, an Outbox row's button (see [`RowPart`]).
    Item(Control, usize),
    Focus(Control),
    /// Focus on a node below a list (an Outbox row's button, an
    /// attachment's).
    FocusItem(NodeId),
    SetValue(Control, String),
}

impl Request {
    /// An AccessKit action on one of our nodes; None for what the slice
    /// does not offer.
    pub fn from_action(request: &ActionRequest) -> Option<Request> {
        match Control::below(request.target_node) {
            Some((Control::Fixes, index)) => {
                return (request.action == Action::Click).then_some(Request::Fix(index));
            }
            Some((list @ (Control::Attachments | Control::Later | Control::OutboxRows), index)) => {
                return match request.action {
                    Action::Click => Some(Request::Item(list, index)),
                    Action::Focus => Some(Request::FocusItem(request.target_node)),
                    _ => None,
                };
            }
            _ => {}
        }
        let control = Control::of(request.target_node)?;
        match (request.action, &request.data) {
            (Action::Click, _) => Some(Request::Click(control)),
            (Action::Focus, _) => Some(Request::Focus(control)),
            (Action::SetValue, Some(ActionData::Value(value))) => {
                Some(Request::SetValue(control, value.to_string()))
            }
            _ => None,
        }
    }
}

/// The whole tree as the window is now, sent whole each time (AccessKit
/// announces only what changed): a dozen nodes and one per line of text.
pub fn tree(app: &App) -> TreeUpdate {
    let mut nodes = Vec::new();
    let mut window = Node::new(Role::Window);
    window.set_label(plain(&app.title()));
    // Orca picks the voice by the language.
    window.set_language(crate::i18n::current_language());
    let mut children = vec![Control::Screens.id()];
    sidebar_nodes(app, &mut nodes);
    match app.screen {
        Screen::Compose => compose_nodes(app, &mut children, &mut nodes),
        Screen::Outbox => {
            children.push(Control::OutboxRows.id());
            outbox_nodes(app, &mut nodes);
        }
        _ => {}
    }
    if app.undo.is_some() {
        // Said once: the countdown on screen ticks, the announcement does not.
        let mut sending = Node::new(Role::Status);
        sending.set_label(plain(&fl!(
            "a11y-sending-in",
            seconds = app.config.settings.undo_delay_secs
        )));
        sending.set_live(Live::Polite);
        let mut undo = Node::new(Role::Button);
        undo.set_label(fl!("ui-undo"));
        undo.add_action(Action::Click);
        children.extend([Control::Sending.id(), Control::Undo.id()]);
        nodes.extend([(Control::Sending.id(), sending), (Control::Undo.id(), undo)]);
    }
    if !app.notices.items.is_empty() {
        children.push(Control::Notices.id());
        notice_nodes(app, &mut nodes);
    }
    window.set_children(children);
    nodes.push((Control::Window.id(), window));
    let bounds: HashMap<NodeId, accesskit::Rect> = app.a11y.bounds.iter().copied().collect();
    for (id, node) in &mut nodes {
        if let Some(rect) = bounds.get(id) {
            node.set_bounds(*rect);
        }
        // A widget with an id can be given the keyboard (GrabFocus); the
        // rows' and attachments' buttons are marked as they are made.
        if Control::of(*id).is_some_and(|c| c.widget().is_some()) && !node.is_disabled() {
            node.add_action(Action::Focus);
        }
    }
    let present: Vec<NodeId> = nodes.iter().map(|(id, _)| *id).collect();
    TreeUpdate {
        nodes,
        tree: Some(TreeInfo {
            root: Control::Window.id(),
            toolkit_name: Some("Hudhud".into()),
            toolkit_version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        tree_id: TreeId::ROOT,
        focus: app
            .a11y
            .focused
            .filter(|node| present.contains(node))
            .unwrap_or(Control::Window.id()),
    }
}

fn compose_nodes(app: &App, children: &mut Vec<NodeId>, nodes: &mut Vec<(NodeId, Node)>) {
    let c = &app.compose;
    let mut add = |control: Control, node: Node, nodes: &mut Vec<(NodeId, Node)>| {
        children.push(control.id());
        nodes.push((control.id(), node));
    };

    let mut from = Node::new(Role::ComboBox);
    from.set_label(fl!("field-from"));
    let choices = AccountChoice::all(&app.config.accounts);
    if let Some(choice) = choices.iter().find(|choice| {
        Some(&choice.name) == c.from.as_ref()
            && match (&choice.identity, &c.identity) {
                // As the picker matches: addresses ignore case.
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (a, b) => a == b,
            }
    }) {
        from.set_value(plain(&choice.label));
    }
    from.add_action(Action::SetValue);
    add(Control::From, from, nodes);

    let mut address = |control: Control, label: String, value: &Recipients, nodes: &mut _| {
        let text = value.addresses().join(", ");
        let mut node = text_field(control, Role::TextInput, label, &text, nodes);
        if !value.problems().is_empty() {
            node.set_invalid(accesskit::Invalid::True);
        }
        // What the screen says under the field, read after its value.
        let said = problems(c, value);
        if !said.is_empty() {
            node.set_description(plain(&said.join(" ")));
        }
        add(control, node, nodes);
    };
    address(Control::To, fl!("field-to"), &c.to, nodes);
    if c.show_cc {
        address(Control::Cc, fl!("field-cc"), &c.cc, nodes);
        address(Control::Bcc, fl!("field-bcc"), &c.bcc, nodes);
    } else {
        add(Control::ShowCc, button(fl!("ui-cc-bcc"), true), nodes);
    }
    let fixes = fixes(c);
    if !fixes.is_empty() {
        let mut group = Node::new(Role::Group);
        let mut buttons = Vec::new();
        for (index, (_, better)) in fixes.iter().enumerate() {
            let mut button = Node::new(Role::Button);
            button.set_label(plain(&fl!("recipient-fix", suggestion = better.clone())));
            button.add_action(Action::Click);
            buttons.push(Control::Fixes.child(index));
            nodes.push((Control::Fixes.child(index), button));
        }
        group.set_children(buttons);
        add(Control::Fixes, group, nodes);
    }
    let subject = text_field(
        Control::Subject,
        Role::TextInput,
        fl!("ui-subject"),
        &c.subject,
        nodes,
    );
    add(Control::Subject, subject, nodes);
    if !(c.preview || c.shelf_open || c.chooser.is_some()) {
        let mut body = text_field(
            Control::Body,
            Role::MultilineTextInput,
            fl!("a11y-body"),
            &c.body,
            nodes,
        );
        body.set_placeholder(fl!("ui-body-placeholder"));
        add(Control::Body, body, nodes);
    }

    if !c.attachments.is_empty() {
        let mut list = Node::new(Role::List);
        list.set_label(fl!("a11y-attachments"));
        let mut items = Vec::new();
        for (index, attachment) in c.attachments.iter().enumerate() {
            let name = attachment
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut item = Node::new(Role::ListItem);
            item.set_label(name);
            item.set_description(crate::compose::human_size(attachment.size));
            let open = Control::Attachments.child(3 * index + 1);
            let remove = Control::Attachments.child(3 * index + 2);
            item.set_children(vec![open, remove]);
            nodes.push((open, focusable(button(fl!("ui-attachment-open"), true))));
            nodes.push((remove, focusable(button(fl!("ui-attachment-remove"), true))));
            items.push(Control::Attachments.child(3 * index));
            nodes.push((Control::Attachments.child(3 * index), item));
        }
        list.set_children(items);
        if let Some((total, _)) = c.attachments_total() {
            list.set_description(plain(&total));
        }
        add(Control::Attachments, list, nodes);
    }

    if !c.warnings.is_empty() {
        // Asked after Send; the message waits for one of the two answers.
        let mut warnings = Node::new(Role::Alert);
        warnings.set_label(plain(&c.warnings.join(" ")));
        warnings.set_live(Live::Assertive);
        add(Control::Warnings, warnings, nodes);
        for (control, label) in [
            (Control::SendAnyway, fl!("ui-send-anyway")),
            (Control::BackToEditing, fl!("ui-back-to-editing")),
        ] {
            add(control, button(label, true), nodes);
        }
    }

    if c.show_later {
        let mut group = Node::new(Role::Group);
        group.set_label(plain(&fl!("ui-send-later")));
        let mut presets = Vec::new();
        for (index, (preset, at)) in crate::ui::later::presets(&(c.clock)())
            .into_iter()
            .enumerate()
        {
            let label = crate::ui::later::label(preset, at.with_timezone(&chrono::Utc));
            presets.push(Control::Later.child(index));
            nodes.push((Control::Later.child(index), button(plain(&label), true)));
        }
        group.set_children(presets);
        add(Control::Later, group, nodes);
        let mut at = text_field(
            Control::SendAt,
            Role::TextInput,
            fl!("ui-send-at"),
            &c.send_at,
            nodes,
        );
        at.set_placeholder("YYYY-MM-DD HH:MM");
        if let Some(error) = &c.send_at_error {
            at.set_invalid(accesskit::Invalid::True);
            at.set_description(plain(error));
        }
        add(Control::SendAt, at, nodes);
        add(
            Control::Schedule,
            button(fl!("ui-schedule"), c.can_send()),
            nodes,
        );
    }

    // The row of buttons under the form, as on screen. Send is pressed
    // only when the message could go.
    add(Control::Send, button(fl!("ui-send"), c.can_send()), nodes);
    add(
        Control::SendLater,
        toggle(button(plain(&fl!("ui-send-later")), true), c.show_later),
        nodes,
    );
    add(
        Control::Attach,
        button(plain(&fl!("ui-attach")), true),
        nodes,
    );
    let preview = if c.preview {
        fl!("ui-preview-edit")
    } else {
        fl!("ui-preview")
    };
    add(
        Control::Preview,
        toggle(button(preview, true), c.preview),
        nodes,
    );
    add(
        Control::Drafts,
        toggle(button(fl!("ui-drafts"), true), c.shelf_open),
        nodes,
    );
    add(Control::Discard, button(fl!("ui-discard"), true), nodes);
    if c.confirm_discard {
        let mut question = Node::new(Role::Alert);
        question.set_label(plain(&fl!("ui-discard-confirm")));
        question.set_live(Live::Assertive);
        add(Control::DiscardQuestion, question, nodes);
        add(Control::DiscardYes, button(fl!("ui-discard"), true), nodes);
        add(
            Control::KeepDraft,
            button(fl!("ui-keep-draft"), true),
            nodes,
        );
    }
}

/// A push button: pressed by Click while enabled, disabled (without
/// actions) as the screen shows it otherwise. (Focus is added by `tree`
/// to what is a widget with an id.)
fn button(label: String, enabled: bool) -> Node {
    let mut node = Node::new(Role::Button);
    node.set_label(label);
    if enabled {
        node.add_action(Action::Click);
    } else {
        node.set_disabled();
    }
    node
}

/// A button that is a widget with an id (`widgets`): the keyboard can be
/// sent there.
fn focusable(mut node: Node) -> Node {
    node.add_action(Action::Focus);
    node
}

/// A button that stays pressed while what it shows is open (Preview,
/// Drafts, Send later): AT-SPI's toggle button, "pressed" or not.
fn toggle(mut node: Node, on: bool) -> Node {
    node.set_toggled(if on {
        accesskit::Toggled::True
    } else {
        accesskit::Toggled::False
    });
    node
}

/// The sidebar: a tab per screen, the one shown selected; the Outbox's
/// tab says what its badges and the line under the sidebar say.
fn sidebar_nodes(app: &App, nodes: &mut Vec<(NodeId, Node)>) {
    let mut list = Node::new(Role::TabList);
    list.set_label(fl!("a11y-screens"));
    list.set_orientation(accesskit::Orientation::Vertical);
    let mut tabs = Vec::new();
    for (control, screen) in NAV {
        let label = match screen {
            Screen::Compose => fl!("ui-nav-compose"),
            Screen::Outbox => fl!("ui-nav-outbox"),
            Screen::Sent => fl!("ui-nav-sent"),
            Screen::Accounts | Screen::AccountForm => fl!("ui-nav-accounts"),
            Screen::Settings => fl!("ui-nav-settings"),
        };
        let mut tab = Node::new(Role::Tab);
        tab.set_label(label);
        tab.set_selected(app.screen == screen);
        tab.add_action(Action::Click);
        if screen == Screen::Outbox {
            // As `App::sidebar` counts them.
            let failed = app
                .outbox
                .iter()
                .filter(|e| e.state == crate::outbox::State::Failed)
                .count();
            let waiting = app.outbox.len() - failed;
            let mut said = Vec::new();
            if waiting > 0 {
                said.push(fl!("ui-waiting-count", count = waiting));
            }
            if failed > 0 {
                said.push(fl!("ui-failed-count", count = failed));
            }
            if !said.is_empty() {
                tab.set_description(plain(&said.join(". ")));
            }
        }
        tabs.push(control.id());
        nodes.push((control.id(), tab));
    }
    list.set_children(tabs);
    nodes.push((Control::Screens.id(), list));
}

/// The Outbox: a list item per message, named by its subject and
/// recipients, its state and what happens next as its description, its
/// buttons below it (the same as `outbox::view_outbox` draws).
fn outbox_nodes(app: &App, nodes: &mut Vec<(NodeId, Node)>) {
    let mut list = Node::new(Role::List);
    list.set_label(fl!("ui-outbox-title"));
    if app.outbox.is_empty() {
        list.set_description(plain(&fl!("ui-outbox-empty")));
    }
    let mut rows = Vec::new();
    for (index, entry) in app.outbox.iter().enumerate() {
        let mut row = Node::new(Role::ListItem);
        row.set_label(plain(&fl!(
            "a11y-outbox-row",
            subject = entry.subject.clone(),
            recipients = fl!(
                "ui-recipients-list",
                recipients = entry.envelope_to.join(", ")
            )
        )));
        let mut said = vec![entry.state_label()];
        let waiting = matches!(
            entry.state,
            crate::outbox::State::Queued
                | crate::outbox::State::Deferred
                | crate::outbox::State::Sending
        );
        if waiting && app.background.contains(&entry.account) {
            said.push(fl!("ui-sending-in-background"));
        } else if let Some(next) = crate::ui::outbox::next_try(entry, app.now) {
            said.push(next);
        }
        if let Some(error) = &entry.last_error {
            said.push(error.to_string());
        }
        if entry.attempts > 0 {
            said.push(fl!("ui-attempts", count = entry.attempts));
        }
        row.set_description(plain(&said.join(". ")));
        let mut parts = Vec::new();
        for (action, (label, _)) in crate::ui::outbox::row_actions(entry)
            .into_iter()
            .enumerate()
            .take(ROW - 4)
        {
            let id = RowPart::Action(action).id(index);
            parts.push(id);
            nodes.push((id, focusable(button(label, true))));
        }
        if app.confirm_cancel.as_deref() == Some(entry.id.as_str()) {
            let mut question = Node::new(Role::Alert);
            question.set_label(plain(&fl!("ui-cancel-confirm")));
            question.set_live(Live::Assertive);
            for (part, node) in [
                (RowPart::Question, question),
                (RowPart::Yes, focusable(button(fl!("ui-cancel-yes"), true))),
                (RowPart::No, focusable(button(fl!("ui-keep-message"), true))),
            ] {
                parts.push(part.id(index));
                nodes.push((part.id(index), node));
            }
        }
        row.set_children(parts);
        rows.push(RowPart::Row.id(index));
        nodes.push((RowPart::Row.id(index), row));
    }
    list.set_children(rows);
    nodes.push((Control::OutboxRows.id(), list));
}

/// The address problems and recipient warnings the screen shows under an
/// address field, in its words.
fn problems(c: &compose::Compose, value: &Recipients) -> Vec<String> {
    let mut said: Vec<String> = value
        .problems()
        .into_iter()
        .map(|(address, problem)| {
            fl!(
                "ui-address-problem",
                address = address,
                reason = problem.describe()
            )
        })
        .collect();
    let here = value.addresses();
    for check in c
        .recipient_checks
        .iter()
        .filter(|c| here.contains(&c.address))
    {
        if let Some(warning) = check.warning() {
            let address = crate::compose::parse_mailbox(&check.address)
                .map(|m| m.email.to_string())
                .unwrap_or_else(|_| check.address.clone());
            said.push(fl!(
                "recipient-warning",
                address = address,
                warning = warning
            ));
        }
    }
    said
}

/// The "Use …" offers by recipient warnings: (address, suggestion), To's
/// first, as the screen lists them.
fn fixes(c: &compose::Compose) -> Vec<(String, String)> {
    let mut fields = vec![&c.to];
    if c.show_cc {
        fields.extend([&c.cc, &c.bcc]);
    }
    let mut offers = Vec::new();
    for field in fields {
        let here = field.addresses();
        for check in c
            .recipient_checks
            .iter()
            .filter(|c| here.contains(&c.address))
        {
            if let (Some(_), Some(better)) = (check.warning(), &check.suggestion) {
                offers.push((check.address.clone(), better.clone()));
            }
        }
    }
    offers
}

/// A text field with its text as lines (AccessKit's text runs), which is
/// what makes AT-SPI's Text and EditableText interfaces read and set it.
fn text_field(
    control: Control,
    role: Role,
    label: String,
    text: &str,
    nodes: &mut Vec<(NodeId, Node)>,
) -> Node {
    let mut node = Node::new(role);
    node.set_label(label);
    node.set_value(text);
    node.add_action(Action::SetValue);
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.is_empty() {
        lines.push("");
    }
    let mut runs = Vec::new();
    for (index, line) in lines.into_iter().enumerate() {
        let mut run = Node::new(Role::TextRun);
        run.set_value(line);
        run.set_character_lengths(character_lengths(line));
        runs.push(control.child(index));
        nodes.push((control.child(index), run));
    }
    node.set_children(runs);
    node
}

/// The UTF-8 length of each character as a reader moves over it (a
/// grapheme: a letter with its marks). A cluster longer than AccessKit's
/// 255 bytes is counted by its code points.
fn character_lengths(line: &str) -> Vec<u8> {
    let mut lengths = Vec::new();
    for grapheme in line.graphemes(true) {
        match u8::try_from(grapheme.len()) {
            Ok(length) => lengths.push(length),
            Err(_) => lengths.extend(grapheme.chars().map(|ch| ch.len_utf8() as u8)),
        }
    }
    lengths
}

/// Text made for the screen without the direction marks and isolates that
/// lay it out (`fl!` and `chips::in_ui_direction` add them): a braille
/// display would show them as characters.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// The toasts and banners: a failure is read at once (assertive), the rest
/// when the reader is done speaking (polite).
fn notice_nodes(app: &App, nodes: &mut Vec<(NodeId, Node)>) {
    let mut region = Node::new(Role::Group);
    region.set_label(fl!("a11y-notices"));
    let mut children = Vec::new();
    for (index, notice) in app.notices.items.iter().enumerate() {
        let failure = notice.tone == Tone::Danger;
        let mut node = Node::new(if failure { Role::Alert } else { Role::Status });
        node.set_label(plain(&notice.text.get()));
        node.set_live(if failure {
            Live::Assertive
        } else {
            Live::Polite
        });
        children.push(Control::Notices.child(index));
        nodes.push((Control::Notices.child(index), node));
    }
    region.set_children(children);
    nodes.push((Control::Notices.id(), region));
}

/// Carries out a screen reader's request with the messages the screen
/// already has, as if the user had clicked or typed.
pub fn act(app: &mut App, request: Request) -> Vec<Effect> {
    // What the compose screen offers is pressed only while it is shown.
    let on_compose = app.screen == Screen::Compose;
    let compose = |m: compose::Message| {
        if on_compose {
            vec![Message::Compose(m)]
        } else {
            Vec::new()
        }
    };
    let messages = match request {
        Request::Resized => Vec::new(),
        Request::Activated => {
            set_active(true);
            Vec::new()
        }
        Request::Layout(layout) => {
            app.a11y = layout;
            Vec::new()
        }
        Request::WindowFocus(focused) => {
            set_window_focus(focused);
            Vec::new()
        }
        Request::Click(Control::Undo) => return app.update(Message::Undo),
        Request::Click(Control::Send) => compose(compose::Message::Send),
        Request::Click(Control::ShowCc) => compose(compose::Message::ShowCc),
        Request::Click(Control::SendAnyway) => compose(compose::Message::SendAnyway),
        Request::Click(Control::BackToEditing) => compose(compose::Message::BackToEditing),
        Request::Click(Control::Attach) => compose(compose::Message::Attach),
        Request::Click(Control::SendLater) => compose(compose::Message::ToggleLater),
        Request::Click(Control::Preview) => compose(compose::Message::TogglePreview),
        Request::Click(Control::Drafts) => compose(compose::Message::ToggleShelf),
        // The first press asks, the second (the question's) discards.
        Request::Click(Control::Discard) => compose(compose::Message::Discard),
        Request::Click(Control::DiscardYes) if app.compose.confirm_discard => {
            compose(compose::Message::Discard)
        }
        Request::Click(Control::KeepDraft) => compose(compose::Message::KeepDraft),
        Request::Click(Control::Schedule) if app.compose.can_send() => {
            compose(compose::Message::SendLater)
        }
        Request::Click(control) => NAV
            .iter()
            .find(|(c, _)| *c == control)
            .map(|(_, screen)| vec![Message::Go(*screen)])
            .unwrap_or_default(),
        Request::Item(Control::Attachments, index) => match index % 3 {
            1 => compose(compose::Message::OpenAttachment(index / 3)),
            2 => compose(compose::Message::RemoveAttachment(index / 3)),
            _ => Vec::new(),
        },
        Request::Item(Control::Later, index) => crate::ui::later::presets(&(app.compose.clock)())
            .into_iter()
            .nth(index)
            .map(|(_, at)| compose(compose::Message::LaterAt(at.with_timezone(&chrono::Utc))))
            .unwrap_or_default(),
        Request::Item(Control::OutboxRows, index) => outbox_click(app, index),
        Request::Item(..) => Vec::new(),
        Request::Fix(index) => fixes(&app.compose)
            .into_iter()
            .nth(index)
            .map(|(address, with)| compose(compose::Message::FixRecipient { address, with }))
            .unwrap_or_default(),
        Request::Focus(control) => {
            return control
                .widget()
                .map(|id| Effect::FocusField(iced::widget::Id::new(id)))
                .into_iter()
                .collect();
        }
        Request::FocusItem(node) => {
            return widgets(app)
                .into_iter()
                .find(|(_, n)| *n == node)
                .map(|(id, _)| Effect::FocusField(id))
                .into_iter()
                .collect();
        }
        Request::SetValue(Control::From, value) => AccountChoice::all(&app.config.accounts)
            .into_iter()
            .find(|choice| plain(&choice.label) == value || choice.name == value)
            .map(|choice| compose(compose::Message::From(choice)))
            .unwrap_or_default(),
        Request::SetValue(Control::Subject, value) => compose(compose::Message::Subject(value)),
        Request::SetValue(Control::Body, value) => compose(compose::Message::Body(value)),
        Request::SetValue(Control::SendAt, value) => compose(compose::Message::SendAt(value)),
        Request::SetValue(control, value) => match control.address_field() {
            // The whole field is replaced: its chips go, the value is pasted
            // (every address in it becomes a chip).
            Some(field) if on_compose => {
                let chips = match field {
                    AddressField::To => app.compose.to.chips.len(),
                    AddressField::Cc => app.compose.cc.chips.len(),
                    AddressField::Bcc => app.compose.bcc.chips.len(),
                };
                let edit = |e| Message::Compose(compose::Message::Recipients(field, e));
                use crate::ui::chips::Edit;
                (0..chips)
                    .map(|_| edit(Edit::Remove(0)))
                    .chain([edit(Edit::Typed(String::new())), edit(Edit::Pasted(value))])
                    .collect()
            }
            _ => Vec::new(),
        },
    };
    messages
        .into_iter()
        .flat_map(|message| app.update(message))
        .collect()
}

/// A press on node `index` below the Outbox's list: a row's button or an
/// answer to its question, for the message in that row now.
fn outbox_click(app: &App, index: usize) -> Vec<Message> {
    if app.screen != Screen::Outbox {
        return Vec::new();
    }
    let Some(entry) = app.outbox.get(index / ROW) else {
        return Vec::new();
    };
    let asked = app.confirm_cancel.as_deref() == Some(entry.id.as_str());
    let message = match RowPart::of(index % ROW) {
        RowPart::Action(action) => crate::ui::outbox::row_actions(entry)
            .into_iter()
            .nth(action)
            .map(|(_, message)| message),
        RowPart::Yes if asked => Some(crate::ui::outbox::Message::ConfirmCancel(Some(
            entry.id.clone(),
        ))),
        RowPart::No if asked => Some(crate::ui::outbox::Message::ConfirmCancel(None)),
        _ => None,
    };
    message.map(Message::List).into_iter().collect()
}

#[cfg(all(unix, not(target_os = "macos")))]
pub use platform::{is_active, publish, set_active, set_window_focus, subscription};

/// Elsewhere the window runs without a screen reader tree for now
/// (`accesskit_windows`/`accesskit_macos` take the same tree).
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn subscription() -> iced::Subscription<Message> {
    iced::Subscription::none()
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn publish(_app: &App) {}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn set_window_focus(_focused: bool) {}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn is_active() -> bool {
    false
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn set_active(_active: bool) {}

#[cfg(all(unix, not(target_os = "macos")))]
mod platform {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};

    use accesskit::TreeUpdate;
    use accesskit::{ActionHandler, ActionRequest, ActivationHandler, DeactivationHandler};
    use accesskit_unix::Adapter;
    use iced::Subscription;
    use iced::futures::{SinkExt, Stream};
    use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

    use super::{Request, tree};

    use crate::ui::app::{App, Message};

    /// The one window's adapter, once its subscription started it. Only
    /// the UI thread locks it; AccessKit's own thread talks to D-Bus.
    static ADAPTER: Mutex<Option<Adapter>> = Mutex::new(None);

    /// A screen reader listens: the layout is read after updates.
    static ACTIVE: AtomicBool = AtomicBool::new(false);

    pub fn is_active() -> bool {
        ACTIVE.load(Ordering::Relaxed)
    }

    pub fn set_active(active: bool) {
        ACTIVE.store(active, Ordering::Relaxed);
    }

    struct Activation(UnboundedSender<Request>);

    impl ActivationHandler for Activation {
        /// Asked on AccessKit's thread, which has no `App`: the tree is
        /// sent by the update this request causes.
        fn request_initial_tree(&mut self) -> Option<TreeUpdate> {
            let _ = self.0.send(Request::Activated);
            None
        }
    }

    struct Actions(UnboundedSender<Request>);

    impl ActionHandler for Actions {
        fn do_action(&mut self, request: ActionRequest) {
            if let Some(request) = Request::from_action(&request) {
                let _ = self.0.send(request);
            }
        }
    }

    struct Deactivation;

    impl DeactivationHandler for Deactivation {
        fn deactivate_accessibility(&mut self) {
            set_active(false);
        }
    }

    /// Starts the adapter with the window and turns the screen reader's
    /// requests into messages. AccessKit connects to the buses on a thread
    /// of its own: without a session or accessibility bus nothing happens
    /// and the window never waits.
    pub fn subscription() -> Subscription<Message> {
        Subscription::batch([
            Subscription::run(requests),
            iced::event::listen_with(|event, _, _| match event {
                iced::Event::Window(iced::window::Event::Focused) => {
                    Some(Message::Accessibility(Request::WindowFocus(true)))
                }
                iced::Event::Window(iced::window::Event::Unfocused) => {
                    Some(Message::Accessibility(Request::WindowFocus(false)))
                }
                iced::Event::Window(iced::window::Event::Resized(_)) if is_active() => {
                    Some(Message::Accessibility(Request::Resized))
                }
                _ => None,
            }),
        ])
    }

    fn requests() -> impl Stream<Item = Message> {
        iced::stream::channel(16, async |mut output| {
            let (tx, mut rx) = unbounded_channel();
            let adapter = Adapter::new(Activation(tx.clone()), Actions(tx), Deactivation);
            if let Ok(mut slot) = ADAPTER.lock() {
                *slot = Some(adapter);
            }
            while let Some(request) = rx.recv().await {
                if output.send(Message::Accessibility(request)).await.is_err() {
                    break;
                }
            }
        })
    }

    /// After each update: the tree, when a screen reader listens (nothing
    /// is computed otherwise).
    pub fn publish(app: &App) {
        if let Ok(mut slot) = ADAPTER.lock()
            && let Some(adapter) = slot.as_mut()
        {
            adapter.update_if_active(|| tree(app));
        }
    }

    /// Orca reads the focused field of the active window only.
    pub fn set_window_focus(focused: bool) {
        if let Ok(mut slot) = ADAPTER.lock()
            && let Some(adapter) = slot.as_mut()
        {
            adapter.update_window_focus_state(focused);
        }
    }
}
