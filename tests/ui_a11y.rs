//! What a screen reader gets of the window (src/ui/a11y.rs).
//!
//! The tree as a function of the state, in English and Arabic; then the
//! real binary under Xvfb on a private AT-SPI bus, walked as Orca walks it
//! (registry → application → window → controls), filled in and sent
//! through AT-SPI alone; and the window with no D-Bus at all, which must
//! open and send as before. The AT-SPI test needs Xvfb, dbus-daemon and
//! at-spi2-core's bus launcher; `HUDHUD_REQUIRE_XVFB=1` (set by CI) turns
//! their absence into a failure.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use accesskit::{Action, Live, NodeId, Role, TreeUpdate};
use hudhud::outbox::{Entry, Folder, Spool};
use hudhud::ui::a11y::{self, Control};
use hudhud::ui::app::Message;
use hudhud::ui::compose::{self, AddressField};

mod support;
use support::window::{fixture, type_into};

const BUS_LAUNCHER: &str = "/usr/libexec/at-spi-bus-launcher";

fn node(tree: &TreeUpdate, control: Control) -> &accesskit::Node {
    tree.nodes
        .iter()
        .find(|(id, _)| *id == control.id())
        .map(|(_, node)| node)
        .unwrap_or_else(|| panic!("{control:?} is in the tree"))
}

fn has(tree: &TreeUpdate, control: Control) -> bool {
    tree.nodes.iter().any(|(id, _)| *id == control.id())
}

/// Every node reachable from the root, each once (the tree is whole).
fn reachable(tree: &TreeUpdate) -> usize {
    let nodes: HashMap<NodeId, &accesskit::Node> =
        tree.nodes.iter().map(|(i, n)| (*i, n)).collect();
    let mut stack = vec![tree.tree.as_ref().unwrap().root];
    let mut seen = 0;
    while let Some(id) = stack.pop() {
        seen += 1;
        stack.extend(nodes[&id].children());
    }
    seen
}

/// The language is the process's: a test that switches it holds this, so
/// the tests that read names do not run into each other's language.
static LANGUAGE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn language() -> std::sync::MutexGuard<'static, ()> {
    // A test that failed holding it leaves it poisoned; the next one
    // selects its language itself.
    LANGUAGE.lock().unwrap_or_else(|e| e.into_inner())
}

/// English, then Arabic.
#[test]
fn the_compose_tree_names_its_fields_and_follows_the_state() {
    let _language = language();
    hudhud::i18n::select(&["en".parse().unwrap()]);
    let mut f = fixture(5);
    f.interact(type_into("to", "omar@"));
    f.interact(type_into("subject", "Report"));
    let tree = a11y::tree(&f.app);
    assert_eq!(reachable(&tree), tree.nodes.len(), "no node is left out");
    assert_eq!(node(&tree, Control::Window).role(), Role::Window);
    assert_eq!(node(&tree, Control::Window).label(), Some("Hudhud"));
    let to = node(&tree, Control::To);
    assert_eq!((to.role(), to.label()), (Role::TextInput, Some("To")));
    assert_eq!(to.value(), Some("omar@"));
    assert!(to.invalid().is_some(), "the address is not valid yet");
    let send = node(&tree, Control::Send);
    assert_eq!((send.role(), send.label()), (Role::Button, Some("Send")));
    assert!(
        send.is_disabled(),
        "Send is disabled while an address is invalid"
    );
    assert!(!send.supports_action(Action::Click));
    let from = node(&tree, Control::From);
    assert_eq!((from.role(), from.label()), (Role::ComboBox, Some("From")));
    assert_eq!(from.value(), Some("Layla Haddad <layla@example.com>"));
    assert_eq!(node(&tree, Control::Subject).value(), Some("Report"));
    assert_eq!(node(&tree, Control::Body).role(), Role::MultilineTextInput);
    assert!(!has(&tree, Control::Cc), "Cc is hidden until asked for");
    assert_eq!(node(&tree, Control::ShowCc).label(), Some("Cc / Bcc"));

    // The address finished: Send can be pressed, by the screen reader too.
    f.apply([Message::Compose(compose::Message::Recipients(
        AddressField::To,
        hudhud::ui::chips::Edit::Pasted("omar@example.org".into()),
    ))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(
        node(&tree, Control::To).value(),
        Some("omar@example.org"),
        "the chip's address is the field's value"
    );
    let send = node(&tree, Control::Send);
    assert!(!send.is_disabled() && send.supports_action(Action::Click));

    // The field with the keyboard and the places, as read from the widgets.
    assert_eq!(tree.focus, Control::Window.id(), "nothing focused yet");
    let place = accesskit::Rect::new(120.0, 118.0, 980.0, 150.0);
    f.apply([Message::Accessibility(a11y::Request::Layout(
        a11y::Layout {
            focused: Some(Control::Subject.id()),
            bounds: vec![(Control::Subject.id(), place)],
        },
    ))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(tree.focus, Control::Subject.id());
    assert_eq!(node(&tree, Control::Subject).bounds(), Some(place));
    assert_eq!(node(&tree, Control::To).bounds(), None);

    // Focus asked for a field moves the keyboard there (a widget operation).
    assert_eq!(
        f.app.update(Message::Accessibility(a11y::Request::Focus(
            Control::Subject
        ))),
        [hudhud::ui::effect::Effect::FocusField(
            iced::widget::Id::new("subject")
        )]
    );

    // A screen reader sets the fields and presses Send: the message is queued.
    for (control, value) in [
        (Control::To, "Omar <omar@example.org>, huda@example.net"),
        (Control::Subject, "Quarterly report"),
        (Control::Body, "Hello Omar,\nthe figures are in.\n"),
    ] {
        f.apply([Message::Accessibility(a11y::Request::SetValue(
            control,
            value.into(),
        ))]);
    }
    let tree = a11y::tree(&f.app);
    assert_eq!(
        node(&tree, Control::To).value(),
        Some("Omar <omar@example.org>, huda@example.net"),
        "set, not appended"
    );
    assert_eq!(
        node(&tree, Control::Body).children().len(),
        2,
        "a run per line"
    );
    f.apply([Message::Accessibility(a11y::Request::Click(Control::Send))]);
    let queued = f.outbox();
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].subject, "Quarterly report");
    assert_eq!(
        queued[0].envelope_to,
        ["omar@example.org", "huda@example.net"]
    );
    // "Sending in 5 seconds" is said politely, and Undo can be pressed.
    let tree = a11y::tree(&f.app);
    let sending = node(&tree, Control::Sending);
    assert_eq!(sending.live(), Some(Live::Polite));
    assert_eq!(sending.label(), Some("Sending in 5 seconds"));
    // Undo is a widget with an id: the keyboard can be sent to it in time.
    assert!(node(&tree, Control::Undo).supports_action(Action::Focus));
    f.interact(|ui| {
        ui.find(iced_test::selector::id("undo"))
            .expect("Undo has its id on screen");
    });
    f.apply([Message::Accessibility(a11y::Request::Click(Control::Undo))]);
    assert!(f.outbox().is_empty(), "undone");
    // "Sending undone": a toast, in the polite live region.
    let tree = a11y::tree(&f.app);
    assert!(!has(&tree, Control::Undo));
    let notices = node(&tree, Control::Notices);
    let first = tree
        .nodes
        .iter()
        .find(|(id, _)| *id == notices.children()[0])
        .unwrap()
        .1
        .clone();
    assert_eq!(first.role(), Role::Status);
    assert_eq!(first.live(), Some(Live::Polite), "{first:?}");
    assert!(first.label().is_some_and(|l| !l.is_empty()));
    // A failure is read at once, its words without the marks that lay it out.
    f.app.notices.banner("The outbox could not be read.");
    let tree = a11y::tree(&f.app);
    let banner = tree
        .nodes
        .iter()
        .find(|(id, _)| node(&tree, Control::Notices).children().contains(id))
        .map(|(_, n)| n.clone())
        .unwrap();
    assert_eq!(banner.role(), Role::Alert);
    assert_eq!(banner.live(), Some(Live::Assertive));
    assert_eq!(banner.label(), Some("The outbox could not be read."));

    // A recipient warning is read with the field, and its "Use …" pressed.
    let mut f = fixture(5);
    f.interact(type_into("to", "omar@gmial.com"));
    f.app.compose.recipient_checks = vec![hudhud::recipients::Check {
        address: "omar@gmial.com".into(),
        domain: Some("gmial.com".into()),
        verdict: hudhud::recipients::Verdict::NoSuchDomain,
        suggestion: Some("omar@gmail.com".into()),
    }];
    let tree = a11y::tree(&f.app);
    let said = node(&tree, Control::To).description().unwrap_or_default();
    assert!(
        said.contains("omar@gmial.com") && said.contains("gmial.com"),
        "{said}"
    );
    let fixes = node(&tree, Control::Fixes).children().to_vec();
    let offer = tree.nodes.iter().find(|(id, _)| *id == fixes[0]).unwrap();
    assert_eq!(offer.1.label(), Some("Use omar@gmail.com"));
    let click = accesskit::ActionRequest {
        action: Action::Click,
        target_tree: accesskit::TreeId::ROOT,
        target_node: fixes[0],
        data: None,
    };
    assert_eq!(
        a11y::Request::from_action(&click),
        Some(a11y::Request::Fix(0))
    );
    f.apply([Message::Accessibility(a11y::Request::Fix(0))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(node(&tree, Control::To).value(), Some("omar@gmail.com"));
    assert!(!has(&tree, Control::Fixes));

    // In Arabic the names are the Arabic labels the screen shows.
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    let mut f = fixture(5);
    f.interact(type_into("to", "omar@"));
    let tree = a11y::tree(&f.app);
    assert_eq!(node(&tree, Control::Window).label(), Some("هدهد"));
    assert_eq!(node(&tree, Control::Window).language(), Some("ar"));
    assert_eq!(node(&tree, Control::From).label(), Some("من"));
    assert_eq!(node(&tree, Control::To).label(), Some("إلى"));
    assert_eq!(node(&tree, Control::Subject).label(), Some("الموضوع"));
    assert_eq!(node(&tree, Control::Body).label(), Some("نص الرسالة"));
    assert_eq!(node(&tree, Control::Send).label(), Some("إرسال"));
    assert!(node(&tree, Control::Send).is_disabled());
    hudhud::i18n::select(&["en".parse().unwrap()]);
}

fn node_at(tree: &TreeUpdate, id: NodeId) -> &accesskit::Node {
    tree.nodes
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, node)| node)
        .unwrap_or_else(|| panic!("{id:?} is in the tree"))
}

/// The labels of `parent`'s children, in order.
fn labels(tree: &TreeUpdate, parent: NodeId) -> Vec<String> {
    node_at(tree, parent)
        .children()
        .iter()
        .map(|id| node_at(tree, *id).label().unwrap_or_default().to_owned())
        .collect()
}

/// A Click as AccessKit hands it over, turned into our request.
fn click(id: NodeId) -> a11y::Request {
    a11y::Request::from_action(&accesskit::ActionRequest {
        action: Action::Click,
        target_tree: accesskit::TreeId::ROOT,
        target_node: id,
        data: None,
    })
    .unwrap_or_else(|| panic!("{id:?} takes a Click"))
}

fn press(f: &mut support::window::Fixture, id: NodeId) {
    let request = click(id);
    f.apply([Message::Accessibility(request)]);
}

/// The sidebar, compose's other buttons, attachments, Send later and the
/// Outbox's rows, pressed as a screen reader presses them; English, then
/// Arabic (the language is the process's, so one test).
#[test]
fn the_sidebar_compose_buttons_and_outbox_rows_are_read_and_pressed() {
    use hudhud::ui::a11y::RowPart;
    use hudhud::ui::app::Screen;
    let _language = language();
    hudhud::i18n::select(&["en".parse().unwrap()]);
    let mut f = fixture(60);
    let tree = a11y::tree(&f.app);
    assert_eq!(reachable(&tree), tree.nodes.len());
    // The sidebar: a tab per screen, Compose selected.
    let screens = node(&tree, Control::Screens);
    assert_eq!(screens.role(), Role::TabList);
    assert_eq!(
        labels(&tree, Control::Screens.id()),
        ["Compose", "Outbox", "Sent", "Accounts", "Settings"]
    );
    for (control, selected) in [
        (Control::NavCompose, true),
        (Control::NavOutbox, false),
        (Control::NavSettings, false),
    ] {
        let tab = node(&tree, control);
        assert_eq!(tab.role(), Role::Tab);
        assert_eq!(tab.is_selected(), Some(selected), "{control:?}");
        assert!(tab.supports_action(Action::Click));
    }
    assert_eq!(node(&tree, Control::NavOutbox).description(), None);
    // Compose's row of buttons, in the screen's words.
    for (control, label) in [
        (Control::Send, "Send"),
        (Control::SendLater, "Send later…"),
        (Control::Attach, "Attach files…"),
        (Control::Preview, "Preview"),
        (Control::Drafts, "Drafts"),
        (Control::Discard, "Discard"),
    ] {
        let button = node(&tree, control);
        assert_eq!((button.role(), button.label()), (Role::Button, Some(label)));
    }
    assert_eq!(
        node(&tree, Control::Preview).toggled(),
        Some(accesskit::Toggled::False)
    );
    assert!(!has(&tree, Control::DiscardQuestion));
    // The sidebar and compose buttons are widgets with ids: the keyboard
    // can be sent there, and the layout read names them.
    f.interact(|ui| {
        for id in ["nav-compose", "nav-outbox", "send", "attach", "discard"] {
            ui.find(iced_test::selector::id(id))
                .unwrap_or_else(|_| panic!("a widget with the id {id}"));
        }
    });
    assert_eq!(
        f.app
            .update(Message::Accessibility(a11y::Request::Focus(Control::Send))),
        [hudhud::ui::effect::Effect::FocusField(
            iced::widget::Id::new("send")
        )]
    );
    f.apply([Message::Accessibility(a11y::Request::Layout(
        a11y::Layout {
            focused: Some(Control::Send.id()),
            bounds: vec![(
                Control::NavOutbox.id(),
                accesskit::Rect::new(8.0, 80.0, 200.0, 112.0),
            )],
        },
    ))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(tree.focus, Control::Send.id(), "focus follows onto Send");
    assert!(node(&tree, Control::NavOutbox).bounds().is_some());

    // Discard asks first; Keep it keeps the message.
    f.interact(type_into("subject", "Quarterly report"));
    press(&mut f, Control::Discard.id());
    let tree = a11y::tree(&f.app);
    let question = node(&tree, Control::DiscardQuestion);
    assert_eq!(question.role(), Role::Alert);
    assert_eq!(question.live(), Some(Live::Assertive));
    assert_eq!(
        question.label(),
        Some("Discard this message? It cannot be brought back.")
    );
    assert_eq!(node(&tree, Control::KeepDraft).label(), Some("Keep it"));
    press(&mut f, Control::KeepDraft.id());
    assert!(!has(&a11y::tree(&f.app), Control::DiscardQuestion));
    assert_eq!(f.app.compose.subject, "Quarterly report");

    // An attachment: its name, size, Open and Remove; Remove removes it.
    f.apply([Message::Compose(compose::Message::Attached(vec![
        compose::Attachment {
            path: "/home/layla/figures.pdf".into(),
            size: 12_300,
        },
    ]))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(reachable(&tree), tree.nodes.len());
    let list = node(&tree, Control::Attachments);
    assert_eq!(
        (list.role(), list.label()),
        (Role::List, Some("Attachments"))
    );
    let item = node_at(&tree, list.children()[0]);
    assert_eq!(item.role(), Role::ListItem);
    assert_eq!(item.label(), Some("figures.pdf"));
    assert_eq!(item.description(), Some("12 kB"));
    assert_eq!(labels(&tree, list.children()[0]), ["Open", "Remove"]);
    let remove = item.children()[1];
    press(&mut f, remove);
    assert!(f.app.compose.attachments.is_empty());
    assert!(!has(&a11y::tree(&f.app), Control::Attachments));

    // Send later: its presets, the time field and Schedule; a preset
    // fills the field as its button on screen does.
    press(&mut f, Control::SendLater.id());
    let tree = a11y::tree(&f.app);
    assert_eq!(
        node(&tree, Control::SendLater).toggled(),
        Some(accesskit::Toggled::True)
    );
    let presets = node(&tree, Control::Later).children().to_vec();
    assert!(!presets.is_empty());
    assert_eq!(node(&tree, Control::SendAt).label(), Some("Send at"));
    assert!(node(&tree, Control::Schedule).is_disabled(), "no recipient");
    // Typed by the reader, then a preset chosen: the field follows both.
    f.apply([Message::Accessibility(a11y::Request::SetValue(
        Control::SendAt,
        "2031-01-02 09:00".into(),
    ))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(
        node(&tree, Control::SendAt).value(),
        Some("2031-01-02 09:00")
    );
    press(&mut f, presets[0]);
    let tree = a11y::tree(&f.app);
    let at = node(&tree, Control::SendAt)
        .value()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(at, "2031-01-02 09:00", "a preset gives its time");
    assert_eq!(at, f.app.compose.send_at);
    press(&mut f, Control::SendLater.id());
    assert!(!has(&a11y::tree(&f.app), Control::SendAt));

    // Sent: the Outbox's tab says one is waiting; a Click on it shows the
    // Outbox, where the message is a row named by subject and recipients.
    f.apply([Message::Accessibility(a11y::Request::SetValue(
        Control::To,
        "omar@example.org".into(),
    ))]);
    press(&mut f, Control::Send.id());
    assert_eq!(f.outbox().len(), 1);
    let tree = a11y::tree(&f.app);
    assert_eq!(
        node(&tree, Control::NavOutbox).description(),
        Some("1 message waiting")
    );
    assert!(!has(&tree, Control::OutboxRows), "not on this screen");
    press(&mut f, Control::NavOutbox.id());
    assert_eq!(f.app.screen, Screen::Outbox);
    let tree = a11y::tree(&f.app);
    assert_eq!(reachable(&tree), tree.nodes.len());
    assert_eq!(node(&tree, Control::NavOutbox).is_selected(), Some(true));
    assert_eq!(node(&tree, Control::NavCompose).is_selected(), Some(false));
    assert!(!has(&tree, Control::Send), "compose is not shown");
    let rows = node(&tree, Control::OutboxRows);
    assert_eq!((rows.role(), rows.label()), (Role::List, Some("Outbox")));
    assert_eq!(rows.children(), [RowPart::Row.id(0)]);
    let row = node_at(&tree, RowPart::Row.id(0));
    assert_eq!(row.role(), Role::ListItem);
    assert_eq!(
        row.label(),
        Some("Quarterly report, Recipients: omar@example.org")
    );
    let said = row.description().unwrap_or_default();
    assert!(said.starts_with("queued. sends at "), "{said}");
    assert_eq!(
        labels(&tree, RowPart::Row.id(0)),
        ["Send now", "Edit", "Cancel sending"]
    );
    // The row's buttons are widgets with ids too: the reader can send the
    // keyboard to Cancel sending, and follows it there.
    let cancel = RowPart::Action(2).id(0);
    let id = a11y::row_widget(0, RowPart::Action(2));
    f.interact(|ui| {
        ui.find(iced_test::selector::id(id.clone()))
            .expect("Cancel sending has its id on screen");
    });
    let focus = a11y::Request::from_action(&accesskit::ActionRequest {
        action: Action::Focus,
        target_tree: accesskit::TreeId::ROOT,
        target_node: cancel,
        data: None,
    })
    .expect("a row's button takes Focus");
    assert!(node_at(&tree, cancel).supports_action(Action::Focus));
    assert_eq!(
        f.app.update(Message::Accessibility(focus)),
        [hudhud::ui::effect::Effect::FocusField(id.into())]
    );
    f.apply([Message::Accessibility(a11y::Request::Layout(
        a11y::Layout {
            focused: Some(cancel),
            bounds: Vec::new(),
        },
    ))]);
    assert_eq!(a11y::tree(&f.app).focus, cancel);
    // Compose's buttons do nothing while compose is not shown.
    press(&mut f, Control::Discard.id());
    assert_eq!(f.app.compose.subject, "", "sent: the editor was emptied");

    // Cancel sending asks; "Don’t send it" takes the message out.
    press(&mut f, RowPart::Action(2).id(0));
    let tree = a11y::tree(&f.app);
    let question = node_at(&tree, RowPart::Question.id(0));
    assert_eq!(question.role(), Role::Alert);
    assert_eq!(
        question.label(),
        Some("Take this message out of the outbox? It will not be sent.")
    );
    assert_eq!(
        labels(&tree, RowPart::Row.id(0))[3..],
        [
            "Take this message out of the outbox? It will not be sent.",
            "Don’t send it",
            "Keep it"
        ]
    );
    assert_eq!(f.outbox().len(), 1, "not before the answer");
    press(&mut f, RowPart::Yes.id(0));
    assert!(f.outbox().is_empty(), "taken out of the outbox");
    let tree = a11y::tree(&f.app);
    assert!(node(&tree, Control::OutboxRows).children().is_empty());
    assert_eq!(
        node(&tree, Control::OutboxRows).description(),
        Some("Nothing waiting: every message has gone out.")
    );

    // A failed message says so, and why.
    let mut failed = queued_entry(&mut f);
    failed.state = hudhud::outbox::State::Failed;
    failed.attempts = 2;
    let error = hudhud::smtp::SmtpError::new(
        hudhud::smtp::ErrorKind::Config,
        hudhud::smtp::Problem::NoStartTls,
    );
    failed.last_error = Some(error.clone());
    f.app.outbox = vec![failed];
    let tree = a11y::tree(&f.app);
    let said = node_at(&tree, RowPart::Row.id(0))
        .description()
        .unwrap_or_default()
        .to_owned();
    assert!(said.starts_with("failed. "), "{said}");
    assert!(said.contains(&error.to_string()), "{said}");
    assert!(said.contains("2 attempts"), "{said}");
    assert_eq!(
        node(&tree, Control::NavOutbox).description(),
        Some("1 message failed")
    );

    // What the tree costs with a long Outbox.
    let one = f.app.outbox[0].clone();
    f.app.outbox = (0..200)
        .map(|i| {
            let mut entry = one.clone();
            entry.id = format!("{}-{i}", one.id);
            entry.subject = format!("Message {i}");
            entry
        })
        .collect();
    let started = std::time::Instant::now();
    let tree = a11y::tree(&f.app);
    let took = started.elapsed();
    assert_eq!(reachable(&tree), tree.nodes.len());
    assert_eq!(node(&tree, Control::OutboxRows).children().len(), 200);
    eprintln!(
        "tree() with 200 outbox rows: {} nodes in {took:?}",
        tree.nodes.len()
    );

    // In Arabic: the sidebar, the buttons and the rows in Arabic.
    hudhud::i18n::select(&["ar".parse().unwrap()]);
    let mut f = fixture(60);
    let tree = a11y::tree(&f.app);
    assert_eq!(
        labels(&tree, Control::Screens.id()),
        [
            "رسالة جديدة",
            "صندوق الصادر",
            "المرسلة",
            "الحسابات",
            "الإعدادات"
        ]
    );
    assert_eq!(node(&tree, Control::Screens).label(), Some("الشاشات"));
    assert_eq!(node(&tree, Control::Attach).label(), Some("إرفاق ملفات…"));
    assert_eq!(node(&tree, Control::Discard).label(), Some("تجاهل"));
    f.apply([Message::Compose(compose::Message::Attached(vec![
        compose::Attachment {
            path: "/home/layla/تقرير.pdf".into(),
            size: 12_300,
        },
    ]))]);
    let tree = a11y::tree(&f.app);
    assert_eq!(node(&tree, Control::Attachments).label(), Some("المرفقات"));
    let item = node(&tree, Control::Attachments).children()[0];
    assert_eq!(node_at(&tree, item).label(), Some("تقرير.pdf"));
    assert_eq!(labels(&tree, item), ["فتح", "إزالة"]);
    f.apply([Message::Compose(compose::Message::RemoveAttachment(0))]);
    for (control, value) in [
        (Control::To, "omar@example.org"),
        (Control::Subject, "التقرير"),
    ] {
        f.apply([Message::Accessibility(a11y::Request::SetValue(
            control,
            value.into(),
        ))]);
    }
    press(&mut f, Control::Send.id());
    press(&mut f, Control::NavOutbox.id());
    let tree = a11y::tree(&f.app);
    let row = node_at(&tree, RowPart::Row.id(0));
    assert_eq!(row.label(), Some("التقرير، المستلمون: omar@example.org"));
    assert!(
        row.description()
            .unwrap_or_default()
            .starts_with("في الطابور"),
        "{row:?}"
    );
    press(&mut f, RowPart::Action(2).id(0));
    let tree = a11y::tree(&f.app);
    assert_eq!(
        labels(&tree, RowPart::Row.id(0))[4..],
        ["لا تُرسلها", "أبقِها"]
    );
    press(&mut f, RowPart::Yes.id(0));
    assert!(f.outbox().is_empty());
    hudhud::i18n::select(&["en".parse().unwrap()]);
}

/// A queued entry to shape into other states (the spool's own record).
fn queued_entry(f: &mut support::window::Fixture) -> Entry {
    f.app.screen = hudhud::ui::app::Screen::Compose;
    f.apply([
        Message::Accessibility(a11y::Request::SetValue(
            Control::To,
            "omar@example.org".into(),
        )),
        Message::Compose(compose::Message::Subject("Figures".into())),
        Message::Accessibility(a11y::Request::Click(Control::Send)),
    ]);
    let entry = f.outbox().into_iter().next().expect("queued");
    f.app.screen = hudhud::ui::app::Screen::Outbox;
    entry
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The tools, or None (and a failure when CI requires them).
fn tools_or_skip(extra: &[&str]) -> Option<()> {
    let mut missing: Vec<&str> = ["Xvfb", "dbus-daemon"]
        .into_iter()
        .chain(extra.iter().copied())
        .filter(|t| !have(t))
        .collect();
    if !Path::new(BUS_LAUNCHER).exists() {
        missing.push(BUS_LAUNCHER);
    }
    if missing.is_empty() {
        return Some(());
    }
    assert!(
        std::env::var_os("HUDHUD_REQUIRE_XVFB").is_none(),
        "missing for the screen reader test: {missing:?} (apt-get install xvfb dbus at-spi2-core)"
    );
    eprintln!("skipped: {missing:?} not installed");
    None
}

/// Processes that end with the test, even when it fails.
struct Procs(Vec<Child>);

impl Drop for Procs {
    /// Asked to end first (SIGTERM): the AT-SPI bus launcher then ends the
    /// bus it started, which a SIGKILL leaves running.
    fn drop(&mut self) {
        for child in self.0.iter_mut().rev() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(2);
            while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `command`, reads the first line it prints (an address, a
/// display number), keeps it running.
fn first_line(procs: &mut Procs, mut command: Command) -> String {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    procs.0.push(child);
    line.trim().to_owned()
}

/// An X server of the test's own (support::xvfb), kept with the others.
fn xvfb(procs: &mut Procs) -> String {
    format!(
        ":{}",
        first_line(procs, support::xvfb::command("1000x680x24"))
    )
}

/// A profile with one account nobody answers for (port 9) and a long undo
/// time: what is sent stays queued in the outbox.
fn profile(dir: &Path) -> (PathBuf, PathBuf) {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[settings]\ndefault_account = \"work\"\nundo_delay_secs = 60\nretry_first_secs = 300\n\n\
         [[account]]\nname = \"work\"\ndisplay_name = \"Layla Haddad\"\n\
         email = \"layla@example.com\"\nhost = \"127.0.0.1\"\nport = 9\n\
         security = \"none\"\nauth = \"none\"\n",
    )
    .unwrap();
    (config, dir.join("data"))
}

fn queued(data: &Path) -> Vec<Entry> {
    Spool::open(data)
        .map(|s| s.list(Folder::Outbox))
        .unwrap_or_default()
}

fn wait_for<T>(what: &str, seconds: u64, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(found) = f() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An object on the accessibility bus: (bus name, object path).
type Object = (String, zbus::zvariant::OwnedObjectPath);

struct Atspi {
    bus: zbus::blocking::Connection,
}

impl Atspi {
    fn call<B, R>(
        &self,
        object: &Object,
        interface: &str,
        method: &str,
        body: &B,
    ) -> zbus::Result<R>
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
        R: for<'d> zbus::zvariant::DynamicDeserialize<'d>,
    {
        let reply = self.bus.call_method(
            Some(object.0.as_str()),
            object.1.as_str(),
            Some(interface),
            method,
            body,
        )?;
        reply.body().deserialize()
    }

    /// The name; empty for an object gone since it was listed (a screen
    /// changed during a walk).
    fn name(&self, object: &Object) -> String {
        self.call::<_, zbus::zvariant::OwnedValue>(
            object,
            "org.freedesktop.DBus.Properties",
            "Get",
            &("org.a11y.atspi.Accessible", "Name"),
        )
        .ok()
        .and_then(|value| String::try_from(value).ok())
        .unwrap_or_default()
    }

    fn children(&self, object: &Object) -> Vec<Object> {
        self.call(object, "org.a11y.atspi.Accessible", "GetChildren", &())
            .unwrap_or_default()
    }

    /// The role by its number (AccessKit answers GetRole, as Orca asks;
    /// the names are AT-SPI's).
    fn role(&self, object: &Object) -> String {
        let Ok(role) = self.call::<_, u32>(object, "org.a11y.atspi.Accessible", "GetRole", &())
        else {
            return "gone".into();
        };
        match role {
            2 => "alert".into(),
            11 => "combo box".into(),
            23 => "frame".into(),
            31 => "list".into(),
            37 => "page tab".into(),
            38 => "page tab list".into(),
            39 => "panel".into(),
            43 => "push button".into(),
            54 => "status bar".into(),
            75 => "application".into(),
            79 => "entry".into(),
            other => other.to_string(),
        }
    }

    /// AT-SPI's state set: ENABLED is bit 8.
    fn enabled(&self, object: &Object) -> bool {
        let states: Vec<u32> = self
            .call(object, "org.a11y.atspi.Accessible", "GetState", &())
            .unwrap();
        states.first().is_some_and(|low| low & (1 << 8) != 0)
    }

    /// FOCUSED is bit 12 of the state set.
    fn focused(&self, object: &Object) -> bool {
        self.state(object, 12)
    }

    /// SELECTED is bit 23.
    fn selected(&self, object: &Object) -> bool {
        self.state(object, 23)
    }

    /// Bit `bit` (below 32) of the state set; false once the object is gone.
    fn state(&self, object: &Object, bit: u32) -> bool {
        let states: Vec<u32> = self
            .call(object, "org.a11y.atspi.Accessible", "GetState", &())
            .unwrap_or_default();
        states.first().is_some_and(|low| low & (1 << bit) != 0)
    }

    fn press(&self, object: &Object) {
        let pressed: bool = self
            .call(object, "org.a11y.atspi.Action", "DoAction", &(0i32,))
            .unwrap();
        assert!(pressed, "DoAction refused");
    }

    /// The place on screen (x, y, width, height), window coordinates.
    /// (Only once the window has read the places: the first tree has none.)
    fn extents(&self, object: &Object) -> Option<(i32, i32, i32, i32)> {
        self.call(object, "org.a11y.atspi.Component", "GetExtents", &(1u32,))
            .ok()
    }

    fn text(&self, object: &Object) -> String {
        self.call(object, "org.a11y.atspi.Text", "GetText", &(0i32, -1i32))
            .unwrap()
    }

    /// Everything under `root`, as (name, role, object), depth first.
    fn walk(&self, root: &Object) -> Vec<(String, String, Object)> {
        let mut found = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(object) = stack.pop() {
            let children = self.children(&object);
            found.push((self.name(&object), self.role(&object), object));
            stack.extend(children.into_iter().rev());
        }
        found
    }
}

/// The window on a private session bus with AT-SPI enabled, as a desktop
/// with Orca running has it: the registry lists the application, its
/// window and the compose controls by their names and roles; the fields
/// are filled through EditableText and Send is pressed through the Action
/// interface, and the message is in the outbox.
#[test]
fn orca_finds_fills_and_sends_the_compose_window_over_atspi() {
    if tools_or_skip(&["xdotool"]).is_none() {
        return;
    }
    fill_and_send(ReaderStarts::BeforeTheWindow, &ENGLISH);
}

/// Orca started after the window (its start on login is the other test,
/// which accesskit_unix 0.18–0.21.1 missed): the window notices
/// accessibility being turned on and registers then. In Arabic: the names
/// on the bus are the Arabic labels.
#[test]
fn a_screen_reader_started_after_the_window_finds_it() {
    if tools_or_skip(&["xdotool"]).is_none() {
        return;
    }
    fill_and_send(ReaderStarts::AfterTheWindow, &ARABIC);
}

#[derive(PartialEq)]
enum ReaderStarts {
    BeforeTheWindow,
    AfterTheWindow,
}

/// What the window is called and says, in one language.
struct Names {
    lang: &'static str,
    window: &'static str,
    from: &'static str,
    to: &'static str,
    subject: &'static str,
    body: &'static str,
    show_cc: &'static str,
    send: &'static str,
    sending: &'static str,
    outbox: &'static str,
    cancel: &'static str,
    yes: &'static str,
}

const ENGLISH: Names = Names {
    lang: "en",
    window: "Hudhud",
    from: "From",
    to: "To",
    subject: "Subject",
    body: "Message",
    show_cc: "Cc / Bcc",
    send: "Send",
    sending: "Sending in 60 seconds",
    outbox: "Outbox",
    cancel: "Cancel sending",
    yes: "Don’t send it",
};

const ARABIC: Names = Names {
    lang: "ar",
    window: "هدهد",
    from: "من",
    to: "إلى",
    subject: "الموضوع",
    body: "نص الرسالة",
    show_cc: "نسخة / نسخة مخفية",
    send: "إرسال",
    sending: "يُرسل بعد 60 ثانية",
    outbox: "صندوق الصادر",
    cancel: "إلغاء الإرسال",
    yes: "لا تُرسلها",
};

fn fill_and_send(reader: ReaderStarts, names: &Names) {
    let dir = tempfile::tempdir().unwrap();
    let (config, data) = profile(dir.path());
    let mut procs = Procs(Vec::new());
    let display = xvfb(&mut procs);
    let mut command = Command::new("dbus-daemon");
    command.args(["--session", "--nofork", "--print-address=1"]);
    let session = first_line(&mut procs, command);
    // The launcher puts its bus's socket in the runtime directory, else
    // in ~/.cache/at-spi/bus for every launcher of the user: two tests at
    // once (or another program's) would take each other's bus.
    let runtime = dir.path().join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    std::fs::set_permissions(
        &runtime,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let mut command = Command::new(BUS_LAUNCHER);
    command
        .arg("--launch-immediately")
        .env("DBUS_SESSION_BUS_ADDRESS", &session)
        .env_remove("AT_SPI_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("DISPLAY", &display);
    procs.0.push(
        command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the AT-SPI bus launcher starts"),
    );
    let session_bus = zbus::blocking::connection::Builder::address(session.as_str())
        .unwrap()
        .build()
        .unwrap();
    let launcher: Object = ("org.a11y.Bus".into(), "/org/a11y/bus".try_into().unwrap());
    let address: String = wait_for("the AT-SPI bus", 10, || {
        let reply = session_bus
            .call_method(
                Some("org.a11y.Bus"),
                "/org/a11y/bus",
                Some("org.a11y.Bus"),
                "GetAddress",
                &(),
            )
            .ok()?;
        reply.body().deserialize::<String>().ok()
    });
    // What Orca does when it starts.
    let enable = || {
        session_bus
            .call_method(
                Some(launcher.0.as_str()),
                launcher.1.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Set",
                &(
                    "org.a11y.Status",
                    "IsEnabled",
                    zbus::zvariant::Value::from(true),
                ),
            )
            .unwrap();
    };
    if reader == ReaderStarts::BeforeTheWindow {
        enable();
    }
    let atspi = Atspi {
        bus: zbus::blocking::connection::Builder::address(address.as_str())
            .unwrap()
            .build()
            .unwrap(),
    };

    let started = Instant::now();
    procs.0.push(
        Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &session)
            .env_remove("AT_SPI_BUS_ADDRESS")
            .env_remove("WAYLAND_DISPLAY")
            .env("HUDHUD_LANG", names.lang)
            .env("HUDHUD_CONFIG_DIR", &config)
            .env("HUDHUD_DATA_DIR", &data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("hudhud starts"),
    );
    if reader == ReaderStarts::AfterTheWindow {
        // The window up and idle, then the reader.
        std::thread::sleep(Duration::from_secs(2));
        enable();
    }
    let registry: Object = (
        "org.a11y.atspi.Registry".into(),
        "/org/a11y/atspi/accessible/root".try_into().unwrap(),
    );
    // The application, once its tree has the compose screen in it.
    let app = wait_for("hudhud in the AT-SPI registry", 30, || {
        let app = atspi
            .children(&registry)
            .into_iter()
            .find(|app| atspi.name(app) == "hudhud")?;
        atspi
            .walk(&app)
            .iter()
            .any(|(name, _, _)| name == names.send)
            .then_some(app)
    });
    let listed_after = started.elapsed();
    let walk_started = Instant::now();
    let nodes = atspi.walk(&app);
    let walk_took = walk_started.elapsed();
    eprintln!(
        "registered {listed_after:?} after start; walk of {} objects took {walk_took:?}",
        nodes.len()
    );
    let find = |name: &str, role: &str| -> Object {
        nodes
            .iter()
            .find(|(n, r, _)| n == name && r == role)
            .map(|(_, _, object)| object.clone())
            .unwrap_or_else(|| {
                let seen: Vec<(&String, &String)> = nodes.iter().map(|(n, r, _)| (n, r)).collect();
                panic!("no {role} named {name:?} in {seen:?}")
            })
    };
    find(names.window, "frame");
    find(names.from, "combo box");
    let to = find(names.to, "entry");
    let subject = find(names.subject, "entry");
    let body = find(names.body, "entry");
    find(names.show_cc, "push button");
    let send = find(names.send, "push button");
    assert!(
        !atspi.enabled(&send),
        "nothing to send yet: Send is disabled"
    );

    // Where the fields are, as the window laid them out: Subject below To,
    // the body below Subject and taller.
    let (to_at, subject_at, body_at) = wait_for("the fields' places", 10, || {
        Some((
            atspi.extents(&to)?,
            atspi.extents(&subject)?,
            atspi.extents(&body)?,
        ))
    });
    assert!(
        to_at.1 < subject_at.1 && subject_at.1 < body_at.1 && body_at.3 > subject_at.3 * 3,
        "{to_at:?} {subject_at:?} {body_at:?}"
    );
    // The window manager gives the window the keyboard (Xvfb has none).
    let window = wait_for("the X window", 10, || {
        let out = Command::new("xdotool")
            .env("DISPLAY", &display)
            .args(["search", "--class", "org.hudhud.Hudhud"])
            .output()
            .ok()?;
        let ids = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        ids.lines().last().map(str::to_owned)
    });
    let focused = Command::new("xdotool")
        .env("DISPLAY", &display)
        .args(["windowfocus", "--sync", &window])
        .status()
        .unwrap();
    assert!(focused.success());
    // Orca moves the keyboard (GrabFocus); the window says where it is.
    let grabbed: bool = atspi
        .call(&subject, "org.a11y.atspi.Component", "GrabFocus", &())
        .unwrap();
    assert!(grabbed);
    wait_for("Subject to have the keyboard", 10, || {
        atspi.focused(&subject).then_some(())
    });
    assert!(!atspi.focused(&to));
    // Tab, pressed on the keyboard, moves on to the body: Orca is told.
    let tab = Command::new("xdotool")
        .env("DISPLAY", &display)
        .args(["key", "--window", &window, "Tab"])
        .status()
        .unwrap();
    assert!(tab.success());
    wait_for("the body to have the keyboard after Tab", 10, || {
        atspi.focused(&body).then_some(())
    });
    assert!(!atspi.focused(&subject));

    for (field, value) in [
        (&to, "omar@example.org"),
        (&subject, "Read by a screen reader"),
        (&body, "Hello Omar,\nsent from AT-SPI.\n"),
    ] {
        let set: bool = atspi
            .call(
                field,
                "org.a11y.atspi.EditableText",
                "SetTextContents",
                &(value,),
            )
            .unwrap();
        assert!(set, "SetTextContents({value:?}) was refused");
    }
    // The values come back from the window's own state.
    wait_for("the fields to show what was set", 10, || {
        (atspi.text(&to) == "omar@example.org"
            && atspi.text(&subject) == "Read by a screen reader"
            && atspi.enabled(&send))
        .then_some(())
    });
    // Tab from the body goes on to Send, the first of the buttons under
    // it: the reader follows onto the button (it has a widget id).
    assert!(atspi.focused(&body));
    let tab = Command::new("xdotool")
        .env("DISPLAY", &display)
        .args(["key", "--window", &window, "Tab"])
        .status()
        .unwrap();
    assert!(tab.success());
    wait_for("Send to have the keyboard after Tab", 10, || {
        atspi.focused(&send).then_some(())
    });
    assert!(!atspi.focused(&body));
    assert!(
        atspi
            .extents(&send)
            .is_some_and(|(_, y, _, h)| y > body_at.1 && h > 0),
        "Send's place is known: under the body"
    );
    let announced = announcements(&atspi.bus);
    atspi.press(&send);
    let entry = wait_for("the message in the outbox", 10, || {
        queued(&data).into_iter().next()
    });
    assert_eq!(entry.subject, "Read by a screen reader");
    assert_eq!(entry.envelope_to, ["omar@example.org"]);
    // Sent: the fields are empty again, and the reader is told, politely.
    wait_for("the emptied form", 10, || {
        atspi.text(&to).is_empty().then_some(())
    });
    let (said, politeness) = announced
        .recv_timeout(Duration::from_secs(10))
        .expect("an announcement after Send");
    assert_eq!(said, names.sending);
    assert_eq!(politeness, 1, "polite");

    // To the Outbox by its tab in the sidebar; the message's row, found by
    // its name; Cancel sending, then the answer that takes it out.
    let nodes = atspi.walk(&app);
    let tab = nodes
        .iter()
        .find(|(n, r, _)| n == names.outbox && r == "page tab")
        .map(|(_, _, o)| o.clone())
        .expect("the Outbox tab in the sidebar");
    assert!(!atspi.selected(&tab), "compose is the screen shown");
    atspi.press(&tab);
    let row = wait_for("the message's row in the Outbox", 10, || {
        atspi
            .walk(&app)
            .into_iter()
            .find(|(n, _, _)| {
                n.starts_with("Read by a screen reader") && n.contains("omar@example.org")
            })
            .map(|(_, _, o)| o)
    });
    assert!(atspi.selected(&tab), "the Outbox tab is the selected one");
    let button = |name: &str| {
        atspi
            .walk(&row)
            .into_iter()
            .find(|(n, r, _)| n == name && r == "push button")
            .map(|(_, _, o)| o)
    };
    let cancel = button(names.cancel).expect("Cancel sending in the row");
    // Orca moves the keyboard onto the row's button: the window says so.
    wait_for("Cancel sending's place", 10, || atspi.extents(&cancel));
    let grabbed: bool = atspi
        .call(&cancel, "org.a11y.atspi.Component", "GrabFocus", &())
        .unwrap();
    assert!(grabbed);
    wait_for("Cancel sending to have the keyboard", 10, || {
        atspi.focused(&cancel).then_some(())
    });
    atspi.press(&cancel);
    let yes = wait_for("the question's answer", 10, || button(names.yes));
    assert_eq!(
        queued(&data).len(),
        1,
        "nothing taken out before the answer"
    );
    atspi.press(&yes);
    wait_for("the message to leave the outbox", 10, || {
        queued(&data).is_empty().then_some(())
    });
}

/// What the window announces (AT-SPI's object:announcement, as Orca
/// hears it): the text and the politeness (1 polite, 2 assertive).
fn announcements(bus: &zbus::blocking::Connection) -> std::sync::mpsc::Receiver<(String, i32)> {
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("org.a11y.atspi.Event.Object")
        .unwrap()
        .member("Announcement")
        .unwrap()
        .build();
    let messages = zbus::blocking::MessageIterator::for_match_rule(rule, bus, Some(16)).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for message in messages.flatten() {
            type Body = (
                String,
                i32,
                i32,
                zbus::zvariant::OwnedValue,
                HashMap<String, zbus::zvariant::OwnedValue>,
            );
            if let Ok((_, politeness, _, said, _)) = message.body().deserialize::<Body>() {
                let said = String::try_from(said).unwrap_or_default();
                if tx.send((said, politeness)).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// No session bus at all (and so no accessibility bus): the window opens
/// and works as before — a draft from a mailto: link is sent with a click
/// on Send and reaches the outbox.
#[test]
fn the_window_works_without_any_dbus() {
    if tools_or_skip(&["xdotool"]).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (config, data) = profile(dir.path());
    let mut procs = Procs(Vec::new());
    let display = xvfb(&mut procs);
    procs.0.push(
        Command::new(env!("CARGO_BIN_EXE_hudhud"))
            .arg("mailto:omar@example.org?subject=No%20bus&body=Hello")
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("AT_SPI_BUS_ADDRESS", "unix:path=/nonexistent/a11y")
            .env_remove("WAYLAND_DISPLAY")
            .env("HUDHUD_LANG", "en")
            .env("HUDHUD_CONFIG_DIR", &config)
            .env("HUDHUD_DATA_DIR", &data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("hudhud starts"),
    );
    let xdotool = |args: &[&str]| {
        Command::new("xdotool")
            .env("DISPLAY", &display)
            .args(args)
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    wait_for("the window", 20, || {
        xdotool(&["search", "--class", "org.hudhud.Hudhud"]).filter(|ids| !ids.is_empty())
    });
    std::thread::sleep(Duration::from_secs(1));
    // Send, at the start of the action row of a 1000x680 English window.
    let entry = wait_for("Send to queue the message", 20, || {
        xdotool(&["mousemove", "274", "647", "click", "1"]);
        std::thread::sleep(Duration::from_millis(500));
        queued(&data).into_iter().next()
    });
    assert_eq!(entry.subject, "No bus");
    let still_running = procs.0.last_mut().unwrap().try_wait().unwrap().is_none();
    assert!(still_running, "the window closed by itself");
}
